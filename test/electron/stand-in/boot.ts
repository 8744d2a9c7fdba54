// Boots the BUILT main bundle (dist/main/main.cjs, the file `npm start` runs) in this Node process
// with the Electron stand-in resolved for `electron`, as Electron would start it: the script runs,
// then the app becomes ready.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import Module, { createRequire } from 'node:module';
import { createElectronStandIn, type ElectronStandIn, type StandInOptions } from './electron';
import { tempDir } from '../../helpers/services';
import { until } from '../../helpers/wait';

export const ROOT = path.resolve(import.meta.dirname, '../../..');
export const MAIN_BUNDLE = path.join(ROOT, 'dist/main/main.cjs');
const requireHere = createRequire(import.meta.url);

export interface BootOptions extends Partial<StandInOptions> {
  /** Called with the stand-in before the bundle runs (attach a browser, answer dialogs). */
  beforeStart?: (electron: ElectronStandIn) => void;
  /** Settings a user already has in settings.json when the app starts. */
  settings?: Record<string, unknown>;
}

export interface BootedApp extends ElectronStandIn {
  userData: string;
  /** Quits the app as the tray's Quit does, and forgets the bundle so the next boot is fresh. */
  quit(): Promise<void>;
}

/** A free loopback port, for a webhook receiver the test reaches (a user may configure any port). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function bootBuiltApp(options: BootOptions = {}): Promise<BootedApp> {
  if (!fs.existsSync(MAIN_BUNDLE)) throw new Error('dist/main/main.cjs is missing: run `npm run build` first');
  const userData = options.userData ?? tempDir('baton-app-');
  if (options.settings) fs.writeFileSync(path.join(userData, 'settings.json'), JSON.stringify(options.settings));
  const electron = createElectronStandIn({ appPath: ROOT, ...options, userData });
  options.beforeStart?.(electron);

  const electronPath = requireHere.resolve('electron', { paths: [path.dirname(MAIN_BUNDLE)] });
  const standInModule = new Module(electronPath);
  standInModule.filename = electronPath;
  standInModule.loaded = true;
  standInModule.exports = electron.module;
  requireHere.cache[electronPath] = standInModule;
  delete requireHere.cache[MAIN_BUNDLE];
  requireHere(MAIN_BUNDLE);
  electron.control.emitReady();

  return {
    ...electron,
    userData,
    async quit() {
      if (electron.control.record.exitCode === null && !electron.control.record.quit) {
        electron.module.app.quit();
        // The app exits once its services have closed.
        await until('the app to exit after Quit', () => electron.control.record.exitCode !== null);
      }
      delete requireHere.cache[MAIN_BUNDLE];
      delete requireHere.cache[electronPath];
    },
  };
}

