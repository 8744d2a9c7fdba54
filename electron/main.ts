import { app, dialog, powerMonitor, shell, type BrowserWindow } from 'electron';
import { systemClock } from './clock';
import { createFileLogger } from './log';
import { createServices } from './services';
import { createDesktopNotifier } from './notify/desktop';
import { APP_ENTRY } from './origin';
import { registerAppScheme, serveRenderer } from './app/protocol';
import { hardenSession } from './app/security';
import { createMainWindow, type MainWindow } from './app/window';
import { createTray } from './app/tray';
import { createTrayPopover, type TrayPopover } from './app/popover';
import { wireIpc } from './app/ipc';
import { appPaths } from './app/paths';
import { createElectronStore, createSecretBox } from './app/platform';
import { DESKTOP_ENTRY, settleIntoPlatform } from './app/identity';
import { watchPower } from './app/power';
import { copyText, pickWithDialog, printToPdf, saveWithDialog } from './app/files';
import { loginItemFor, startedAtLogin } from './app/login-item';
import { linksIn, registerLinkScheme } from './app/links';
import { electronUpdater } from './app/updater';
import { errorText } from '../shared/errors';

// Composition root: build the services with Electron-backed dependencies and wire them to the edge.
/** The command line Baton was started with (the login entry adds `--hidden`; a link may follow). */
const launchArgs = [...process.argv];
/** `baton://` links that came before the window could show them (the start's own, macOS open-url before ready). */
const waitingLinks: string[] = linksIn(launchArgs);
let openLink = (url: string): void => void waitingLinks.push(url);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  settleIntoPlatform(app, process.platform);
  registerAppScheme();
  // macOS hands links to the running app (and to a starting one, before ready) as open-url.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    openLink(url);
  });
  app.whenReady().then(start).catch(failToStart);
}

async function start(): Promise<void> {
  const dataDir = app.getPath('userData');
  const paths = appPaths(__dirname);
  const log = createFileLogger(dataDir, !app.isPackaged);
  hardenSession();
  serveRenderer(paths.renderer);

  let main: MainWindow | null = null;
  let popover: TrayPopover | null = null;
  const getWindow = (): BrowserWindow | null => main?.window ?? null;
  /** Made when first asked for, then kept (hidden) for the next time. */
  const trayPopover = () => (popover ??= createTrayPopover(paths.preload, APP_ENTRY));
  const showMain = () => {
    popover?.hide();
    main?.show();
  };
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
    notifier: createDesktopNotifier({
      appName: 'Baton',
      icon: paths.notificationIcon,
      log,
      busAddress: process.env.DBUS_SESSION_BUS_ADDRESS,
      desktopEntry: DESKTOP_ENTRY,
    }),
    loginItem: loginItemFor(app, process.platform, process.env),
    updater: electronUpdater({ log, isPackaged: app.isPackaged, platform: process.platform, env: process.env }),
    saveFile: saveWithDialog,
    pickPath: pickWithDialog(getWindow),
    copyText,
    printToPdf,
    // The packaged app skips re-validating every state event against the contract (a cost that grew
    // with open pages); development runs keep the check, as the tests do.
    checkContract: !app.isPackaged,
    showWindow: showMain,
  });
  // Sleep opens a coverage gap; after it the clock has jumped: shifts, reminders and polls re-evaluate.
  watchPower(powerMonitor, services);

  wireIpc(services.dispatch, services.hub, () => [main?.window, popover?.window].filter((w): w is BrowserWindow => w !== undefined));
  main = createMainWindow(paths.preload, APP_ENTRY);
  // Started at login: Baton waits in the tray; otherwise the window shows once it has painted.
  const hidden = startedAtLogin(app, process.platform, launchArgs);
  main.window.once('ready-to-show', () => {
    if (!hidden) main?.show();
    // The window can follow links now: the ones that came with the start first.
    openLink = (url) => void services.openLink(url);
    for (const url of waitingLinks.splice(0)) openLink(url);
  });
  if (!registerLinkScheme(app, launchArgs)) log.warn('links: the OS did not take Baton as the handler of baton:// links');

  const quit = () => {
    main?.allowClose();
    app.quit();
  };
  const tray = createTray(
    paths.assets,
    (action) => services.trayAction(action, { showWindow: showMain, showPopover: () => trayPopover().show(), quit }),
    // A click on the icon opens the popover by it.
    (bounds) => trayPopover().toggle(bounds),
  );
  // Redrawn only when what it shows changes, not on every state change (sync progress, the log).
  services.onTrayChange((model) => tray.render(model));

  // A second start (Windows, Linux: also a clicked baton:// link) goes to the running Baton.
  app.on('second-instance', (_event, argv) => {
    const links = linksIn(argv);
    if (links.length === 0) return showMain();
    for (const url of links) openLink(url);
  });
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
