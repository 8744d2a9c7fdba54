/** Formatting of instants in the user's zone, always naming the zone (DESIGN: times show with the zone named). */

/** The zone times are shown in: the user's choice in settings, else the OS zone. */
export function displayTimeZone(state: { settings: { timeZone: string }; app: { systemTimeZone: string } }): string {
  return state.settings.timeZone || state.app.systemTimeZone;
}

/**
 * Building an Intl.DateTimeFormat costs ~0.1 ms, using one a few µs: long lists (the log, a handoff
 * of thousands of events) format through cached instances.
 */
const dateFormatters = new Map<string, Intl.DateTimeFormat>();
function dateFormatter(kind: 'datetime' | 'time', locale: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${kind}|${locale}|${timeZone}`;
  let formatter = dateFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, {
      timeZone,
      ...(kind === 'datetime' ? { weekday: 'short', day: '2-digit', month: 'short' } : { second: '2-digit' }),
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    dateFormatters.set(key, formatter);
  }
  return formatter;
}

export function formatDateTime(iso: string | number, timeZone: string, locale?: string): string {
  const date = new Date(iso);
  const text = dateFormatter('datetime', locale ?? 'en-GB', timeZone).format(date);
  return `${text} ${zoneAbbreviation(date, timeZone)}`;
}

export function formatTime(iso: string | number, timeZone: string, locale?: string): string {
  const date = new Date(iso);
  const text = dateFormatter('time', locale ?? 'en-GB', timeZone).format(date);
  return `${text} ${zoneAbbreviation(date, timeZone)}`;
}

const zoneNameFormatters = new Map<string, Intl.DateTimeFormat>();
function zoneNameFormatter(locale: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}`;
  let formatter = zoneNameFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' });
    zoneNameFormatters.set(key, formatter);
  }
  return formatter;
}

/**
 * "CET", "EDT", "AEDT"; "GMT+5:30" where no English locale has an abbreviation.
 * en-US names American zones only; the other English locales know CET/BST, AEST, IST.
 */
export function zoneAbbreviation(date: Date, timeZone: string): string {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 'UTC';
  let fallback = timeZone;
  for (const locale of ZONE_LOCALES) {
    const name = zoneNameFormatter(locale, timeZone)
      .formatToParts(date)
      .find((p) => p.type === 'timeZoneName')?.value;
    if (!name) continue;
    if (!/^(GMT|UTC)([+-]|$)/.test(name)) return name;
    if (fallback === timeZone) fallback = name;
  }
  return fallback;
}

const ZONE_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-NZ', 'en-IN', 'en-CA', 'en-ZA', 'en-SG'];

/** "2 d 4 h", "3 h 05 min", "12 min", "<1 min". */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return '<1 min';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return `${hours} h ${String(mins).padStart(2, '0')} min`;
  return `${mins} min`;
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();
function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
    dayFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The calendar day an instant falls on in a zone: "Mon, 30 Nov 2026" (a day header; the zone is the view's). */
export function formatDay(iso: string | number, timeZone: string): string {
  return dayFormatter(timeZone).format(new Date(iso));
}

/** The same day in a zone, as a key to compare: "2026-11-30". */
export function dayKey(iso: string | number, timeZone: string): string {
  const parts = dayFormatter(timeZone).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day').padStart(2, '0')}`;
}

/**
 * A calendar day with no time and no zone (a follow-up's due date, "2026-12-02"): "Wed, 2 Dec 2026".
 * Formatted in UTC so no zone can move it to another day; anything else is returned as it is.
 */
export function formatCalendarDay(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  return dayFormatter('UTC').format(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

/** "in 12 min", "3 h 05 min ago", "now" (within a minute): how far an instant is from `now`. */
export function formatRelative(iso: string | number, now: number): string {
  const delta = new Date(iso).getTime() - now;
  if (Math.abs(delta) < 60_000) return 'now';
  return delta > 0 ? `in ${formatDuration(delta)}` : `${formatDuration(-delta)} ago`;
}
