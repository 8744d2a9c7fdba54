import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { explainZodError } from '../shared/errors';
import {
  applySettingsPatch,
  defaultSettings,
  NotificationSettingsSchema,
  SettingsSchema,
  type NotificationSettings,
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

/**
 * A part of the settings file that one feature keeps (`schedules`, `pageSources`...). Its schema is
 * the type and, parsed from `{}`, the defaults; `label` and `fallback` tell the user, in one sentence
 * each, what could not be read and what Baton does instead.
 */
export interface SettingsSection<T> {
  key: string;
  schema: z.ZodType<T>;
  /** "Your <label> could not be read…", e.g. "schedule settings". */
  label: string;
  /** What happens instead, e.g. "Baton shows no schedule until a schedule is added again." */
  fallback: string;
}

export function defineSection<T>(section: SettingsSection<T>): SettingsSection<T> {
  return section;
}

/** A section that failed its schema: the user is told once, and the feature gets the defaults. */
export interface InvalidSection {
  key: string;
  /** A notice id, stable per section, so a second report replaces the first. */
  noticeId: string;
  message: string;
}

export interface SettingsService {
  get(): Settings;
  update(patch: SettingsPatch): Settings;
  /** A feature's section, parsed; an invalid one yields its defaults and is reported (see onInvalidSection). */
  read<T>(section: SettingsSection<T>): T;
  /** Checks the value against the section's schema, saves it and returns what was saved. */
  write<T>(section: SettingsSection<T>, value: T): T;
  /**
   * Like write, for a value Baton made itself (a generated token, a sealed migration) that must work
   * even when the disk refuses it: it is kept in memory, the failure is reported (see onUnsaved) with
   * `consequence` ("the new webhook token works until Baton quits"), and the next save that succeeds
   * writes it too.
   */
  keep<T>(section: SettingsSection<T>, value: T, consequence: string): T;
  /** Where invalid sections are reported; reports made before a listener exists are kept for it. */
  onInvalidSection(listener: (problem: InvalidSection) => void): void;
  /** Told when settings held in memory could not be saved, and with null once a save succeeds again. */
  onUnsaved(listener: (problem: UnsavedSettings | null) => void): void;
}

/** Settings that live only in memory because the disk refused them. */
export interface UnsavedSettings {
  /** Why, e.g. "the disk is full". */
  reason: string;
  /** What that means for the user, one sentence each. */
  consequences: string[];
}

export interface OpenSettingsResult {
  settings: SettingsService;
  /** Set when the file on disk was unreadable and was moved aside. */
  recovered?: { backupPath: string; reason: string };
}

/**
 * Opens the settings file. A file that is not JSON or breaks the schema is renamed to
 * `<name>.corrupt-<time>.json` and the app starts from defaults; the caller tells the user.
 * The notification settings are the exception: they hold hand-written rules, so a bad one is
 * reported like a feature's bad section (see onInvalidSection) and the rest of the file is kept.
 */
export function openSettings(filePath: string, createStore: () => KeyValueStore, now: () => number): OpenSettingsResult {
  const check = inspect(filePath);
  let recovered: OpenSettingsResult['recovered'];
  /** Why the file must not be written at all: it could not be read and is still where it was. */
  let keepOff: string | null = null;
  if (check.kind === 'corrupt') {
    const stamp = new Date(now()).toISOString().replace(/[:.]/g, '-');
    const backupPath = path.join(path.dirname(filePath), `${path.basename(filePath, '.json')}.corrupt-${stamp}.json`);
    try {
      fs.renameSync(filePath, backupPath);
      recovered = { backupPath, reason: check.reason };
    } catch (error) {
      // A read-only folder: the unreadable file stays, and Baton never overwrites what it could not read.
      keepOff = `${filePath} could not be read and could not be moved aside (${describeFsError(error)})`;
      recovered = { backupPath: filePath, reason: `${check.reason}; it was left where it is` };
    }
  }
  const store = openStore(filePath, createStore);
  let current = check.kind === 'ok' ? check.settings : defaultSettings();
  const extra = check.kind === 'ok' ? check.extra : {};
  // A bad notification section stays in the file as the user wrote it, to be fixed, until saved again.
  const unread = check.kind === 'ok' && check.badNotifications ? { notifications: check.badNotifications.raw } : {};
  /** The whole file as Baton holds it; written on a change, never just because Baton started. */
  let data: Record<string, unknown> = { ...extra, ...current, ...unread };

  /** What only memory holds, and who is told about it. */
  let unsaved: UnsavedSettings | null = null;
  let tellUnsaved: ((problem: UnsavedSettings | null) => void) | null = null;
  const setUnsaved = (next: UnsavedSettings | null) => {
    if (next === null && unsaved === null) return;
    unsaved = next;
    tellUnsaved?.(unsaved);
  };

  /** Writes `next` as the whole file; conf reads the file back first, so both the read and the write are reported. */
  const persist = (next: Record<string, unknown>) => {
    try {
      if (keepOff) throw new Error(keepOff);
      store.store = next;
    } catch (error) {
      throw new UserError(`Could not save settings to ${store.path}: ${describeFsError(error)}`, { cause: error });
    }
    setUnsaved(null);
  };
  const save = (changes: Record<string, unknown>) => {
    const next = { ...data, ...changes };
    persist(next);
    data = next;
  };
  /** Saves, or keeps the change in memory and says what that means. */
  const saveOrKeep = (changes: Record<string, unknown>, consequence: string) => {
    data = { ...data, ...changes };
    try {
      persist(data);
    } catch (error) {
      const reason = keepOff ?? describeFsError((error as Error).cause ?? error);
      const consequences = unsaved ? [...new Set([...unsaved.consequences, consequence])] : [consequence];
      setUnsaved({ reason, consequences });
    }
  };
  // An earlier Baton's layout is brought up to date on disk when the disk takes it; otherwise in memory.
  if (check.kind === 'ok' && check.migrated) saveOrKeep({}, 'settings moved to a new place by this version stay in the old place on disk until then');

  /** Parsed sections by key; a section is parsed (and reported when invalid) once. */
  const sections = new Map<string, unknown>();
  const invalid: InvalidSection[] = [];
  let report: ((problem: InvalidSection) => void) | null = null;
  if (check.kind === 'ok' && check.badNotifications) invalid.push(check.badNotifications.problem);

  const settings: SettingsService = {
    get: () => current,
    update(patch) {
      const next = applySettingsPatch(current, patch);
      save(next);
      current = next;
      return current;
    },
    read<T>(section: SettingsSection<T>): T {
      if (sections.has(section.key)) return sections.get(section.key) as T;
      const parsed = section.schema.safeParse(data[section.key] ?? {});
      let value: T;
      if (parsed.success) value = parsed.data;
      else {
        value = section.schema.parse({});
        const reason = explainZodError(parsed.error, { max: 1, root: section.key });
        const problem = { key: section.key, noticeId: `settings-section:${section.key}`, message: `Your ${section.label} could not be read (${reason}). ${section.fallback}` };
        if (report) report(problem);
        else invalid.push(problem);
      }
      sections.set(section.key, value);
      return value;
    },
    write<T>(section: SettingsSection<T>, value: T): T {
      const checked = section.schema.parse(value);
      save({ [section.key]: checked });
      sections.set(section.key, checked);
      return checked;
    },
    keep<T>(section: SettingsSection<T>, value: T, consequence: string): T {
      const checked = section.schema.parse(value);
      saveOrKeep({ [section.key]: checked }, consequence);
      sections.set(section.key, checked);
      return checked;
    },
    onInvalidSection(listener) {
      report = listener;
      for (const problem of invalid.splice(0)) listener(problem);
    },
    onUnsaved(listener) {
      tellUnsaved = listener;
      if (unsaved) listener(unsaved);
    },
  };
  return { settings, recovered };
}

/**
 * The store, or when even opening it fails (the folder is not a folder, or unreadable) one that
 * holds nothing and refuses every save with the reason: Baton still starts, on its defaults.
 */
function openStore(filePath: string, createStore: () => KeyValueStore): KeyValueStore {
  try {
    return createStore();
  } catch (error) {
    return {
      path: filePath,
      get store(): Record<string, unknown> {
        return {};
      },
      set store(_value: Record<string, unknown>) {
        throw error;
      },
    };
  }
}

type Inspection =
  | { kind: 'missing' }
  | { kind: 'ok'; settings: Settings; extra: Record<string, unknown>; migrated: boolean; badNotifications?: { raw: unknown; problem: InvalidSection } }
  | { kind: 'corrupt'; reason: string };

function inspect(filePath: string): Inspection {
  let text: string;
  try {
    // A device or a folder under the file's name would never end (or never parse): refuse it by kind.
    if (!fs.statSync(filePath).isFile()) return { kind: 'corrupt', reason: 'not a regular file' };
    text = fs.readFileSync(filePath, 'utf8');
  } catch (error) {
    // No file, or no folder for it (a path under a file): nothing to read, and nothing to move aside.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    return { kind: 'corrupt', reason: `unreadable (${describeFsError(error)})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { kind: 'corrupt', reason: 'not valid JSON' };
  }
  if (!isRecord(json)) return { kind: 'corrupt', reason: 'not a JSON object' };
  const migrated = migrateSettings(json);
  const { notifications: rawNotifications, ...rest } = migrated;
  const parsed = SettingsSchema.omit({ notifications: true }).safeParse(rest);
  if (!parsed.success) return { kind: 'corrupt', reason: explainZodError(parsed.error, { max: 1, root: 'settings' }) };
  const notifications = readNotifications(rawNotifications);
  const extra = Object.fromEntries(Object.entries(migrated).filter(([key]) => !(key in SettingsSchema.shape)));
  return {
    kind: 'ok',
    settings: { ...parsed.data, notifications: notifications.value },
    extra,
    migrated: migrated !== json,
    ...(notifications.problem ? { badNotifications: { raw: rawNotifications, problem: notifications.problem } } : {}),
  };
}

/**
 * The notification settings, read field by field when they fail as a whole: a field that is
 * valid on its own is kept (the sound, the repeat), one that is not takes its default. A bad rule
 * drops all the rules, never just that one: rules are ordered (the first match decides), so a
 * missing rule could let a later "mute" silence a page the user meant to hear. No rules means
 * every page notifies.
 */
function readNotifications(raw: unknown): { value: NotificationSettings; problem?: InvalidSection } {
  // Parsed under its key, so the reason names the place in the file ("notifications.rules.0...").
  const whole = SettingsSchema.pick({ notifications: true }).safeParse({ notifications: raw });
  if (whole.success) return { value: whole.data.notifications };
  const fields = isRecord(raw) ? raw : {};
  const kept: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const [key, schema] of Object.entries(NotificationSettingsSchema.shape)) {
    if (!(key in fields)) continue;
    if (schema.safeParse(fields[key]).success) kept[key] = fields[key];
    else dropped.push(key);
  }
  const salvaged = NotificationSettingsSchema.safeParse(kept);
  const value = salvaged.success ? salvaged.data : NotificationSettingsSchema.parse({});
  const defaults = !salvaged.success || dropped.length === 0 ? 'their defaults' : `the default ${dropped.map((key) => NOTIFICATION_FIELDS[key] ?? key).join(' and ')}`;
  const reason = explainZodError(whole.error, { max: 1, root: 'notifications' });
  return {
    value,
    problem: {
      key: 'notifications',
      noticeId: 'settings-section:notifications',
      message: `Your notification settings could not be read (${reason}). Baton uses ${defaults} until they are saved again; the rest of your settings are kept.`,
    },
  };
}

