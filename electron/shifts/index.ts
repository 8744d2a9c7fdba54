import path from 'node:path';
import type { ScheduleView, ShiftSlice } from '../../shared/schedule/slice';
import type { Shift } from '../../shared/schedule/types';
import type { Clock, Timer } from '../clock';
import type { Journal } from '../journal';
import type { Logger } from '../log';
import type { Notifier } from '../notifier';
import type { SecretBox } from '../secrets';
import type { SettingsService } from '../settings';
import { mergeSpans } from '../../shared/coverage';
import { createFeedCache } from './cache';
import { createCalendars } from './calendars';
import { openSchedulesConfig } from './config';
import { createEvaluator } from './evaluator';
import { MAX_FEED_BYTES, type Fetch } from './feed';
import { shiftHandlers, type ShiftHandlers } from './handlers';
import { loadKeptCopies, refreshSource, type RefreshDeps } from './refresh';
import { createReminderActions } from './reminders';

export type { ShiftHandlers } from './handlers';

export interface ShiftsInputs {
  /** Defaults to the global fetch; tests pass nothing and talk to a real local server. */
  fetch?: Fetch;
  maxFeedBytes?: number;
  /** Called when the reminder before my shift ends is due: the end-of-shift flow opens the handoff draft. */
  onShiftEnding?: () => void;
}

/** What the shifts feature uses, and nothing else. */
export interface ShiftsDeps {
  /** Kept copies of feeds live in `<dataDir>/schedules`. */
  dataDir: string;
  clock: Clock;
  log: Logger;
  /** Reads which shift entries exist; appends `shift.started` / `shift.ended`. */
  journal: Pick<Journal, 'append' | 'records'>;
  /** Identity and sound from the settings; the `schedules` section. */
  settings: Pick<SettingsService, 'get' | 'read' | 'write'>;
  notifier: Notifier;
  /** Seals calendar links (they carry tokens). */
  secretBox: SecretBox;
  /** The zone times are shown in. */
  timeZone(): string;
  /** Whether notifications are paused at a time (reminders are then skipped). */
  isPaused(at: number): boolean;
  /** Where the shift slice goes (the state hub). */
  publish(slice: ShiftSlice): void;
  /** Runs `fn` after the machine wakes or the clock jumps. */
  onResume(fn: () => void): void;
  /** On-call shifts a paging service reported (PagerDuty's /oncalls): shifts without an ICS link. */
  serviceShifts?(): Shift[];
}

/** Who is on call, as shifts last worked it out (it re-evaluates at every handoff in any schedule). */
export interface OnCall {
  /** The names under which my shifts appear in the schedules. */
  me: string[];
  /** Each schedule's current and next span, with its people. */
  schedules: Pick<ScheduleView, 'id' | 'name' | 'now' | 'next'>[];
}

export interface Shifts {
  handlers: ShiftHandlers;
  /** Who is on call now and next, for features that need it (the handoff's incoming person). */
  onCall(): OnCall;
  /** My shifts across schedules, joined where they touch (coverage counts gaps only inside them). */
  myShifts(): { start: number; end: number }[];
  /** Re-reads schedules and re-schedules the next boundary (after resume, settings change). */
  evaluate(): void;
  refreshAll(): Promise<void>;
  /** Resolves when pending journal writes and notifications are done (tests, shutdown). */
  settled(): Promise<void>;
  dispose(): void;
}

export async function createShifts(deps: ShiftsDeps, inputs: ShiftsInputs = {}): Promise<Shifts> {
  const { clock, log } = deps;
  const aliveSince = clock.now();
  const config = openSchedulesConfig(deps.settings);
  const calendars = createCalendars(clock, log, deps.timeZone);
  const reminders = createReminderActions({
    journal: deps.journal, notifier: deps.notifier, log, isPaused: deps.isPaused, timeZone: deps.timeZone,
    sound: () => deps.settings.get().notifications.sound, onShiftEnding: inputs.onShiftEnding, aliveSince,
  });
  let onCall: OnCall = { me: [], schedules: [] };
  const publish = (slice: ShiftSlice) => {
    onCall = { me: slice.identity.people, schedules: slice.schedules };
    deps.publish(slice);
  };
  const evaluator = createEvaluator({
    clock, log, config, calendars, reminders, aliveSince, timeZone: deps.timeZone, publish,
    identity: () => deps.settings.get().identity,
    serviceShifts: deps.serviceShifts ?? (() => []),
  });
  const { evaluate } = evaluator;
  const cache = createFeedCache(path.join(deps.dataDir, 'schedules'));
  const refreshDeps: RefreshDeps = {
    clock, log, calendars, cache, config, secretBox: deps.secretBox,
    fetch: inputs.fetch ?? globalThis.fetch, maxBytes: inputs.maxFeedBytes ?? MAX_FEED_BYTES, onChange: evaluate,
  };
  const refresh = (source: Parameters<typeof refreshSource>[1]) => refreshSource(refreshDeps, source);

  let refreshTimer: Timer | null = null;
  let disposed = false;
  function scheduleRefresh(): void {
    if (refreshTimer) clock.clearTimeout(refreshTimer);
    refreshTimer = null;
    if (disposed || !config.get().sources.some((s) => s.kind !== 'rotation')) return;
    refreshTimer = clock.setTimeout(() => void refreshAll(), config.get().refreshMinutes * 60_000);
    refreshTimer.unref?.();
  }
  async function refreshAll(): Promise<void> {
    await Promise.all(config.get().sources.map(refresh));
    evaluate();
    scheduleRefresh();
  }

  await loadKeptCopies(refreshDeps);
  evaluate();
  void refreshAll();
  deps.onResume(() => {
    evaluate();
    void refreshAll();
  });

  return {
    handlers: shiftHandlers({ log, config, calendars, cache, secretBox: deps.secretBox, refreshSource: refresh, evaluate, scheduleRefresh }),
    onCall: () => onCall,
    myShifts: () => mergeSpans(evaluator.mine().map(({ start, end }) => ({ start, end }))),
    evaluate,
    refreshAll,
    settled: evaluator.settled,
    dispose() {
      disposed = true;
      evaluator.dispose();
      if (refreshTimer) clock.clearTimeout(refreshTimer);
    },
  };
}
