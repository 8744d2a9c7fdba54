import type { JournalRecord } from '../../shared/events';
import type { MyScheduleShift, Reminders } from '../../shared/schedule/slice';

/**
 * What is due at `now`: reminders whose moment passed since the last evaluation, and the
 * shift.started / shift.ended entries the journal does not hold yet. Pure, so sleep, resume and
 * DST are tested by moving a clock.
 */
export interface Reminder {
  key: string;
  kind: 'start' | 'end';
  shift: MyScheduleShift;
  /** The configured lead time, in minutes. */
  minutes: number;
  at: number;
}

export function reminderTimes(mine: readonly MyScheduleShift[], remindersFor: (sourceId: string) => Reminders): Reminder[] {
  const out: Reminder[] = [];
  for (const shift of mine) {
    const config = remindersFor(shift.sourceId);
    for (const minutes of config.beforeStart) {
      out.push({ key: `start:${shift.scheduleId}:${shift.start}:${minutes}`, kind: 'start', shift, minutes, at: shift.start - minutes * 60_000 });
    }
    for (const minutes of config.beforeEnd) {
      // A reminder to hand off before a shift that is shorter than the lead time would come before it starts.
      const at = Math.max(shift.end - minutes * 60_000, shift.start);
      out.push({ key: `end:${shift.scheduleId}:${shift.start}:${minutes}`, kind: 'end', shift, minutes, at });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

/**
 * Reminders to show now: their moment is in (since, now] and what they announce is still ahead.
 * After sleep several may be due for one shift: only the latest of each kind is shown.
 */
export function dueReminders(all: readonly Reminder[], since: number, now: number, shown: ReadonlySet<string>): Reminder[] {
  const latest = new Map<string, Reminder>();
  for (const r of all) {
    if (r.at <= since || r.at > now || shown.has(r.key)) continue;
    const target = r.kind === 'start' ? r.shift.start : r.shift.end;
    if (target <= now) continue;
    const group = `${r.kind}:${r.shift.scheduleId}:${r.shift.start}`;
    const previous = latest.get(group);
    if (!previous || r.at > previous.at) latest.set(group, r);
  }
  return [...latest.values()];
}

export type ShiftEntry = { type: 'shift.started' | 'shift.ended'; shift: MyScheduleShift };

const keyOf = (scheduleId: string, start: string) => `${scheduleId}|${start}`;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Journal entries owed at `now`, derived from what the journal already holds (so a restart or a
 * second evaluation never writes a duplicate). `aliveSince` is when this process started: a shift
 * that began and ended while it was alive (the laptop slept through it) gets both entries.
 */
export function dueJournalEntries(mine: readonly MyScheduleShift[], records: readonly JournalRecord[], now: number, aliveSince: number): ShiftEntry[] {
  const started = new Set<string>();
  const ended = new Set<string>();
  for (const record of records) {
    if (record.type !== 'shift.started' && record.type !== 'shift.ended') continue;
    const data = record.data as { scheduleId: string; start: string };
    (record.type === 'shift.started' ? started : ended).add(keyOf(data.scheduleId, data.start));
  }
  const out: ShiftEntry[] = [];
  for (const shift of [...mine].sort((a, b) => a.start - b.start)) {
    if (shift.start > now) continue;
    const key = keyOf(shift.scheduleId.slice(0, 200), iso(shift.start));
    const hasStarted = started.has(key);
    if (shift.end > now) {
      if (!hasStarted) out.push({ type: 'shift.started', shift });
      continue;
    }
    if (ended.has(key)) continue;
    if (hasStarted) out.push({ type: 'shift.ended', shift });
    else if (shift.start >= aliveSince) out.push({ type: 'shift.started', shift }, { type: 'shift.ended', shift });
  }
  return out;
}
