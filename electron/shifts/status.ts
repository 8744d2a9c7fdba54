import type { SourceStatus } from '../../shared/schedule/slice';
import type { Calendars } from './calendars';
import type { SourceConfig } from './config';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function describeRotation(rotation: Extract<SourceConfig, { kind: 'rotation' }>['rotation']): string {
  const when = rotation.length === 'daily' ? `daily at ${rotation.handoffTime}` : `${rotation.length === 'weekly' ? 'weekly' : `every ${rotation.customDays} days`}, ${WEEKDAYS[rotation.handoffWeekday - 1]} ${rotation.handoffTime}`;
  return `${when} (${rotation.timeZone})`;
}

/** How a schedule source is doing, as Settings shows it. */
export function sourceStatus(calendars: Calendars, source: SourceConfig): SourceStatus {
  const r = calendars.runtime(source.id);
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const location = source.kind === 'feed' ? source.redactedUrl : source.kind === 'file' ? source.path : describeRotation(source.rotation);
  return {
    id: source.id,
    name: source.name,
    kind: source.kind,
    location,
    lastAttempt: iso(r.lastAttempt),
    lastSuccess: iso(r.lastSuccess),
    error: r.error,
    refreshing: r.refreshing,
    stale: r.error !== null && r.text !== null,
    shiftCount: source.kind === 'rotation' ? calendars.shiftsOf(source).length : r.shifts.length,
    problems: r.problems.slice(0, 10).map((p) => `${p.summary ?? p.uid ?? 'an event'}: ${p.reason}`),
    reminders: source.reminders,
    rotation: source.kind === 'rotation' ? source.rotation : null,
  };
}
