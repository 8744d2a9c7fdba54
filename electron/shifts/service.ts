import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { displayTimeZone } from '../../shared/time';
import { formatDateTime, formatDuration } from '../../shared/time';
import { isPaused } from '../../shared/pause';
import { CalendarError, parseCalendar } from '../../shared/schedule/ical';
import { expandRotation } from '../../shared/schedule/rotation';
import { buildOverview, DEFAULT_REMINDERS, type MyScheduleShift, type ShiftSlice, type SourceStatus } from '../../shared/schedule/slice';
import type { AddScheduleSource } from '../../shared/schedule/requests';
import type { EventProblem, Shift } from '../../shared/schedule/types';
import type { Handlers } from '../router';
import { UserError } from '../user-error';
import { redactUrl } from '../secrets';
import type { Timer } from '../clock';
import type { FeatureContext } from '../services';
import { createFeedCache } from './cache';
import { schedulesSection, type SchedulesConfig, type SourceConfig } from './config';
import { fetchFeed, FeedError, MAX_FEED_BYTES, normalizeFeedUrl, type Fetch, type Validators } from './feed';
import { dueJournalEntries, dueReminders, reminderTimes } from './planner';
import { errorText } from '../../shared/errors';

export interface ShiftsInputs {
  /** Defaults to the global fetch; tests pass nothing and talk to a real local server. */
  fetch?: Fetch;
  maxFeedBytes?: number;
  /** Called when the reminder before my shift ends is due: the end-of-shift flow opens the handoff draft. */
  onShiftEnding?: () => void;
}

type ShiftHandlers = Pick<
  Handlers,
  'addScheduleSource' | 'updateScheduleSource' | 'removeScheduleSource' | 'refreshSchedules' | 'chooseSchedulePerson' | 'setScheduleOptions'
>;

export interface Shifts {
  handlers: ShiftHandlers;
  /** Re-reads schedules and re-schedules the next boundary (after resume, settings change). */
  evaluate(): void;
  refreshAll(): Promise<void>;
  /** Resolves when pending journal writes and notifications are done (tests, shutdown). */
  settled(): Promise<void>;
  dispose(): void;
}

