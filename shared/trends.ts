import { z } from 'zod';
import type { JournalRecord } from './records';
import { clockMinutes, inDailyRange, wallTime } from './handoff/zone';

/**
 * The load over time, for one on-call: per shift (as the journal recorded my shifts) how many pages,
 * when they came (business, off or sleep hours), how many distinct clock hours they broke into, how
 * fast they were acknowledged, which alerts were noisiest, and how much of the shift Baton could not
 * page. Pure and one pass over the journal, so a year of shifts is quick.
 */
const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like 08:00');

/** PagerDuty's operational-review defaults: business 08–18 Mon–Fri, sleep 22–08, off hours the rest (evenings, weekends). */
export const LoadHoursSchema = z.object({
  business: z
    .object({
      days: z.array(z.number().int().min(1).max(7)).max(7).default([1, 2, 3, 4, 5]),
      start: Clock.default('08:00'),
      end: Clock.default('18:00'),
    })
    .prefault({}),
  /** May wrap midnight; sleep hours count as sleep on every day. */
  sleep: z.object({ start: Clock.default('22:00'), end: Clock.default('08:00') }).prefault({}),
});
export type LoadHours = z.infer<typeof LoadHoursSchema>;

export const HourKind = z.enum(['business', 'off', 'sleep']);
export type HourKind = z.infer<typeof HourKind>;

const Iso = z.string().max(40);
export const ShiftLoadSchema = z.object({
  scheduleName: z.string(),
  start: Iso,
  end: Iso,
  pages: z.number().int(),
  interruptions: z.object({ business: z.number().int(), off: z.number().int(), sleep: z.number().int() }),
  hoursDisrupted: z.number().int(),
  /** Median time from a page to its first acknowledgement; null when nothing was acknowledged. */
  ackMedianMs: z.number().nullable(),
  acknowledged: z.number().int(),
  uncoveredMinutes: z.number().int(),
});
export type ShiftLoad = z.infer<typeof ShiftLoadSchema>;

export const TrendsSchema = z.object({
  hours: LoadHoursSchema,
  timeZone: z.string(),
  shifts: z.array(ShiftLoadSchema),
  /** The noisiest alerts across these shifts, with their count in each shift (same order as `shifts`). */
  noisiest: z.array(z.object({ key: z.string(), title: z.string(), total: z.number().int(), perShift: z.array(z.number().int()) })),
});
export type Trends = z.infer<typeof TrendsSchema>;

interface Window {
  scheduleName: string;
  start: number;
  end: number;
}

/** My shifts as the journal recorded them (shift.started), newest last; the same shift in two records counts once. */
export function shiftsInJournal(records: readonly JournalRecord[], before: number): Window[] {
  const seen = new Map<string, Window>();
  for (const r of records) {
    if (r.problem !== undefined || r.type !== 'shift.started') continue;
    const start = Date.parse(r.data.start);
    if (start > before) continue;
    seen.set(`${r.data.scheduleId}|${r.data.start}`, { scheduleName: r.data.scheduleName, start, end: Date.parse(r.data.end) });
  }
  return [...seen.values()].sort((a, b) => a.start - b.start);
}

/**
 * Classifies instants into business, off and sleep hours in a zone. The zone's offset is looked up
 * once per UTC day (twice: at its start and end); only on a day whose offset changes (DST) is each
 * quarter hour looked up, so a year of pages costs a few hundred zone look-ups, not one per page.
 */
