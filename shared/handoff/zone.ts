/** Wall-clock arithmetic in an IANA zone, for judging business and sleep hours across DST. */

export interface WallTime {
  year: number;
  month: number;
  day: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  hour: number;
  minute: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      weekday: 'short',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function wallTime(instant: number, timeZone: string): WallTime {
  const out: WallTime = { year: 0, month: 0, day: 0, weekday: 0, hour: 0, minute: 0 };
  for (const part of formatter(timeZone).formatToParts(instant)) {
    switch (part.type) {
      case 'year':
        out.year = Number(part.value);
        break;
      case 'month':
        out.month = Number(part.value);
        break;
      case 'day':
        out.day = Number(part.value);
        break;
      case 'weekday':
        out.weekday = WEEKDAYS[part.value] ?? 0;
        break;
      case 'hour':
        out.hour = Number(part.value) % 24;
        break;
      case 'minute':
        out.minute = Number(part.value);
        break;
    }
  }
  return out;
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
 * moved forward by the gap; in an overlap the earlier instant wins.
 */
export function fromLocalInput(value: string, timeZone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  // Two passes of "guess the offset, correct by what the zone says" settle on either side of a change.
  let guess = asUtc - offsetAt(asUtc, timeZone);
  guess = asUtc - offsetAt(guess, timeZone);
  const earlier = asUtc - offsetAt(guess - 3 * 3600_000, timeZone);
  if (wallMatches(earlier, timeZone, y, mo, d, h, mi) && earlier < guess) return earlier;
  return guess;
}

function wallMatches(instant: number, timeZone: string, y: number, mo: number, d: number, h: number, mi: number): boolean {
  const w = wallTime(instant, timeZone);
  return w.year === y && w.month === mo && w.day === d && w.hour === h && w.minute === mi;
}

/** Milliseconds the zone is ahead of UTC at the instant. */
export function offsetAt(instant: number, timeZone: string): number {
  const w = wallTime(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  return asUtc - Math.floor(instant / 60_000) * 60_000;
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
