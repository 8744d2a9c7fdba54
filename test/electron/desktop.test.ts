import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { wire, type Envelope } from '../../shared/contract';
import { bootBuiltApp, ROOT, type BootedApp } from './stand-in/boot';
import { createElectronStandIn } from './stand-in/electron';
import { loginItemFor, startedAtLogin } from '../../electron/app/login-item';
import { AUTOSTART_FILE, HIDDEN_ARG } from '../../electron/desktop/xdg-autostart';
import { tempDir } from '../helpers/services';
import { until } from '../helpers/wait';

let booted: BootedApp | null = null;
afterEach(async () => {
  await booted?.quit();
  booted = null;
});

const invoke = (app: BootedApp, channel: string, args?: unknown) => {
  const window = app.control.windows()[0];
  return app.module.ipcMain.invoke(window.webContents, window.webContents.mainFrame, wire.request(channel), args) as Promise<Envelope>;
};

describe('always running: launch at login, through the edge', () => {
  it('Linux: the built app writes and removes its XDG autostart entry under $XDG_CONFIG_HOME, starting itself in the tray', async () => {
    booted = await bootBuiltApp();
    await until('the main window', () => booted!.control.windows()[0]?.isVisible());
    const entry = path.join(booted.configHome, 'autostart', AUTOSTART_FILE);
    await expect(invoke(booted, 'setLaunchAtLogin', { on: true })).resolves.toEqual({ ok: true, value: { on: true, choice: 'on', where: entry } });
    // Not packaged (as `npm start` runs it): Electron with the app's folder; packaged, the executable (or the AppImage).
    expect(fs.readFileSync(entry, 'utf8')).toContain(`Exec=${process.execPath} ${ROOT} ${HIDDEN_ARG}\n`);
    await expect(invoke(booted, 'setLaunchAtLogin', { on: false })).resolves.toMatchObject({ ok: true, value: { on: false, choice: 'off' } });
    expect(fs.existsSync(entry)).toBe(false);
  });

  it('Linux, run from an AppImage: the entry starts the AppImage (the path the AppImage runtime gives), not the mounted copy', async () => {
    const previous = process.env.APPIMAGE;
    process.env.APPIMAGE = '/home/alice/Applications/Baton-0.1.0.AppImage';
    try {
      booted = await bootBuiltApp({ isPackaged: true });
      await until('the main window', () => booted!.control.windows()[0]?.isVisible());
      await expect(invoke(booted, 'setLaunchAtLogin', { on: true })).resolves.toMatchObject({ ok: true, value: { on: true } });
      const entry = fs.readFileSync(path.join(booted.configHome, 'autostart', AUTOSTART_FILE), 'utf8');
      expect(entry).toContain(`Exec=/home/alice/Applications/Baton-0.1.0.AppImage ${HIDDEN_ARG}\n`);
    } finally {
      if (previous === undefined) delete process.env.APPIMAGE;
      else process.env.APPIMAGE = previous;
    }
  });

  it('started by the login entry, it waits in the tray without showing its window; a second start shows it', async () => {
    booted = await bootBuiltApp({ argv: [process.execPath, ROOT, HIDDEN_ARG] });
    const window = await until('the main window', () => booted!.control.windows()[0]);
    // ready-to-show has come and gone (its one-time listener ran) and the window stayed hidden.
    await until('the window to be ready', () => window.loadedUrls.length > 0 && window.listenerCount('ready-to-show') === 0);
    await until('the tray', () => booted!.control.record.trays.length > 0);
    expect(window.isVisible()).toBe(false);
    booted.control.launchSecondInstance([process.execPath, ROOT]);
    expect(window.isVisible()).toBe(true);
  });

  for (const platform of ['darwin', 'win32'] as const) {
    it(`${platform}: uses Electron's login-item API${platform === 'win32' ? ' with the argument that starts it in the tray' : ''}`, () => {
      const { module } = createElectronStandIn({ userData: tempDir(), appPath: ROOT, platform, isPackaged: true });
      const item = loginItemFor(module.app, platform, {});
      expect(item.isEnabled()).toBe(false);
      item.setEnabled(true);
      expect(item.isEnabled()).toBe(true);
      expect(module.app.getLoginItemSettings(platform === 'win32' ? { args: [HIDDEN_ARG] } : undefined).openAtLogin).toBe(true);
      item.setEnabled(false);
      expect(item.isEnabled()).toBe(false);
    });
  }

  it('macOS: opened as a login item, it starts in the tray', () => {
    const { module } = createElectronStandIn({ userData: tempDir(), appPath: ROOT, platform: 'darwin', openedAtLogin: true });
    expect(startedAtLogin(module.app, 'darwin', ['/Applications/Baton.app/Contents/MacOS/Baton'])).toBe(true);
    const later = createElectronStandIn({ userData: tempDir(), appPath: ROOT, platform: 'darwin' });
    expect(startedAtLogin(later.module.app, 'darwin', ['/Applications/Baton.app/Contents/MacOS/Baton'])).toBe(false);
  });
});