export function hourClassifier(hours: LoadHours, timeZone: string) {
  const bStart = clockMinutes(hours.business.start);
  const bEnd = clockMinutes(hours.business.end);
  const sStart = clockMinutes(hours.sleep.start);
  const sEnd = clockMinutes(hours.sleep.end);
  const days = new Set(hours.business.days);
  const DAY = 86_400_000;
  const QUARTER = 15 * 60_000;
  const offsetAt = (at: number) => {
    const w = wallTime(at, timeZone);
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - Math.floor(at / 60_000) * 60_000;
  };
  /** UTC day → its one offset, or null on a day the offset changes. */
  const dayOffsets = new Map<number, number | null>();
  const quarterOffsets = new Map<number, number>();
  const offsetFor = (at: number): number => {
    const day = Math.floor(at / DAY);
    let offset = dayOffsets.get(day);
    if (offset === undefined) {
      const a = offsetAt(day * DAY);
      offset = a === offsetAt(day * DAY + DAY - 1) ? a : null;
      dayOffsets.set(day, offset);
    }
    if (offset !== null) return offset;
    const quarter = Math.floor(at / QUARTER);
    let q = quarterOffsets.get(quarter);
    if (q === undefined) quarterOffsets.set(quarter, (q = offsetAt(quarter * QUARTER)));
    return q;
  };
  return (at: number): { kind: HourKind; hour: number } => {
    const offset = offsetFor(at);
    const local = at + offset;
    const minute = Math.floor((((local % DAY) + DAY) % DAY) / 60_000);
    const weekday = ((((Math.floor(local / DAY) + 3) % 7) + 7) % 7) + 1;
    const kind: HourKind = inDailyRange(minute, sStart, sEnd) ? 'sleep' : days.has(weekday) && inDailyRange(minute, bStart, bEnd) ? 'business' : 'off';
    // The clock hour it falls in, as the instant that hour began: distinct hours are counted by it.
    return { kind, hour: Math.floor(local / 3_600_000) * 3_600_000 - offset };
  };
}

interface Acc {
  pages: number;
  interruptions: Record<HourKind, number>;
  hours: Set<number>;
  acks: number[];
  uncovered: { start: number; end: number }[];
  alerts: Map<string, number>;
}

/** Load per shift for the last `count` shifts that started before `now`. */
export function buildTrends(input: { records: readonly JournalRecord[]; now: number; count: number; hours: LoadHours; timeZone: string; noisiest?: number }): Trends {
  const windows = shiftsInJournal(input.records, input.now).slice(-input.count);
  const accs: Acc[] = windows.map(() => ({ pages: 0, interruptions: { business: 0, off: 0, sleep: 0 }, hours: new Set(), acks: [], uncovered: [], alerts: new Map() }));
  const titles = new Map<string, string>();
  if (windows.length > 0) {
    const classify = hourClassifier(input.hours, input.timeZone);
    const first = windows[0].start;
    /** pageId → the reception now running: which shift it counts in, when, and whether it was acknowledged. */
    const current = new Map<string, { shift: number; at: number; acked: boolean; key: string }>();
    const keyOf = new Map<string, string>();
    let hint = 0;
    const shiftAt = (at: number): number => {
      // Records come in time order: start the search where the last one ended.
      if (hint >= windows.length || at < windows[hint].start) hint = 0;
      while (hint < windows.length && windows[hint].end <= at) hint++;
      return hint < windows.length && windows[hint].start <= at && at < windows[hint].end ? hint : -1;
    };
    const receive = (pageId: string, key: string, at: number) => {
      const shift = shiftAt(at);
      current.set(pageId, { shift, at, acked: false, key });
      if (shift < 0) return;
      const acc = accs[shift];
      acc.pages++;
      const { kind, hour } = classify(at);
      acc.interruptions[kind]++;
      acc.hours.add(hour);
      acc.alerts.set(key, (acc.alerts.get(key) ?? 0) + 1);
    };
    for (const r of input.records) {
      if (r.problem !== undefined) continue;
      switch (r.type) {
        case 'page.received': {
          const at = Date.parse(r.ts);
          keyOf.set(r.data.pageId, r.data.dedupKey);
          if (!titles.has(r.data.dedupKey)) titles.set(r.data.dedupKey, r.data.title);
          if (at >= first) receive(r.data.pageId, r.data.dedupKey, at);
          break;
        }
        case 'page.reopened': {
          if (r.data.reason !== 'fired-again') break;
          const at = Date.parse(r.ts);
          const key = keyOf.get(r.data.pageId);
          if (key !== undefined && at >= first) receive(r.data.pageId, key, at);
          break;
        }
        case 'page.resolved':
          // A resolved page takes no more acknowledgements: the map stays as small as what is open.
          current.delete(r.data.pageId);
          break;
        case 'page.acknowledged': {
          const c = current.get(r.data.pageId);
          if (!c || c.acked) break;
          c.acked = true;
          if (c.shift >= 0) accs[c.shift].acks.push(Date.parse(r.ts) - c.at);
          break;
        }
        case 'coverage.gap': {
          const start = Date.parse(r.data.start);
          const end = Date.parse(r.data.end);
          windows.forEach((w, i) => {
            const s = Math.max(start, w.start);
            const e = Math.min(end, w.end);
            if (e > s) accs[i].uncovered.push({ start: s, end: e });
          });
          break;
        }
        default:
          break;
      }
    }
  }
  const totals = new Map<string, number>();
  for (const acc of accs) for (const [key, n] of acc.alerts) totals.set(key, (totals.get(key) ?? 0) + n);
  const top = [...totals.entries()].sort((a, b) => b[1] - a[1] || (titles.get(a[0]) ?? a[0]).localeCompare(titles.get(b[0]) ?? b[0])).slice(0, input.noisiest ?? 5);
  return {
    hours: input.hours,
    timeZone: input.timeZone,
    shifts: windows.map((w, i) => {
      const acc = accs[i];
      return {
        scheduleName: w.scheduleName,
        start: new Date(w.start).toISOString(),
        end: new Date(w.end).toISOString(),
        pages: acc.pages,
        interruptions: acc.interruptions,
        hoursDisrupted: acc.hours.size,
        ackMedianMs: median(acc.acks),
        acknowledged: acc.acks.length,
        uncoveredMinutes: Math.round(unionMs(acc.uncovered) / 60_000),
      };
    }),
    noisiest: top.map(([key, total]) => ({ key, title: titles.get(key) ?? key, total, perShift: accs.map((acc) => acc.alerts.get(key) ?? 0) })),
  };
}

