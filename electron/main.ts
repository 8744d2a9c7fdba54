import path from 'node:path';
import { app, BrowserWindow, powerMonitor, shell } from 'electron';
import { systemClock } from './clock';
import { createFileLogger } from './log';
import { createServices } from './services';
import { createNodeNotifier } from './node-notifier';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './app/protocol';
import { hardenSession } from './app/security';
import { createMainWindow, type MainWindow } from './app/window';
import { createTray } from './app/tray';
import { wireIpc } from './app/ipc';
import { createElectronStore, createSecretBox } from './app/platform';
import { copyText, printToPdf, saveWithDialog } from './app/files';

// Composition root: build the services with Electron-backed dependencies and wire them to the edge.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  const dataDir = app.getPath('userData');
  const log = createFileLogger(dataDir, !app.isPackaged);
  hardenSession();
  serveRenderer(path.join(__dirname, '../renderer'));

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
    appOrigin: APP_ORIGIN,
    notifier: createNodeNotifier({ appName: 'Baton', icon: path.join(__dirname, '../../assets/icon.png') }),
    saveFile: saveWithDialog,
    copyText,
    printToPdf,
  });
  // After sleep the clock has jumped: shifts, reminders and polls re-evaluate with the true time.
  powerMonitor.on('resume', () => services.resume());
  powerMonitor.on('unlock-screen', () => services.resume());

  let main: MainWindow | null = null;
  const getWindow = (): BrowserWindow | null => main?.window ?? null;
  wireIpc(services.dispatch, services.hub, getWindow);
  main = createMainWindow(path.join(__dirname, '../preload/preload.cjs'), `${APP_ORIGIN}/index.html`, APP_ORIGIN);
  main.window.once('ready-to-show', () => main?.show());

  const quit = () => {
    main?.allowClose();
    app.quit();
  };
  const tray = createTray(
    path.join(__dirname, '../../assets'),
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
  app.on('will-quit', () => {
    tray.destroy();
    void services.dispose();
  });
}
