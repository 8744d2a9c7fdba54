import type { TrayShift } from '../tray';
import type { ShiftSlice } from './slice';

/** The tray's view of the shift slice: am I on call, until when, and who is on call now and next. */
export function trayShift(slice: ShiftSlice | undefined): TrayShift | null {
  if (!slice || !slice.configured) return null;
  const me = new Set(slice.identity.people);
  const label = (people: string[], schedule: string, many: boolean) => `${people.join(' + ')}${many ? ` (${schedule})` : ''}`;
  const many = slice.schedules.length > 1;
  const nowParts = slice.schedules
    .filter((s) => s.now && !s.now.people.every((p) => me.has(p)))
    .map((s) => label(s.now!.people, s.name, many));
  const upcoming = slice.schedules
    .filter((s) => s.next)
    .sort((a, b) => a.next!.start.localeCompare(b.next!.start))[0];
  return {
    onCall: slice.me.onCall,
    boundary: slice.me.onCall ? (slice.me.current?.end ?? null) : (slice.me.next?.start ?? null),
    currentOnCall: nowParts.length > 0 ? nowParts.join(' · ') : null,
    nextOnCall: upcoming?.next ? { who: label(upcoming.next.people, upcoming.name, many), start: upcoming.next.start } : null,
  };
}
