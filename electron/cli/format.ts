import type { Page } from '../../shared/pages';
import type { MyShift } from '../../shared/schedule/slice';
import { formatDateTime, formatDuration } from '../../shared/time';
import type { Snapshot } from './snapshot';

/** How the read commands print for a person; `--json` prints the data instead (see main.ts). */

export function statusText(s: Snapshot, now: number): string {
  const lines = [shiftLine(s, now)];
  const unacked = s.open.filter((p) => p.status === 'triggered').length;
  lines.push(
    s.open.length === 0
      ? 'No open pages.'
      : `${s.open.length} open page${s.open.length === 1 ? '' : 's'}${unacked ? ` (${unacked} not acknowledged)` : ''}:`,
  );
  for (const page of s.open.slice(0, 5)) lines.push(`  ${pageLine(page, s.timeZone)}`);
  if (s.open.length > 5) lines.push(`  … and ${s.open.length - 5} more (baton pages)`);
  if (s.pause?.indefinite) lines.push('Notifications are paused until you resume them (baton resume).');
  else if (s.pause?.until && Date.parse(s.pause.until) > now) lines.push(`Notifications are paused until ${formatDateTime(s.pause.until, s.timeZone)}.`);
  return lines.join('\n');
}

function shiftLine(s: Snapshot, now: number): string {
  const { current, next } = s.me;
  if (s.me.onCall && current) return `On call until ${formatDateTime(current.end, s.timeZone)} (${formatDuration(Date.parse(current.end) - now)} left; ${scheduleNames(current)}).`;
  if (next) return `Off call. Next shift: ${formatDateTime(next.start, s.timeZone)} – ${formatDateTime(next.end, s.timeZone)} (${scheduleNames(next)}).`;
  return s.schedules.length > 0 ? 'Off call; no shift of yours in the schedules ahead.' : 'Off call (no schedule is set up in Baton).';
}

const scheduleNames = (shift: MyShift) => shift.schedules.join(', ') || 'schedule';

export function pageLine(page: Page, timeZone: string): string {
  const state = page.status === 'acknowledged' ? `acked by ${page.acknowledgedBy ?? 'someone'}` : page.status;
  return `${page.id}  ${page.severity.toUpperCase().padEnd(8)} ${state.padEnd(12)} ${page.title}  (${page.sourceName}, since ${formatDateTime(page.receivedAt, timeZone)})`;
}

export function pagesText(pages: Page[], timeZone: string, emptyText: string): string {
  return pages.length === 0 ? emptyText : pages.map((p) => pageLine(p, timeZone)).join('\n');
}

export function whoText(s: Snapshot, schedules: Snapshot['schedules']): string {
  if (schedules.length === 0) return 'No schedule is set up in Baton.';
  return schedules
    .map((schedule) => {
      const now = schedule.now ? `${schedule.now.people.join(', ') || 'nobody'} until ${formatDateTime(schedule.now.end, s.timeZone)}` : 'nobody';
      const next = schedule.next ? `${schedule.next.people.join(', ') || 'nobody'} from ${formatDateTime(schedule.next.start, s.timeZone)}` : 'nobody scheduled';
      return `${schedule.name}: ${now}; next ${next}`;
    })
    .join('\n');
}

/** `status --json`: stable field names for scripts. */
export function statusJson(s: Snapshot, now: number) {
  return {
    running: s.running,
    onCall: s.me.onCall,
    shift: s.me.current,
    nextShift: s.me.next,
    openPages: s.open.length,
    unacknowledged: s.open.filter((p) => p.status === 'triggered').length,
    paused: s.pause ? s.pause.indefinite || (s.pause.until !== null && Date.parse(s.pause.until) > now) : null,
    pausedUntil: s.pause?.until ?? null,
    timeZone: s.timeZone,
  };
}
