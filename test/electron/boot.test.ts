import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { channels, wire, type Envelope } from '../../shared/contract';
import { APP_ENTRY, APP_ORIGIN } from '../../electron/origin';
import { appPaths } from '../../electron/app/paths';
import { MIN_HEIGHT, MIN_WIDTH, POPOVER_REOPEN_AFTER_MS, POPOVER_SIZE } from '../../electron/window-layout';
import { bootBuiltApp, MAIN_BUNDLE, ROOT, type BootedApp } from './stand-in/boot';
import { until } from '../helpers/wait';
import { tempDir } from '../helpers/services';

const paths = appPaths(path.dirname(MAIN_BUNDLE));
const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

let booted: BootedApp | null = null;
afterEach(async () => {
  await booted?.quit();
  booted = null;
});

async function boot(options: Parameters<typeof bootBuiltApp>[0] = {}): Promise<BootedApp> {
  booted = await bootBuiltApp(options);
  await until('the main window to show', () => booted!.control.windows()[0]?.isVisible());
  return booted;
}

const mainWindow = (app: BootedApp) => app.control.windows()[0];
const invoke = (app: BootedApp, contents: ReturnType<typeof mainWindow>['webContents'], frame: typeof contents.mainFrame | null, channel: string, args?: unknown) =>
  app.module.ipcMain.invoke(contents, frame, wire.request(channel), args) as Promise<Envelope>;