/** Per-source runtime state: the last good schedule and how the latest refresh went. */
interface Runtime {
  text: string | null;
  shifts: Shift[];
  problems: EventProblem[];
  parsedAt: number;
  validators: Validators;
  lastAttempt: number | null;
  lastSuccess: number | null;
  error: string | null;
  refreshing: boolean;
  /** The refresh under way, so a second request waits for it instead of starting another. */
  inflight?: Promise<void>;
  fileMtime?: number;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const PAST = 35 * DAY;
const AHEAD = 400 * DAY;
const ROTATION_AHEAD = 120 * DAY;

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function describeRotation(rotation: Extract<SourceConfig, { kind: 'rotation' }>['rotation']): string {
  const when = rotation.length === 'daily' ? `daily at ${rotation.handoffTime}` : `${rotation.length === 'weekly' ? 'weekly' : `every ${rotation.customDays} days`}, ${WEEKDAYS[rotation.handoffWeekday - 1]} ${rotation.handoffTime}`;
  return `${when} (${rotation.timeZone})`;
}

/**
 * While on call the tray shows the time left ("2 d 4 h", "3 h 05 min"): the next moment that
 * text changes is a boundary too (hourly with more than a day left, then by the minute).
 */
function nextCountdownChange(me: ShiftSlice['me'], now: number): number {
  if (!me.onCall || !me.current) return Infinity;
  const end = Date.parse(me.current.end);
  const step = end - now > DAY ? HOUR : MINUTE;
  const left = end - now;
  return now + (left % step || step);
}

export async function createShifts(ctx: FeatureContext, inputs: ShiftsInputs = {}): Promise<Shifts> {
  const { clock, log, hub, settings, journal, notifier } = ctx;
  const fetchImpl = inputs.fetch ?? globalThis.fetch;
  const maxBytes = inputs.maxFeedBytes ?? MAX_FEED_BYTES;
  const cache = createFeedCache(path.join(ctx.deps.dataDir, 'schedules'));
  const aliveSince = clock.now();
  let lastEvaluated = aliveSince;
  let boundaryTimer: Timer | null = null;
  let refreshTimer: Timer | null = null;
  let disposed = false;
  let pending: Promise<void> = Promise.resolve();
  const shown = new Set<string>();
  const runtimes = new Map<string, Runtime>();

  let config = loadConfig();

  function loadConfig(): SchedulesConfig {
    return settings.read(schedulesSection);
  }

  function saveConfig(next: SchedulesConfig) {
    config = settings.write(schedulesSection, next);
  }

  const runtime = (id: string): Runtime => {
    let r = runtimes.get(id);
    if (!r) {
      r = { text: null, shifts: [], problems: [], parsedAt: 0, validators: {}, lastAttempt: null, lastSuccess: null, error: null, refreshing: false };
      runtimes.set(id, r);
    }
    return r;
  };

  const zone = () => displayTimeZone(hub.get());

  /** Parses a calendar text into the runtime; throws CalendarError for an unusable calendar. */
  function applyCalendar(source: SourceConfig, r: Runtime, text: string) {
    const now = clock.now();
    const parsed = parseCalendar(text, { sourceId: source.id, sourceName: source.name, defaultZone: zone(), window: { from: now - PAST, to: now + AHEAD } });
    r.text = text;
    r.shifts = parsed.shifts;
    r.problems = parsed.problems;
    r.parsedAt = now;
    if (parsed.problems.length > 0) log.warn(`shifts: ${source.name}: ${parsed.problems.length} event(s) skipped`, parsed.problems.slice(0, 5));
  }

  function shiftsOf(source: SourceConfig): Shift[] {
    const now = clock.now();
    if (source.kind === 'rotation') return expandRotation(source.rotation, { sourceId: source.id, name: source.name }, { from: now - PAST, to: now + ROTATION_AHEAD });
    const r = runtime(source.id);
    // A long-running app moves its window forward from the kept text, without a fetch.
    if (r.text && now - r.parsedAt > DAY) {
      try {
        applyCalendar(source, r, r.text);
      } catch (error) {
        log.warn(`shifts: ${source.name}: re-reading the kept copy failed`, error);
      }
    }
    return r.shifts;
  }

  function status(source: SourceConfig): SourceStatus {
    const r = runtime(source.id);
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    const location = source.kind === 'feed' ? source.redactedUrl : source.kind === 'file' ? source.path : describeRotation(source.rotation);
    return {
      id: source.id,
      name: source.name,
      kind: source.kind,
      location,
      lastAttempt: iso(r.lastAttempt),
      lastSuccess: iso(r.lastSuccess),
      error: r.error,
      refreshing: r.refreshing,
      stale: r.error !== null && r.text !== null,
      shiftCount: source.kind === 'rotation' ? shiftsOf(source).length : r.shifts.length,
      problems: r.problems.slice(0, 10).map((p) => `${p.summary ?? p.uid ?? 'an event'}: ${p.reason}`),
      reminders: source.reminders,
      rotation: source.kind === 'rotation' ? source.rotation : null,
    };
  }

  function evaluate() {
    if (disposed) return;
    const now = clock.now();
    const all = config.sources.flatMap(shiftsOf);
    const identity = settings.get().identity;
    const overview = buildOverview(all, { ...identity, aliases: config.aliases }, now, zone(), config.sources.length > 0);
    const slice: ShiftSlice = { ...overview.slice, sources: config.sources.map(status), refreshMinutes: config.refreshMinutes };
    hub.set('shift', slice);

    const since = lastEvaluated;
    lastEvaluated = now;
    const reminders = reminderTimes(overview.mine, (sourceId) => config.sources.find((s) => s.id === sourceId)?.reminders ?? DEFAULT_REMINDERS);
    const due = dueReminders(reminders, since, now, shown);
    pending = pending.then(() => act(overview.mine, due, now)).catch((error) => log.error('shifts: journal or reminder failed', error));

    const upcoming = [...overview.boundaries, ...reminders.map((r) => r.at), nextCountdownChange(overview.slice.me, now)].filter((t) => t > now && Number.isFinite(t));
    schedule(upcoming.length > 0 ? Math.min(...upcoming) : null);
  }

  async function act(mine: MyScheduleShift[], due: ReturnType<typeof dueReminders>, now: number) {
    const entries = dueJournalEntries(mine, journal.records(), now, aliveSince);
    if (entries.length > 0) {
      // Queued in one tick: one group commit, sequence numbers in order.
      await Promise.all(
        entries.map(({ type, shift }) =>
          journal.append(type, {
            scheduleId: shift.scheduleId.slice(0, 200),
            scheduleName: shift.scheduleName.slice(0, 200),
            person: shift.person.slice(0, 200),
            start: new Date(shift.start).toISOString(),
            end: new Date(shift.end).toISOString(),
          }),
        ),
      );
    }
    const state = hub.get();
    for (const reminder of due) {
      shown.add(reminder.key);
      if (reminder.kind === 'end') inputs.onShiftEnding?.();
      if (isPaused(state.pause, now)) {
        log.info(`shifts: reminder skipped while notifications are paused (${reminder.key})`);
        continue;
      }
      const { shift } = reminder;
      const tz = zone();
      const title =
        reminder.kind === 'start'
          ? `${shift.scheduleName}: your shift starts in ${formatDuration(shift.start - now)}`
          : `${shift.scheduleName}: your shift ends in ${formatDuration(shift.end - now)}`;
      const body =
        reminder.kind === 'start'
          ? `On call from ${formatDateTime(shift.start, tz)} until ${formatDateTime(shift.end, tz)}.`
          : `Prepare your handoff: the shift ends ${formatDateTime(shift.end, tz)}.`;
      await notifier.notify({ key: `shift-reminder:${reminder.key}`, title, body, urgency: 'normal', sticky: false, sound: state.settings.notifications.sound });
    }
  }

  /** One timer, for the next moment anything shown changes; never a tick. */
  function schedule(at: number | null) {
    if (boundaryTimer) clock.clearTimeout(boundaryTimer);
    boundaryTimer = null;
    if (at === null || disposed) return;
    boundaryTimer = clock.setTimeout(evaluate, Math.max(0, at - clock.now()));
    boundaryTimer.unref?.();
  }

  function scheduleRefresh() {
    if (refreshTimer) clock.clearTimeout(refreshTimer);
    refreshTimer = null;
    if (disposed || !config.sources.some((s) => s.kind !== 'rotation')) return;
    refreshTimer = clock.setTimeout(() => void refreshAll(), config.refreshMinutes * 60_000);
    refreshTimer.unref?.();
  }

  function refreshSource(source: SourceConfig): Promise<void> {
    if (source.kind === 'rotation') return Promise.resolve();
    const r = runtime(source.id);
    r.inflight ??= runRefresh(source, r).finally(() => (r.inflight = undefined));
    return r.inflight;
  }

  async function runRefresh(source: Exclude<SourceConfig, { kind: 'rotation' }>, r: Runtime): Promise<void> {
    r.refreshing = true;
    r.lastAttempt = clock.now();
    evaluate();
    try {
      if (source.kind === 'feed') await refreshFeed(source, r);
      else await refreshFile(source, r);
      r.error = null;
      r.lastSuccess = clock.now();
    } catch (error) {
      const message = error instanceof FeedError || error instanceof CalendarError || error instanceof UserError ? error.message : `unexpected error: ${errorText(error)}`;
      r.error = error instanceof CalendarError ? `The calendar could not be used: ${message}.` : message;
      log.warn(`shifts: refreshing ${source.name} failed${r.text ? ' (keeping the last good copy)' : ''}`, r.error);
    } finally {
      r.refreshing = false;
    }
  }

  async function refreshFeed(source: Extract<SourceConfig, { kind: 'feed' }>, r: Runtime) {
    let url: string;
    try {
      url = ctx.deps.secretBox.decrypt(source.sealedUrl);
    } catch {
      throw new FeedError('The stored link could not be decrypted on this machine; remove this schedule and add it again.');
    }
    const result = await fetchFeed(fetchImpl, url, r.text ? r.validators : {}, { timeoutMs: config.fetchTimeoutSeconds * 1000, maxBytes });
    const fetchedAt = new Date(clock.now()).toISOString();
    if (result.kind === 'not-modified') {
      await cache.touch(source.id, { ...r.validators, fetchedAt });
      return;
    }
    applyCalendar(source, r, result.text);
    r.validators = result.validators;
    await cache.write(source.id, result.text, { ...result.validators, fetchedAt });
  }

  async function refreshFile(source: Extract<SourceConfig, { kind: 'file' }>, r: Runtime) {
    let stat;
    try {
      stat = await fs.stat(source.path);
    } catch (error) {
      throw new FeedError(`Cannot read ${source.path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
    }
    if (stat.size > maxBytes) throw new FeedError(`${source.path} is ${Math.round(stat.size / 1024 / 1024)} MB, more than Baton accepts for a calendar.`);
    if (r.text && r.fileMtime === stat.mtimeMs) return;
    applyCalendar(source, r, await fs.readFile(source.path, 'utf8'));
    r.fileMtime = stat.mtimeMs;
  }

  async function refreshAll() {
    await Promise.all(config.sources.map(refreshSource));
    evaluate();
    scheduleRefresh();
  }

  // Start from the last good copies so the schedule is there offline, before any fetch.
  for (const source of config.sources) {
    if (source.kind === 'file') await refreshSource(source);
    if (source.kind !== 'feed') continue;
    const kept = await cache.read(source.id);
    if (!kept) continue;
    const r = runtime(source.id);
    try {
      applyCalendar(source, r, kept.text);
      r.validators = { etag: kept.meta.etag, lastModified: kept.meta.lastModified };
      r.lastSuccess = Date.parse(kept.meta.fetchedAt);
    } catch (error) {
      log.warn(`shifts: the kept copy of ${source.name} is unusable`, error);
    }
  }
  evaluate();
  void refreshAll();

  ctx.onResume(() => {
    evaluate();
    void refreshAll();
  });
  const offSettings = hub.onChange((_state, changed) => {
    if (changed === 'settings') evaluate();
  });

  const findSource = (id: string) => {
    const source = config.sources.find((s) => s.id === id);
    if (!source) throw new UserError('That schedule no longer exists.');
    return source;
  };

  function newSource(args: AddScheduleSource): SourceConfig {
    const id = crypto.randomBytes(6).toString('hex');
    const base = { id, name: args.name, reminders: { ...DEFAULT_REMINDERS } };
    if (args.kind === 'feed') {
      const url = normalizeFeedUrl(args.url);
      return { ...base, kind: 'feed', sealedUrl: ctx.deps.secretBox.encrypt(url), redactedUrl: redactUrl(url) };
    }
    if (args.kind === 'file') {
      if (!path.isAbsolute(args.path)) throw new UserError('Give the full path of the .ics file.');
      return { ...base, kind: 'file', path: path.normalize(args.path) };
    }
    return { ...base, kind: 'rotation', rotation: args.rotation };
  }

  const ok = { ok: true as const };
  const handlers: ShiftHandlers = {
    async addScheduleSource(args) {
      if (config.sources.length >= 20) throw new UserError('Baton keeps at most 20 schedules; remove one first.');
      const source = newSource(args);
      saveConfig({ ...config, sources: [...config.sources, source] });
      log.info(`shifts: added ${source.kind} schedule “${source.name}”${source.kind === 'feed' ? ` from ${source.redactedUrl}` : ''}`);
      await refreshSource(source);
      evaluate();
      scheduleRefresh();
      return { id: source.id };
    },
    updateScheduleSource({ id, name, reminders, rotation }) {
      const source = findSource(id);
      if (rotation && source.kind !== 'rotation') throw new UserError('Only a local rotation has members and handoffs to edit.');
      const updated = { ...source, ...(name ? { name } : {}), ...(reminders ? { reminders } : {}), ...(rotation ? { rotation } : {}) } as SourceConfig;
      saveConfig({ ...config, sources: config.sources.map((s) => (s.id === id ? updated : s)) });
      const r = runtimes.get(id);
      if (name && r?.text) applyCalendar(updated, r, r.text);
      evaluate();
      return ok;
    },
    async removeScheduleSource({ id }) {
      findSource(id);
      saveConfig({ ...config, sources: config.sources.filter((s) => s.id !== id) });
      runtimes.delete(id);
      await cache.remove(id);
      evaluate();
      scheduleRefresh();
      return ok;
    },
    async refreshSchedules({ id }) {
      if (id) await refreshSource(findSource(id));
      else await Promise.all(config.sources.map(refreshSource));
      evaluate();
      return ok;
    },
    chooseSchedulePerson({ person }) {
      saveConfig({ ...config, aliases: person ? [person] : [] });
      evaluate();
      return ok;
    },
    setScheduleOptions(options) {
      saveConfig({ ...config, ...options });
      scheduleRefresh();
      evaluate();
      return ok;
    },
  };

  return {
    handlers,
    evaluate,
    refreshAll,
    settled: async () => {
      for (;;) {
        const current = pending;
        await current;
        if (current === pending) return;
      }
    },
    dispose() {
      disposed = true;
      offSettings();
      if (boundaryTimer) clock.clearTimeout(boundaryTimer);
      if (refreshTimer) clock.clearTimeout(refreshTimer);
    },
  };
}
