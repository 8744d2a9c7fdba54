import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { channels, wire } from '../../shared/contract';
import type { BatonApi } from '../../shared/bridge';
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

  it('the built preload exposes the contract, and only it, as window.baton over ipcRenderer', async () => {
    const file = appPaths(path.dirname(MAIN_BUNDLE)).preload;
    const invoked: [string, unknown][] = [];
    const listeners = new Map<string, (event: unknown, payload: unknown) => void>();
    const exposed: Record<string, BatonApi> = {};
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: BatonApi) => void (exposed[key] = api) },
      ipcRenderer: {
        invoke: async (channel: string, args: unknown) => {
          invoked.push([channel, args]);
          return channel === wire.request('dismissNotice') ? { ok: false, error: { code: 'invalid-args', message: 'dismissNotice: id: Required' } } : { ok: true, value: 'answer' };
        },
        on: (channel: string, listener: (event: unknown, payload: unknown) => void) => void listeners.set(channel, listener),
        removeListener: (channel: string) => void listeners.delete(channel),
      },
    };
    // As Electron runs a sandboxed preload: CommonJS, with a require that knows only 'electron'.
    const run = vm.compileFunction(fs.readFileSync(file, 'utf8'), ['require', 'module', 'exports'], { filename: file });
    const module = { exports: {} };
    run((name: string) => (name === 'electron' ? electron : assert.fail(`the preload required ${name}`)), module, module.exports);

    expect(Object.keys(exposed)).toEqual(['baton']);
    const baton = exposed.baton;
    expect(Object.keys(baton).sort()).toEqual([...channels, 'on'].sort());
    expect(Object.isFrozen(baton)).toBe(true);
    await expect(baton.getState()).resolves.toBe('answer');
    await expect(baton.dismissNotice({ id: '' })).rejects.toMatchObject({ name: 'BatonError', code: 'invalid-args' });
    expect(invoked.map(([c]) => c)).toEqual([wire.request('getState'), wire.request('dismissNotice')]);

    const got: unknown[] = [];
    const off = baton.on('state', (payload) => void got.push(payload));
    listeners.get(wire.event('state'))!({ sender: null }, { hello: 1 });
    off();
    expect(got).toEqual([{ hello: 1 }]);
    expect(listeners.has(wire.event('state'))).toBe(false);
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
