import { wallClockToInstant } from '../../../shared/schedule/zones';

/** The instant a calendar day starts in a time zone (DST-safe), as ISO UTC. */
export function startOfDayIn(day: string, timeZone: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(wallClockToInstant({ year, month, day: date, hour: 0, minute: 0, second: 0 }, timeZone)).toISOString();
}

/** The day after `day` (YYYY-MM-DD), for an inclusive "to" date. */
export function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}
