import type { ScheduleView } from '../../../shared/schedule/slice';
import { formatDateTime, zoneAbbreviation } from '../../../shared/time';
import { wallClockAt } from '../../../shared/schedule/zones';

const DAY_LABEL = (ms: number, zone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', day: '2-digit' }).format(new Date(ms));

/** Midnights of the 14 days, in the user's zone (a DST day is 23 or 25 hours long, so they are not evenly spaced). */
function dayStarts(from: number, to: number, zone: string): number[] {
  const starts = [from];
  for (let t = from + 20 * 3_600_000; t < to; t += 3_600_000) {
    const w = wallClockAt(t, zone);
    if (w.hour === 0 && w.minute === 0) {
      starts.push(t);
      t += 20 * 3_600_000;
    }
  }
  return starts;
}

export function Timeline({ schedule, from, to, zone, now }: { schedule: ScheduleView; from: string; to: string; zone: string; now: number }) {
  const start = Date.parse(from);
  const end = Date.parse(to);
  const span = end - start;
  const pct = (ms: number) => `${(((ms - start) / span) * 100).toFixed(3)}%`;
  const days = dayStarts(start, end, zone);
  return (
    <div className="timeline">
      <div className="timeline-days" aria-hidden="true">
        {days.map((d) => {
          const weekday = new Date(d).toLocaleDateString('en-GB', { timeZone: zone, weekday: 'short' });
          return (
            <span key={d} className={weekday === 'Sat' || weekday === 'Sun' ? 'weekend' : undefined}>
              {DAY_LABEL(d, zone)}
            </span>
          );
        })}
      </div>
      <ul className="timeline-track" aria-label={`${schedule.name}: the next 14 days`}>
        {schedule.timeline.map((segment) => {
          const s = Date.parse(segment.start);
          const e = Date.parse(segment.end);
          const who = segment.people.join(' + ');
          const text = `${who}: ${formatDateTime(s, zone)} – ${formatDateTime(e, zone)}`;
          return (
            <li key={segment.start} className={segment.me ? 'me' : undefined} style={{ left: pct(s), width: pct(start + (e - s)) }} title={text} aria-label={text}>
              {who}
            </li>
          );
        })}
        {now >= start && now < end ? <span className="timeline-now" style={{ left: pct(now) }} aria-hidden="true" /> : null}
      </ul>
      <p className="muted small">
        Times in {zone} ({zoneAbbreviation(new Date(now), zone)}).
      </p>
    </div>
  );
}
