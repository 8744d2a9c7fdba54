/** The instant a calendar day starts in a time zone (DST-safe), as ISO UTC. */
export function startOfDayIn(day: string, timeZone: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d);
  let guess = wall;
  // Two rounds settle the offset even when the day starts next to a DST change.
  for (let i = 0; i < 2; i++) guess = wall - offsetAt(guess, timeZone);
  return new Date(guess).toISOString();
}

/** The day after `day` (YYYY-MM-DD), for an inclusive "to" date. */
export function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

function offsetAt(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(ms);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(ms / 1000) * 1000;
}
