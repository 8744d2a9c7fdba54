import { z } from 'zod';
import type { Shift, Window } from './types';
import { addDays, isIanaZone, isoWeekday, wallClockToInstant } from './zones';

const LocalDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/, 'use YYYY-MM-DDTHH:MM');

export const RotationOverrideSchema = z.object({
  person: z.string().trim().min(1).max(200),
  /** Wall-clock times in the rotation's zone. */
  start: LocalDateTime,
  end: LocalDateTime,
});
export type RotationOverride = z.infer<typeof RotationOverrideSchema>;

/** A rotation kept in Baton itself: members take turns, handing off at a wall-clock time in a zone. */
export const RotationSchema = z
  .object({
    members: z.array(z.string().trim().min(1).max(200)).min(1).max(100),
    handoffTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM'),
    /** ISO weekday of the handoff (1 Monday … 7 Sunday); ignored for daily rotations. */
    handoffWeekday: z.number().int().min(1).max(7).default(1),
    length: z.enum(['daily', 'weekly', 'custom']).default('weekly'),
    /** Shift length in days when `length` is custom. */
    customDays: z.number().int().min(1).max(365).default(7),
    /** The first member's shift is the one covering this date (it began at the handoff on or before it). */
    startDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD'),
    timeZone: z.string().max(64).refine(isIanaZone, 'unknown time zone'),
    overrides: z.array(RotationOverrideSchema).max(500).default([]),
  })
  .refine((r) => r.overrides.every((o) => o.end > o.start), { message: 'an override ends before it starts', path: ['overrides'] });
export type Rotation = z.infer<typeof RotationSchema>;

export function rotationLengthDays(rotation: Rotation): number {
  return rotation.length === 'daily' ? 1 : rotation.length === 'weekly' ? 7 : rotation.customDays;
}

function parseDate(text: string) {
  const [year, month, day] = text.split('-').map(Number);
  return { year, month, day };
}

function localInstant(date: { year: number; month: number; day: number }, time: string, zone: string): number {
  const [hour, minute] = time.split(':').map(Number);
  return wallClockToInstant({ ...date, hour, minute, second: 0 }, zone);
}

/**
 * The rotation's shifts over `window`. Each handoff is computed from the calendar date and the
 * wall-clock time in the rotation's zone, so a weekly 09:00 handoff stays at 09:00 local time
 * across DST (the shift spanning the change is an hour shorter or longer).
 */
export function expandRotation(rotation: Rotation, ids: { sourceId: string; name: string }, window: Window): Shift[] {
  const scheduleId = `${ids.sourceId}/${ids.name}`;
  const days = rotationLengthDays(rotation);
  let anchor = parseDate(rotation.startDate);
  if (rotation.length !== 'daily') {
    const back = (isoWeekday(anchor) - rotation.handoffWeekday + 7) % 7;
    anchor = addDays(anchor, -back);
  }
  const anchorMs = Date.UTC(anchor.year, anchor.month - 1, anchor.day);
  // Start a couple of periods before the window so the shift covering its start is included.
  const firstIndex = Math.max(0, Math.floor((window.from - anchorMs) / (days * 86_400_000)) - 2);
  const shifts: Shift[] = [];
  for (let k = firstIndex; k < firstIndex + 10_000; k++) {
    const start = localInstant(addDays(anchor, k * days), rotation.handoffTime, rotation.timeZone);
    if (start >= window.to) break;
    const end = localInstant(addDays(anchor, (k + 1) * days), rotation.handoffTime, rotation.timeZone);
    if (end <= window.from) continue;
    const person = rotation.members[k % rotation.members.length];
    shifts.push({ sourceId: ids.sourceId, scheduleId, scheduleName: ids.name, person, start, end, allDay: false, layer: 0, uid: `rotation-${k}` });
  }
  rotation.overrides.forEach((override, i) => {
    const [sd, st] = override.start.split('T');
    const [ed, et] = override.end.split('T');
    const start = localInstant(parseDate(sd), st, rotation.timeZone);
    const end = localInstant(parseDate(ed), et, rotation.timeZone);
    if (end > window.from && start < window.to && end > start) {
      shifts.push({ sourceId: ids.sourceId, scheduleId, scheduleName: ids.name, person: override.person, start, end, allDay: false, layer: 1, uid: `override-${i}` });
    }
  });
  return shifts.sort((a, b) => a.start - b.start);
}
