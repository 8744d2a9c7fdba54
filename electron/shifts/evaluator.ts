import { buildOverview, DEFAULT_REMINDERS, type MyScheduleShift, type ShiftSlice } from '../../shared/schedule/slice';
import type { Settings } from '../../shared/settings';
import type { Shift } from '../../shared/schedule/types';
import type { Clock, Timer } from '../clock';
import type { Logger } from '../log';
import type { Calendars } from './calendars';
import type { SchedulesConfigStore } from './config';
import { dueReminders, reminderTimes } from './planner';
import type { ReminderActions } from './reminders';
import { sourceStatus } from './status';
import { settleChain } from '../settle';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

export interface EvaluatorDeps {
  clock: Clock;
  log: Logger;
  config: SchedulesConfigStore;
  calendars: Calendars;
  reminders: ReminderActions;
  /** Who I am (Settings): my shifts are found by name and e-mail. */
  identity(): Settings['identity'];
  /** When this process started: nothing before it falls due. */
  aliveSince: number;
  timeZone(): string;
  publish(slice: ShiftSlice): void;
  /** Shifts a paging service reported (its on-call), beside the calendars'. */
  serviceShifts(): Shift[];
}

export interface Evaluator {
  /** Publishes the shift slice, acts on what fell due since the last run, and sets the next boundary. */
  evaluate(): void;
  /** Resolves when pending journal writes and notifications are done. */
  settled(): Promise<void>;
  /** Evaluates nothing more. */
  dispose(): void;
  /** My shifts as last evaluated, per schedule. */
  mine(): readonly MyScheduleShift[];
}

/**
 * While on call the tray shows the time left ("2 d 4 h", "3 h 05 min"): the next moment that
 * text changes is a boundary too (hourly with more than a day left, then by the minute).
 */
export function nextCountdownChange(me: ShiftSlice['me'], now: number): number {
  if (!me.onCall || !me.current) return Infinity;
  const end = Date.parse(me.current.end);
  const step = end - now > DAY ? HOUR : MINUTE;
  const left = end - now;
  return now + (left % step || step);
}

/** The planner's glue: what is shown and due now, and one timer for the next moment that changes. */
export function createEvaluator(deps: EvaluatorDeps): Evaluator {
  const { clock, config, calendars } = deps;
  let lastEvaluated = deps.aliveSince;
  let boundaryTimer: Timer | null = null;
  let pending: Promise<void> = Promise.resolve();
  let disposed = false;
  let mine: readonly MyScheduleShift[] = [];

  function evaluate(): void {
    if (disposed) return;
    const now = clock.now();
    const { sources, aliases, refreshMinutes } = config.get();
    const fromServices = deps.serviceShifts();
    const overview = buildOverview([...sources.flatMap(calendars.shiftsOf), ...fromServices], { ...deps.identity(), aliases }, now, deps.timeZone(), sources.length > 0 || fromServices.length > 0);
    mine = overview.mine;
    deps.publish({ ...overview.slice, sources: sources.map((s) => sourceStatus(calendars, s)), refreshMinutes });

    const since = lastEvaluated;
    lastEvaluated = now;
    const reminders = reminderTimes(overview.mine, (sourceId) => sources.find((s) => s.id === sourceId)?.reminders ?? DEFAULT_REMINDERS);
    const due = dueReminders(reminders, since, now, deps.reminders.shown);
    pending = pending.then(() => deps.reminders.act(overview.mine, due, now)).catch((error) => deps.log.error('shifts: journal or reminder failed', error));

    const upcoming = [...overview.boundaries, ...reminders.map((r) => r.at), nextCountdownChange(overview.slice.me, now)].filter((t) => t > now && Number.isFinite(t));
    schedule(upcoming.length > 0 ? Math.min(...upcoming) : null);
  }

  /** One timer, for the next moment anything shown changes; never a tick. */
  function schedule(at: number | null): void {
    if (boundaryTimer) clock.clearTimeout(boundaryTimer);
    boundaryTimer = null;
    if (at === null || disposed) return;
    boundaryTimer = clock.setTimeout(evaluate, Math.max(0, at - clock.now()));
    boundaryTimer.unref?.();
  }

  return {
    evaluate,
    mine: () => mine,
    settled: () => settleChain(() => pending),
    dispose() {
      disposed = true;
      if (boundaryTimer) clock.clearTimeout(boundaryTimer);
    },
  };
}
