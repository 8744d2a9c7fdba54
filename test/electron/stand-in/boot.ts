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
  /** The user's config folder ($XDG_CONFIG_HOME: autostart entries); a fresh one under the data folder unless given. */
  configHome?: string;
  /** The app's command line (process.argv as Electron gives it), e.g. with the login entry's `--hidden`. */
  argv?: string[];
  /** process.resourcesPath, as Electron sets it (a packaged app's `resources/`, where app-update.yml lives). */
  resourcesPath?: string;
}

export interface BootedApp extends ElectronStandIn {
  userData: string;
  configHome: string;
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
  // The app writes its autostart entry under $XDG_CONFIG_HOME: never the real one of whoever runs the tests.
  const configHome = options.configHome ?? path.join(userData, 'xdg-config');
  const previous = { config: process.env.XDG_CONFIG_HOME, argv: process.argv, resources: process.resourcesPath };
  process.env.XDG_CONFIG_HOME = configHome;
  const setResources = (value: string | undefined) => Object.defineProperty(process, 'resourcesPath', { value, configurable: true, writable: false });
  setResources(options.resourcesPath ?? path.join(userData, 'resources'));
  if (options.argv) process.argv = options.argv;
  const restore = () => {
    if (previous.config === undefined) delete process.env.XDG_CONFIG_HOME;
    else process.env.XDG_CONFIG_HOME = previous.config;
    process.argv = previous.argv;
    setResources(previous.resources);
  };

  const electronPath = requireHere.resolve('electron', { paths: [path.dirname(MAIN_BUNDLE)] });
  const standInModule = new Module(electronPath);
  standInModule.filename = electronPath;
  standInModule.loaded = true;
  standInModule.exports = electron.module;
  requireHere.cache[electronPath] = standInModule;
  delete requireHere.cache[MAIN_BUNDLE];
  try {
    requireHere(MAIN_BUNDLE);
  } finally {
    if (options.argv) process.argv = previous.argv;
  }
  electron.control.emitReady();

  return {
    ...electron,
    userData,
    configHome,
    async quit() {
      if (electron.control.record.exitCode === null && !electron.control.record.quit) {
        electron.module.app.quit();
        // The app exits once its services have closed.
        await until('the app to exit after Quit', () => electron.control.record.exitCode !== null);
      }
      delete requireHere.cache[MAIN_BUNDLE];
      delete requireHere.cache[electronPath];
      restore();
    },
  };
}

