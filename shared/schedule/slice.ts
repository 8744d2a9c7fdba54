import { z } from 'zod';
import { RotationSchema } from './rotation';
import { effectiveSegments, matchIdentity, myIntervals, segmentAfter, segmentAt, union, type IdentityInput, type Segment } from './resolve';
import type { Shift } from './types';
import { addDays, wallClockAt, wallClockToInstant } from './zones';

const Iso = z.string().max(40);

export const RemindersSchema = z.object({
  /** Minutes before my shift starts. */
  beforeStart: z.array(z.number().int().min(1).max(7 * 24 * 60)).max(10).default([60, 10]),
  /** Minutes before my shift ends ("prepare your handoff"). */
  beforeEnd: z.array(z.number().int().min(1).max(7 * 24 * 60)).max(10).default([60]),
});
export type Reminders = z.infer<typeof RemindersSchema>;
export const DEFAULT_REMINDERS: Reminders = { beforeStart: [60, 10], beforeEnd: [60] };

export const SourceKindSchema = z.enum(['feed', 'file', 'rotation']);

/** What the renderer may know about a source: never the feed URL itself, only its redacted form. */
export const SourceStatusSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: SourceKindSchema,
  /** Redacted feed URL, file path, or "local rotation". */
  location: z.string(),
  lastAttempt: Iso.nullable(),
  lastSuccess: Iso.nullable(),
  error: z.string().nullable(),
  refreshing: z.boolean(),
  /** True while the schedule comes from the last good copy because the latest refresh failed. */
  stale: z.boolean(),
  shiftCount: z.number().int(),
  /** Events that could not be used, with the reason (first few). */
  problems: z.array(z.string()),
  reminders: RemindersSchema,
  rotation: RotationSchema.nullable(),
});
export type SourceStatus = z.infer<typeof SourceStatusSchema>;

const SpanSchema = z.object({ start: Iso, end: Iso, people: z.array(z.string()) });
const TimelineSegmentSchema = SpanSchema.extend({ me: z.boolean() });

export const ScheduleViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  sourceId: z.string(),
  now: SpanSchema.nullable(),
  next: SpanSchema.nullable(),
  timeline: z.array(TimelineSegmentSchema),
});
export type ScheduleView = z.infer<typeof ScheduleViewSchema>;

const MyShiftSchema = z.object({ start: Iso, end: Iso, schedules: z.array(z.string()) });
export type MyShift = z.infer<typeof MyShiftSchema>;

export const ShiftSliceSchema = z.object({
  configured: z.boolean(),
  evaluatedAt: Iso,
  identity: z.object({
    status: z.enum(['unset', 'matched', 'ambiguous', 'unmatched']),
    people: z.array(z.string()),
    candidates: z.array(z.string()),
  }),
  me: z.object({ onCall: z.boolean(), current: MyShiftSchema.nullable(), next: MyShiftSchema.nullable() }),
  schedules: z.array(ScheduleViewSchema),
  timeline: z.object({ from: Iso, to: Iso, zone: z.string() }),
  sources: z.array(SourceStatusSchema),
  refreshMinutes: z.number().int(),
});
export type ShiftSlice = z.infer<typeof ShiftSliceSchema>;

export const TIMELINE_DAYS = 14;

/** My shift in one schedule, for reminders and the journal. */
export interface MyScheduleShift {
  scheduleId: string;
  scheduleName: string;
  sourceId: string;
  person: string;
  start: number;
  end: number;
}

export interface Overview {
  slice: Omit<ShiftSlice, 'sources' | 'refreshMinutes'>;
  /** My shifts per schedule (the journal and reminders work from these). */
  mine: MyScheduleShift[];
  /** Every future instant at which what is shown changes (handoffs in any schedule). */
  boundaries: number[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Midnight today in `zone`. */
export function startOfDay(now: number, zone: string): number {
  const w = wallClockAt(now, zone);
  return wallClockToInstant({ year: w.year, month: w.month, day: w.day, hour: 0, minute: 0, second: 0 }, zone);
}

/** Resolves every schedule at `now`: who is on call now and next, my current and next shift, a timeline. */
export function buildOverview(shifts: readonly Shift[], identity: IdentityInput, now: number, zone: string, configured: boolean): Overview {
  const match = matchIdentity(shifts, identity);
  const me = new Set(match.people);
  const bySchedule = new Map<string, Shift[]>();
  for (const shift of shifts) {
    const list = bySchedule.get(shift.scheduleId);
    if (list) list.push(shift);
    else bySchedule.set(shift.scheduleId, [shift]);
  }

  const from = startOfDay(now, zone);
  const w = wallClockAt(now, zone);
  const endDay = addDays({ year: w.year, month: w.month, day: w.day }, TIMELINE_DAYS);
  const to = wallClockToInstant({ ...endDay, hour: 0, minute: 0, second: 0 }, zone);

  const schedules: ScheduleView[] = [];
  const mine: MyScheduleShift[] = [];
  const boundaries = new Set<number>();
  for (const [scheduleId, list] of bySchedule) {
    const first = list[0];
    const segments = effectiveSegments(list);
    const current = segmentAt(segments, now);
    const next = segmentAfter(segments, now);
    schedules.push({
      id: scheduleId,
      name: first.scheduleName,
      sourceId: first.sourceId,
      now: current ? span(current) : null,
      next: next ? span(next) : null,
      timeline: segments
        .filter((s) => s.end > from && s.start < to)
        .map((s) => ({ ...span({ ...s, start: Math.max(s.start, from), end: Math.min(s.end, to) }), me: s.people.some((p) => me.has(p)) })),
    });
    for (const s of segments) {
      if (s.start > now) boundaries.add(s.start);
      if (s.end > now) boundaries.add(s.end);
    }
    for (const interval of myIntervals(segments, me)) {
      const person = segmentAt(segments, interval.start)?.people.find((p) => me.has(p)) ?? match.people[0];
      mine.push({ scheduleId, scheduleName: first.scheduleName, sourceId: first.sourceId, person, ...interval });
    }
  }
  schedules.sort((a, b) => a.name.localeCompare(b.name));

  const all = union(mine);
  const namesIn = (start: number, end: number) => [...new Set(mine.filter((m) => m.start < end && m.end > start).map((m) => m.scheduleName))].sort();
  const currentMine = all.find((i) => i.start <= now && now < i.end) ?? null;
  const nextMine = all.find((i) => i.start > now) ?? null;
  const mineView = (i: { start: number; end: number } | null): MyShift | null => (i ? { start: iso(i.start), end: iso(i.end), schedules: namesIn(i.start, i.end) } : null);

  return {
    slice: {
      configured,
      evaluatedAt: iso(now),
      identity: { status: match.status, people: match.people, candidates: match.candidates },
      me: { onCall: currentMine !== null, current: mineView(currentMine), next: mineView(nextMine) },
      schedules,
      timeline: { from: iso(from), to: iso(to), zone },
    },
    mine,
    boundaries: [...boundaries].sort((a, b) => a - b),
  };
}

function span(segment: Segment) {
  return { start: iso(segment.start), end: iso(segment.end), people: segment.people };
}