describe('the built main bundle (dist/main/main.cjs) under the Electron stand-in', () => {
  it('opens one hardened window on app://baton with the built preload, and loads the renderer through its own protocol', async () => {
    const app = await boot();
    const window = mainWindow(app);
    expect(app.control.windows()).toHaveLength(1);
    expect(window.loadedUrls).toEqual([APP_ENTRY]);
    expect(window.options.webPreferences).toMatchObject({
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(fs.existsSync(paths.preload)).toBe(true);
    expect(app.control.record.preloadErrors).toEqual([]);
    expect(window.options).toMatchObject({ show: false, minWidth: MIN_WIDTH, minHeight: MIN_HEIGHT });
    // Tray-sized: the renderer is laid out from 360 px wide (its small-window screens are tested in test/e2e/triage.test.ts).
    expect(MIN_WIDTH).toBe(360);
    expect(app.control.record.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('registers every contract channel with ipcMain, and nothing else', async () => {
    const app = await boot();
    expect(app.module.ipcMain.channels().sort()).toEqual(channels.map((c) => wire.request(c)).sort());
  });

  it('answers getState for its own window’s main frame on app://baton', async () => {
    const app = await boot();
    const window = mainWindow(app);
    const answer = await invoke(app, window.webContents, window.webContents.mainFrame, 'getState');
    expect(answer.ok).toBe(true);
    expect(answer.ok && (answer.value as { app: { version: string } }).app.version).toBe(version);
  });

  it('shows the native folder and file pickers modal to the window, and answers the path chosen or null', async () => {
    const app = await boot();
    const window = mainWindow(app);
    const folder = tempDir('baton-picked-');
    app.control.answerOpenDialogs(() => ({ canceled: false, filePaths: [folder] }));
    await expect(invoke(app, window.webContents, window.webContents.mainFrame, 'pickPath', { purpose: 'runbook-folder' })).resolves.toEqual({ ok: true, value: { path: folder } });
    app.control.answerOpenDialogs((options) => ({ canceled: false, filePaths: options.properties?.includes('openFile') ? ['/home/me/oncall.ics'] : [] }));
    await expect(invoke(app, window.webContents, window.webContents.mainFrame, 'pickPath', { purpose: 'calendar-file' })).resolves.toEqual({ ok: true, value: { path: '/home/me/oncall.ics' } });
    app.control.answerOpenDialogs(() => ({ canceled: true, filePaths: [] }));
    await expect(invoke(app, window.webContents, window.webContents.mainFrame, 'pickPath', { purpose: 'git-repository' })).resolves.toEqual({ ok: true, value: { path: null } });
    await expect(invoke(app, window.webContents, window.webContents.mainFrame, 'pickPath', { purpose: '/etc' })).resolves.toMatchObject({ ok: false });

    const shown = app.control.record.openDialogs;
    expect(shown.map((d) => d.modalTo)).toEqual([window.id, window.id, window.id]);
    expect(shown[0].options).toMatchObject({ title: 'Choose the folder of runbooks', properties: ['openDirectory', 'dontAddToRecent'] });
    expect(shown[1].options).toMatchObject({ properties: ['openFile', 'dontAddToRecent'], filters: [{ name: 'Calendar (.ics)', extensions: ['ics', 'ical', 'ifb'] }] });
    expect(shown[2].options.properties).toEqual(['openDirectory', 'dontAddToRecent']);
    // A caller that is not the app's window gets no dialog.
    window.webContents.mainFrame.url = 'https://evil.example/index.html';
    await expect(invoke(app, window.webContents, window.webContents.mainFrame, 'pickPath', { purpose: 'runbook-folder' })).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    window.webContents.mainFrame.url = APP_ENTRY;
    expect(shown).toHaveLength(3);
  });

  it('refuses a subframe, another window and another origin', async () => {
    const app = await boot();
    const window = mainWindow(app);
    const subframe = app.control.frame(APP_ENTRY, window.webContents.mainFrame);
    await expect(invoke(app, window.webContents, subframe, 'getState')).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const other = new app.module.BrowserWindow({ show: false });
    other.webContents.mainFrame.url = APP_ENTRY;
    await expect(invoke(app, other.webContents, other.webContents.mainFrame, 'getState')).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    other.destroy();

    window.webContents.mainFrame.url = 'https://evil.example/index.html';
    await expect(invoke(app, window.webContents, window.webContents.mainFrame, 'getState')).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    window.webContents.mainFrame.url = APP_ENTRY;
    const log = fs.readFileSync(path.join(app.userData, 'baton.log'), 'utf8');
    expect(log).toContain('ipc: refused getState from an untrusted sender https://evil.example/index.html');
  });

  it('shows the tray built from state, with its icon read from the app’s assets', async () => {
    const app = await boot();
    const [tray] = app.control.record.trays;
    expect(tray.toolTip).toMatch(/^Baton/);
    const image = tray.image as { path: string; isEmpty(): boolean };
    expect(image.path).toBe(path.join(paths.assets, 'tray', 'off-call.png'));
    expect(image.isEmpty()).toBe(false);
    const labels = tray.contextMenu!.items.map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['Open Baton', 'Add note…', 'Quit Baton']));

    // Pausing from the tray re-renders the tray from the new state.
    tray.pick('Pause notifications for 15 min');
    await until('the tray to offer Resume', () => tray.contextMenu!.items.some((i) => i.label === 'Resume notifications'));
    expect(tray.image).toMatchObject({ path: path.join(paths.assets, 'tray', 'paused.png') });
  });

  it('hides to the tray on close, shows again from the tray and for a second instance', async () => {
    const app = await boot();
    const window = mainWindow(app);
    window.close();
    expect(window.isDestroyed()).toBe(false);
    expect(window.isVisible()).toBe(false);
    app.control.record.trays[0].pick('Open Baton');
    expect(window.isVisible()).toBe(true);
    window.hide();
    app.control.launchSecondInstance(['baton']);
    expect(window.isVisible()).toBe(true);
  });

  it('opens a frameless popover by the tray icon on a click, trusted like the window, hidden when it loses the focus', async () => {
    const app = await boot();
    const window = mainWindow(app);
    window.hide();
    const [tray] = app.control.record.trays;
    // An icon in a top panel on the right: the popover opens below it, inside the work area.
    tray.click({ x: 1880, y: 4, width: 24, height: 24 });
    const popover = await until('the popover window', () => app.control.windows().find((w) => w !== window));
    expect(popover.loadedUrls).toEqual([`${APP_ENTRY}#popover`]);
    expect(popover.options).toMatchObject({ frame: false, resizable: false, skipTaskbar: true, alwaysOnTop: true, ...POPOVER_SIZE });
    expect(popover.options.webPreferences).toMatchObject({ preload: paths.preload, contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(popover.isVisible()).toBe(true);
    // Centred on the icon would cross the screen's right edge: kept 4 px inside it.
    // and kept 4 px below the 32 px panel the icon sits in.
    expect(popover.getPosition()).toEqual([1920 - POPOVER_SIZE.width - 4, 32 + 4]);
    expect(window.isVisible()).toBe(false);

    // Its page may call main (it is one of the app's windows); a subframe in it may not.
    popover.webContents.mainFrame.url = `${APP_ENTRY}#popover`;
    const state = await invoke(app, popover.webContents, popover.webContents.mainFrame, 'getState');
    expect(state.ok).toBe(true);
    const subframe = app.control.frame(APP_ENTRY, popover.webContents.mainFrame);
    await expect(invoke(app, popover.webContents, subframe, 'getState')).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // A second click on the icon hides it; the next shows it again.
    const icon = { x: 1880, y: 4, width: 24, height: 24 };
    tray.click(icon);
    expect(popover.isVisible()).toBe(false);
    tray.click(icon);
    expect(popover.isVisible()).toBe(true);
    // A click elsewhere hides it. A click on the icon takes the focus first, then clicks: that click
    // closes (it does not reopen); a later one opens it again.
    popover.blurByUser();
    expect(popover.isVisible()).toBe(false);
    tray.click(icon);
    expect(popover.isVisible()).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, POPOVER_REOPEN_AFTER_MS + 20));
    tray.click(icon);
    expect(popover.isVisible()).toBe(true);
    expect(app.control.windows()).toHaveLength(2);

    // "Open Baton" in the popover shows the main window at the asked view, and the popover goes.
    await expect(invoke(app, popover.webContents, popover.webContents.mainFrame, 'showWindow', { view: 'pages' })).resolves.toEqual({ ok: true, value: { ok: true } });
    expect(window.isVisible()).toBe(true);
    expect(window.isFocused()).toBe(true);
    expect(popover.isVisible()).toBe(false);

    // Where the tray only shows its menu (some Linux panels): "Quick view…" opens it in the top-right corner.
    tray.pick('Quick view…');
    expect(popover.isVisible()).toBe(true);
    expect(popover.getPosition()).toEqual([1920 - POPOVER_SIZE.width - 4, 32 + 4]);
  });

  it('a second instance gives way at once: it quits without a window or a tray', async () => {
    booted = await bootBuiltApp({ otherInstanceRunning: true });
    expect(booted.control.record.quit).toBe(true);
    expect(booted.control.windows()).toEqual([]);
    expect(booted.control.record.trays).toEqual([]);
  });

  it('re-evaluates after resume and after unlock', async () => {
    const app = await boot();
    const logFile = path.join(app.userData, 'baton.log');
    const resumes = () => fs.readFileSync(logFile, 'utf8').split('\n').filter((l) => l.includes('resume: re-evaluating with the current time')).length;
    app.module.powerMonitor.emit('resume');
    app.module.powerMonitor.emit('unlock-screen');
    expect(resumes()).toBe(2);
  });

  it('sleep from the edge opens a coverage gap in the heartbeat file, and waking closes it', async () => {
    const app = await boot();
    const coverage = () => JSON.parse(fs.readFileSync(path.join(app.userData, 'coverage.json'), 'utf8')) as { beat: string; open: Record<string, string> };
    app.module.powerMonitor.emit('suspend');
    expect(Object.keys(coverage().open)).toEqual(['asleep']);
    app.module.powerMonitor.emit('resume');
    expect(coverage().open).toEqual({});
    expect(fs.readFileSync(path.join(app.userData, 'baton.log'), 'utf8')).toContain('suspend: the machine is going to sleep');
  });

  it('Quit from the tray closes the window, disposes the services and exits', async () => {
    const app = await boot();
    const window = mainWindow(app);
    app.control.record.trays[0].pick('Quit Baton');
    await until('the app to exit', () => app.control.record.exitCode !== null);
    expect(app.control.record.exitCode).toBe(0);
    expect(window.isDestroyed()).toBe(true);
    expect(app.control.record.trays[0].isDestroyed()).toBe(true);
    // The journal was closed: the data folder can be opened again by a new start.
    await app.quit();
    booted = null;
    const again = await boot({ userData: app.userData });
    const answer = await invoke(again, mainWindow(again).webContents, mainWindow(again).webContents.mainFrame, 'getState');
    expect(answer.ok).toBe(true);
  });
});

describe('start-up failure is visible', () => {
  it('shows a native error naming the reason and the data folder, then exits with no window or tray', async () => {
    const file = path.join(tempDir(), 'not-a-folder');
    fs.writeFileSync(file, 'a file where the data folder should be');
    const userData = path.join(file, 'Baton');
    booted = await bootBuiltApp({ userData });
    await until('the error box', () => booted!.control.record.errorBoxes.length > 0);
    const [box] = booted.control.record.errorBoxes;
    expect(box.title).toBe('Baton could not start');
    expect(box.content).toMatch(/ENOTDIR|not a directory/);
    expect(box.content).toContain(userData);
    expect(booted.control.record.exitCode).toBe(1);
    expect(booted.control.windows()).toEqual([]);
    expect(booted.control.record.trays).toEqual([]);
  });
});

describe('the app protocol (app://baton), through the handler the app registered', () => {
  const CSP_START = "default-src 'self'; script-src 'self'";

  it('serves the built renderer with the CSP, and answers every error with the CSP too', async () => {
    const app = await boot();
    const request = (url: string) => app.module.protocol.request(url);
    const index = await request(APP_ENTRY);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await index.text()).toContain('<div id="root">');
    expect((await request(`${APP_ORIGIN}/`)).status).toBe(200);
    for (const [url, status] of [
      [`${APP_ORIGIN}/missing.js`, 404],
      [`${APP_ORIGIN}/..%2f..%2fpackage.json`, 403],
      [`${APP_ORIGIN}/%2e%2e/%2e%2e/package.json`, 404],
      [`${APP_ORIGIN}/../main/main.cjs`, 404],
      [`${APP_ORIGIN}/..%2frenderer-evil%2findex.html`, 403],
      [`${APP_ORIGIN}/%E0%A4%A`, 400],
      [`${APP_ORIGIN}/index.html%00.png`, 400],
      ['app://other-host/index.html', 404],
    ] as const) {
      const response = await request(url);
      expect(response.status, url).toBe(status);
      expect(response.headers.get('content-security-policy'), url).toMatch(new RegExp(`^${CSP_START}`));
      expect(response.headers.get('x-content-type-options'), url).toBe('nosniff');
    }
    // The meta tag in the page says the same (frame-ancestors works only as a header).
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(fs.readFileSync(path.join(paths.renderer, 'index.html'), 'utf8'))![1];
    const header = index.headers.get('content-security-policy')!.split('; ');
    expect(header.filter((d) => !d.startsWith('frame-ancestors'))).toEqual(meta.split('; '));
  });
});

describe('navigation, windows and permissions', () => {
  it('allows in-app navigation, blocks everything else, and sends only http(s) links to the browser', async () => {
    const app = await boot();
    const contents = mainWindow(app).webContents;
    expect(contents.requestNavigation(`${APP_ORIGIN}/index.html#/pages`)).toBe(true);
    expect(contents.requestNavigation(`${APP_ORIGIN}/other.html`)).toBe(true);
    for (const url of ['https://example.com/runbook', 'http://127.0.0.1:9093/#/alerts', 'file:///etc/passwd', 'javascript:alert(1)', 'mailto:oncall@example.com', 'app://evil/index.html', 'app://baton.evil.example/']) {
      expect(contents.requestNavigation(url), url).toBe(false);
      expect(contents.requestRedirect(url), url).toBe(false);
    }
    expect(contents.requestRedirect(`${APP_ORIGIN}/index.html`)).toBe(true);
    expect(contents.requestWindow('https://grafana.example/d/abc')).toBe('deny');
    expect(contents.requestWindow('smb://share/x')).toBe('deny');
    expect(contents.requestWindow(`${APP_ORIGIN}/index.html`)).toBe('deny');
    expect(contents.requestWebview()).toBe(false);
    expect(app.control.record.openedExternally).toEqual(['https://example.com/runbook', 'http://127.0.0.1:9093/#/alerts', 'https://grafana.example/d/abc']);
  });

  it('denies every permission request and check', async () => {
    const app = await boot();
    const contents = mainWindow(app).webContents;
    const session = app.module.session.defaultSession;
    for (const permission of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal']) {
      await expect(session.requestPermission(contents, permission), permission).resolves.toBe(false);
      expect(session.checkPermission(contents, permission), permission).toBe(false);
    }
  });
});

describe('secrets at the edge', () => {
  const sealedToken = (userData: string) =>
    (JSON.parse(fs.readFileSync(path.join(userData, 'settings.json'), 'utf8')) as { pageSources: { webhook: { tokenSealed: string } } }).pageSources.webhook.tokenSealed;

  it('seals with the OS keyring through safeStorage when there is one', async () => {
    const app = await boot({ keyring: 'gnome_libsecret' });
    expect(sealedToken(app.userData)).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(Buffer.from(sealedToken(app.userData), 'base64').subarray(0, 3).toString()).toBe('v11');
    expect(fs.existsSync(path.join(app.userData, 'secret.key'))).toBe(false);
  });

  it('falls back to a key file only the user can read when safeStorage has no keyring, and says so in the log', async () => {
    const app = await boot({ keyring: 'basic_text' });
    const key = fs.statSync(path.join(app.userData, 'secret.key'));
    expect(key.mode & 0o077).toBe(0);
    expect(sealedToken(app.userData)).toBeTruthy();
    expect(fs.readFileSync(path.join(app.userData, 'baton.log'), 'utf8')).toContain('safeStorage has no keyring here');
  });
});
