import fs from 'node:fs';
import path from 'node:path';
import {
  applySettingsPatch,
  defaultSettings,
  SettingsSchema,
  type Settings,
  type SettingsPatch,
} from '../shared/settings';
import { describeFsError } from './journal';
import { UserError } from './user-error';

/**
 * The part of electron-store (and conf, which it is built on) that Baton uses. The app passes an
 * electron-store; tests pass a conf store in a temporary directory: the same library underneath.
 */
export interface KeyValueStore {
  readonly path: string;
  store: Record<string, unknown>;
}

export interface SettingsService {
  get(): Settings;
  update(patch: SettingsPatch): Settings;
  /** Raw access for features that keep their own section (sources, schedules); validated by them. */
  section<T>(key: string): T | undefined;
  setSection(key: string, value: unknown): void;
}

export interface OpenSettingsResult {
  settings: SettingsService;
  /** Set when the file on disk was unreadable and was moved aside. */
  recovered?: { backupPath: string; reason: string };
}

/**
 * Opens the settings file. A file that is not JSON or breaks the schema is renamed to
 * `<name>.corrupt-<time>.json` and the app starts from defaults; the caller tells the user.
 */
export function openSettings(filePath: string, createStore: () => KeyValueStore, now: () => number): OpenSettingsResult {
  const check = inspect(filePath);
  let recovered: OpenSettingsResult['recovered'];
  if (check.kind === 'corrupt') {
    const stamp = new Date(now()).toISOString().replace(/[:.]/g, '-');
    const backupPath = path.join(path.dirname(filePath), `${path.basename(filePath, '.json')}.corrupt-${stamp}.json`);
    fs.renameSync(filePath, backupPath);
    recovered = { backupPath, reason: check.reason };
  }
  const store = createStore();
  let current = check.kind === 'ok' ? check.settings : defaultSettings();
  const extra = check.kind === 'ok' ? check.extra : {};
  store.store = { ...extra, ...current };

  const settings: SettingsService = {
    get: () => current,
    update(patch) {
      const next = applySettingsPatch(current, patch);
      try {
        store.store = { ...store.store, ...next };
      } catch (error) {
        throw new UserError(`Could not save settings to ${store.path}: ${describeFsError(error)}`, { cause: error });
      }
      current = next;
      return current;
    },
    section: <T>(key: string) => store.store[key] as T | undefined,
    setSection(key, value) {
      try {
        store.store = { ...store.store, [key]: value };
      } catch (error) {
        throw new UserError(`Could not save settings to ${store.path}: ${describeFsError(error)}`, { cause: error });
      }
    },
  };
  return { settings, recovered };
}

type Inspection =
  | { kind: 'missing' }
  | { kind: 'ok'; settings: Settings; extra: Record<string, unknown> }
  | { kind: 'corrupt'; reason: string };

function inspect(filePath: string): Inspection {
  let text: string;
  try {
    text = fs.readFileSync(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'corrupt', reason: `unreadable (${describeFsError(error)})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { kind: 'corrupt', reason: 'not valid JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { kind: 'corrupt', reason: 'not a JSON object' };
  const parsed = SettingsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { kind: 'corrupt', reason: `${issue?.path.join('.') || 'settings'}: ${issue?.message ?? 'invalid'}` };
  }
  const extra = Object.fromEntries(Object.entries(json).filter(([key]) => !(key in SettingsSchema.shape)));
  return { kind: 'ok', settings: parsed.data, extra };
}
