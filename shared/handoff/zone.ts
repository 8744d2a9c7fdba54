/** Wall-clock arithmetic in an IANA zone, for judging business and sleep hours across DST. */

import { wallClockAt, wallClockToInstant, type WallClock } from '../schedule/zones';

export interface WallTime extends WallClock {
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
}

export function wallTime(instant: number, timeZone: string): WallTime {
  const clock = wallClockAt(instant, timeZone);
  const weekday = ((new Date(Date.UTC(clock.year, clock.month - 1, clock.day)).getUTCDay() + 6) % 7) + 1;
  return { ...clock, weekday };
}

/** "2026-11-22" in the zone. */
export function localDate(instant: number, timeZone: string): string {
  const w = wallTime(instant, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** "2026-11-22T09:00", the value of an `<input type="datetime-local">`, in the zone. */
export function toLocalInput(instant: number, timeZone: string): string {
  const w = wallTime(instant, timeZone);
  return `${localDate(instant, timeZone)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/**
 * The instant a wall time ("2026-10-25T02:30") names in the zone. In a DST gap the time is
 * moved forward by the gap; in an overlap the earlier instant wins (shared/schedule/zones.ts).
 */
export function fromLocalInput(value: string, timeZone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number);
  return wallClockToInstant({ year, month, day, hour, minute, second: 0 }, timeZone);
}

/** Minutes since local midnight of "HH:MM". */
export function clockMinutes(text: string): number {
  const [h, m] = text.split(':').map(Number);
  return h * 60 + m;
}

/** Whether a minute of the day lies in [start, end), a range that may wrap midnight. */
export function inDailyRange(minuteOfDay: number, start: number, end: number): boolean {
  if (start === end) return false;
  return start < end ? minuteOfDay >= start && minuteOfDay < end : minuteOfDay >= start || minuteOfDay < end;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
