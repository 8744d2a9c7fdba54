import { app, dialog, powerMonitor, shell, type BrowserWindow } from 'electron';
import { systemClock } from './clock';
import { createFileLogger } from './log';
import { createServices } from './services';
import { createNodeNotifier } from './node-notifier';
import { APP_ENTRY } from './origin';
import { registerAppScheme, serveRenderer } from './app/protocol';
import { hardenSession } from './app/security';
import { createMainWindow, type MainWindow } from './app/window';
import { createTray } from './app/tray';
import { wireIpc } from './app/ipc';
import { appPaths } from './app/paths';
import { createElectronStore, createSecretBox } from './app/platform';
import { settleIntoPlatform } from './app/identity';
import { watchPower } from './app/power';
import { copyText, pickWithDialog, printToPdf, saveWithDialog } from './app/files';
import { errorText } from '../shared/errors';

// Composition root: build the services with Electron-backed dependencies and wire them to the edge.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  settleIntoPlatform(app, process.platform);
  registerAppScheme();
  app.whenReady().then(start).catch(failToStart);
}

async function start(): Promise<void> {
  const dataDir = app.getPath('userData');
  const paths = appPaths(__dirname);
  const log = createFileLogger(dataDir, !app.isPackaged);
  hardenSession();
  serveRenderer(paths.renderer);

  let main: MainWindow | null = null;
  const getWindow = (): BrowserWindow | null => main?.window ?? null;
  const services = await createServices({
    dataDir,
    clock: systemClock,
    log,
    createSettingsStore: createElectronStore,
    secretBox: createSecretBox(dataDir, (m) => log.warn(m)),
    openExternal: (url) => shell.openExternal(url),
    appInfo: {
      version: app.getVersion(),
      platform: process.platform,
      systemTimeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    },
    notifier: createNodeNotifier({ appName: 'Baton', icon: paths.notificationIcon }),
    saveFile: saveWithDialog,
    pickPath: pickWithDialog(getWindow),
    copyText,
    printToPdf,
    // The packaged app skips re-validating every state event against the contract (a cost that grew
    // with open pages); development runs keep the check, as the tests do.
    checkContract: !app.isPackaged,
  });
  // Sleep opens a coverage gap; after it the clock has jumped: shifts, reminders and polls re-evaluate.
  watchPower(powerMonitor, services);

  wireIpc(services.dispatch, services.hub, getWindow);
  main = createMainWindow(paths.preload, APP_ENTRY);
  main.window.once('ready-to-show', () => main?.show());

  const quit = () => {
    main?.allowClose();
    app.quit();
  };
  const tray = createTray(
    paths.assets,
    (action) => services.trayAction(action, { showWindow: () => main?.show(), quit }),
    () => main?.toggle(),
  );
  // Redrawn only when what it shows changes, not on every state change (sync progress, the log).
  services.onTrayChange((model) => tray.render(model));

  app.on('second-instance', () => main?.show());
  app.on('window-all-closed', () => {
    // Stay in the tray.
  });
  app.on('before-quit', () => main?.allowClose());
  // Quit waits for the services to close (polls stopped, journal flushed and closed), then exits.
  let closing = false;
  app.on('will-quit', (event) => {
    event.preventDefault();
    if (closing) return;
    closing = true;
    tray.destroy();
    services
      .dispose()
      .catch((error: unknown) => log.error('quit: the services did not close cleanly', error))
      .finally(() => app.exit(0));
  });
}

/** A pager that cannot start must say so, not linger as a process with no window and no tray. */
function failToStart(error: unknown): void {
  const reason = errorText(error);
  dialog.showErrorBox(
    'Baton could not start',
    `${reason}\n\nBaton keeps its settings and log in ${app.getPath('userData')}. Check that this folder exists, is writable and that the disk has free space, then start Baton again.`,
  );
  app.exit(1);
}
