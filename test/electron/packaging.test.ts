import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { appPaths, outsideAsar } from '../../electron/app/paths';
import { APP_USER_MODEL_ID, settleIntoPlatform } from '../../electron/app/identity';
import { createElectronStandIn } from './stand-in/electron';
import { MAIN_BUNDLE, ROOT } from './stand-in/boot';
import { tempDir } from '../helpers/services';

const builder = parse(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as { appId: string; asarUnpack: string[]; files: string[] };

describe('facts a packaged binary would reveal', () => {
  it('the built preload requires nothing but electron (a sandboxed preload can require nothing else)', () => {
    const preload = fs.readFileSync(appPaths(path.dirname(MAIN_BUNDLE)).preload, 'utf8');
    const required = new Set([...preload.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]));
    expect([...required]).toEqual(['electron']);
    expect(preload).not.toMatch(/\brequire\(\s*[^"'`\s]/); // no computed requires either
  });

  it('the notification icon is read from outside app.asar, where notify-send can read it', () => {
    expect(outsideAsar('/opt/Baton/resources/app.asar/assets/icon.png')).toBe('/opt/Baton/resources/app.asar.unpacked/assets/icon.png');
    expect(outsideAsar('C:\\Program Files\\Baton\\resources\\app.asar\\assets\\icon.png')).toBe('C:\\Program Files\\Baton\\resources\\app.asar.unpacked\\assets\\icon.png');
    expect(outsideAsar('/home/me/baton/assets/icon.png')).toBe('/home/me/baton/assets/icon.png');
    expect(builder.asarUnpack).toContain('assets/icon.png');
    expect(fs.existsSync(appPaths(path.dirname(MAIN_BUNDLE)).notificationIcon)).toBe(true);
  });

  it('packages what the built app loads at run time', () => {
    const paths = appPaths(path.dirname(MAIN_BUNDLE));
    for (const file of [paths.preload, path.join(paths.renderer, 'index.html'), path.join(paths.assets, 'tray', 'off-call.png')]) {
      expect(fs.existsSync(file), file).toBe(true);
    }
    expect(builder.files).toEqual(expect.arrayContaining(['dist/**/*', 'assets/**/*', 'package.json']));
  });

  it('hides the Dock icon on macOS and sets the AppUserModelID (the installer’s appId) on Windows', () => {
    expect(APP_USER_MODEL_ID).toBe(builder.appId);
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const { module, control } = createElectronStandIn({ userData: tempDir(), appPath: ROOT, platform });
      settleIntoPlatform(module.app, platform);
      expect(control.record.dockHidden, platform).toBe(platform === 'darwin');
      expect(control.record.appUserModelId, platform).toBe(platform === 'win32' ? APP_USER_MODEL_ID : null);
    }
  });
});
