/** Formatting of instants in the user's zone, always naming the zone (DESIGN: times show with the zone named). */

/**
 * Building an Intl.DateTimeFormat costs ~0.1 ms, using one ~µs: long lists (the log, a handoff
 * with thousands of events) format through cached instances.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function cached(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (!f) {
    if (formatters.size > 200) formatters.clear();
    f = make();
    formatters.set(key, f);
  }
  return f;
}

export function formatDateTime(iso: string | number, timeZone: string, locale?: string): string {
  const date = new Date(iso);
  const text = cached(`dt|${locale ?? 'en-GB'}|${timeZone}`, () =>
    new Intl.DateTimeFormat(locale ?? 'en-GB', {
      timeZone,
      weekday: 'short',
      day: '2-digit',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }),
  ).format(date);
  return `${text} ${zoneAbbreviation(date, timeZone)}`;
}

export function formatTime(iso: string | number, timeZone: string, locale?: string): string {
  const date = new Date(iso);
  const text = cached(`t|${locale ?? 'en-GB'}|${timeZone}`, () =>
    new Intl.DateTimeFormat(locale ?? 'en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    }),
  ).format(date);
  return `${text} ${zoneAbbreviation(date, timeZone)}`;
}

/**
 * "CET", "EDT", "AEDT"; "GMT+5:30" where no English locale has an abbreviation.
 * Each English locale knows the abbreviations of its own region, so several are asked.
 */
export function zoneAbbreviation(date: Date, timeZone: string): string {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 'UTC';
  let fallback = timeZone;
  for (const locale of ZONE_LOCALES) {
    const name = cached(`z|${locale}|${timeZone}`, () => new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }))
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