/** How a notification field that fell back reads in the notice. */
const NOTIFICATION_FIELDS: Record<string, string> = {
  rules: 'rules (none, so every page notifies)',
  criticalBreaksPause: '“critical pages break a pause” (on)',
  sound: 'sound (on)',
  repeatMinutes: 'repeat interval',
};

/**
 * Brings a settings file written by an earlier Baton to today's layout; each step is a no-op on a
 * file that is already current, so it runs on every start.
 */
export function migrateSettings(json: Record<string, unknown>): Record<string, unknown> {
  return moveNotificationRules(json);
}

/**
 * Notification rules and "critical pages break a pause" were kept with the alert sources
 * (`pageSources`); they now live with the other notification settings (`notifications`).
 */
function moveNotificationRules(json: Record<string, unknown>): Record<string, unknown> {
  const pages = json.pageSources;
  if (!isRecord(pages) || !('rules' in pages || 'criticalBreaksPause' in pages)) return json;
  // A broken `notifications` is left for the settings check to report, not papered over.
  if (json.notifications !== undefined && !isRecord(json.notifications)) return json;
  const { rules, criticalBreaksPause, ...pageSources } = pages;
  const moved = { ...(rules !== undefined ? { rules } : {}), ...(criticalBreaksPause !== undefined ? { criticalBreaksPause } : {}) };
  const notifications = isRecord(json.notifications) ? json.notifications : {};
  // A value already in `notifications` is newer than the one left behind in `pageSources`.
  return { ...json, pageSources, notifications: { ...moved, ...notifications } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