function median(samples: number[]): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
}

function unionMs(spans: { start: number; end: number }[]): number {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let total = 0;
  let end = -Infinity;
  for (const s of sorted) {
    if (s.end <= end) continue;
    total += s.end - Math.max(s.start, end);
    end = s.end;
  }
  return total;
}

/** "This shift vs the previous four": the last shift's numbers and the mean of the ones before it. */
export function compareWithPrevious(trends: Trends): { current: ShiftLoad; previous: number; mean: { pages: number; sleep: number; offHours: number; hoursDisrupted: number; ackMedianMs: number | null } } | null {
  const current = trends.shifts.at(-1);
  if (!current) return null;
  const before = trends.shifts.slice(0, -1);
  if (before.length === 0) return null;
  const mean = (f: (s: ShiftLoad) => number) => Math.round((before.reduce((sum, s) => sum + f(s), 0) / before.length) * 10) / 10;
  const acked = before.filter((s) => s.ackMedianMs !== null);
  return {
    current,
    previous: before.length,
    mean: {
      pages: mean((s) => s.pages),
      sleep: mean((s) => s.interruptions.sleep),
      offHours: mean((s) => s.interruptions.off),
      hoursDisrupted: mean((s) => s.hoursDisrupted),
      ackMedianMs: acked.length === 0 ? null : Math.round(acked.reduce((sum, s) => sum + (s.ackMedianMs ?? 0), 0) / acked.length),
    },
  };
}

/** The part of the report the handoff shows: this shift against the mean of the ones before it. */
export const ComparisonSchema = z.object({
  previous: z.number().int().min(1),
  thisShift: z.object({ pages: z.number(), sleep: z.number(), offHours: z.number(), hoursDisrupted: z.number(), ackMedianMs: z.number().nullable() }),
  mean: z.object({ pages: z.number(), sleep: z.number(), offHours: z.number(), hoursDisrupted: z.number(), ackMedianMs: z.number().nullable() }),
});
export type Comparison = z.infer<typeof ComparisonSchema>;

export function comparisonOf(trends: Trends): Comparison | null {
  const compared = compareWithPrevious(trends);
  if (!compared) return null;
  const c = compared.current;
  return {
    previous: compared.previous,
    thisShift: { pages: c.pages, sleep: c.interruptions.sleep, offHours: c.interruptions.off, hoursDisrupted: c.hoursDisrupted, ackMedianMs: c.ackMedianMs },
    mean: compared.mean,
  };
}

export const trendsRequests = {
  /** The load over my last N shifts (as the journal recorded them), in the display zone. */
  getTrends: { args: z.object({ shifts: z.number().int().min(1).max(104) }), result: TrendsSchema },
  updateLoadHours: { args: LoadHoursSchema, result: LoadHoursSchema },
} as const;
