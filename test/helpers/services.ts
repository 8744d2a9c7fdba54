import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { createServices, type ServiceDeps, type Services } from '../../electron/services';
import type { Channel, RequestResult } from '../../shared/contract';
import { systemClock } from '../../electron/clock';
import { APP_ENTRY } from '../../electron/origin';
import { memoryLogger } from '../../electron/log';
import { createKeyFileBox } from '../../electron/secrets';
import type { KeyValueStore } from '../../electron/settings';
import type { NotificationRequest, Notifier } from '../../electron/notifier';

export function tempDir(prefix = 'baton-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The same store electron-store is built on, in the given directory, as `settings.json`. */
export function confStore(dir: string): KeyValueStore {
  return new Conf<Record<string, unknown>>({ cwd: dir, configName: 'settings', projectName: 'baton' });
}

export interface TestServices extends Services {
  deps: ServiceDeps;
  log: ReturnType<typeof memoryLogger>;
  opened: string[];
  /** Notifications the services asked for, when the test did not pass a real notifier. */
  notified: NotificationRequest[];
  /** Text put on the clipboard. */
  copied: string[];
  /** How often the main window was asked to show (the tray popover's "Open Baton"). */
  windowShown: number;
  /** Where saveFile wrote (a `saved/` folder in the data directory stands in for the dialog's choice). */
  saved: string[];
}

/** Stands in for the save dialog: writes under `<dataDir>/saved` (the user's choice) and records the path. */
export function savingUnder(dataDir: string, saved: string[]) {
  return async (name: string, content: string | Uint8Array): Promise<string> => {
    const dir = path.join(dataDir, 'saved');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, path.basename(name));
    fs.writeFileSync(file, content);
    saved.push(file);
    return file;
  };
}

/** Real services over a real data directory; only the OS edge (browser launcher) is recorded. */
export async function startServices(overrides: Partial<ServiceDeps> & { dataDir?: string } = {}): Promise<TestServices> {
  const dataDir = overrides.dataDir ?? tempDir();
  const log = memoryLogger();
  const opened: string[] = [];
  const notified: NotificationRequest[] = [];
  const copied: string[] = [];
  const saved: string[] = [];
  const shown = { count: 0 };
  // Tests about notifications pass the real node-notifier against a real daemon (see test/helpers);
  // the rest record what would have been shown.
  const recordingNotifier: Notifier = { notify: async (request) => (notified.push(request), { ok: true }) };
  const deps: ServiceDeps = {
    dataDir,
    secretBox: overrides.secretBox ?? createKeyFileBox(dataDir),
    clock: systemClock,
    log,
    createSettingsStore: confStore,
    openExternal: async (url) => void opened.push(url),
    appInfo: { version: '0.0.0-test', platform: process.platform, systemTimeZone: 'Europe/Berlin' },
    notifier: recordingNotifier,
    saveFile: savingUnder(dataDir, saved),
    copyText: async (text) => void copied.push(text),
    // The user cancels a picker unless a test answers for them.
    pickPath: async () => null,
    printToPdf: async () => {
      throw new Error('printToPdf needs Chromium: pass the one from test/e2e/harness (printWithChromium)');
    },
    // An ephemeral port for the pages webhook receiver: tests run side by side on one machine.
    webhookPort: 0,
    showWindow: () => void shown.count++,
    ...overrides,
  };
  const services = await createServices(deps);
  const testServices = Object.assign(services, { deps, log, opened, notified, copied, saved, windowShown: 0 });
  Object.defineProperty(testServices, 'windowShown', { get: () => shown.count });
  return testServices;
}

/** The sender Electron reports for the app's own window's main frame (the production origin, app://baton). */
export const appSender = { frameUrl: APP_ENTRY, isMainFrame: true, isAppWindow: true };

/**
 * Calls a channel the way the app's window would (through the checked dispatch); throws the
 * contract's error. Arguments are not typed: tests also send what the contract must refuse.
 */
export async function call<C extends Channel>(services: TestServices, channel: C, args?: unknown): Promise<RequestResult<C>> {
  const result = await services.dispatch(channel, args, appSender);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
  return result.value as RequestResult<C>;
}
