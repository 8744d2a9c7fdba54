import { describe, expect, it } from 'vitest';
import { buildTrends, compareWithPrevious, LoadHoursSchema } from '../../shared/trends';
import { parseRecord, type JournalRecord } from '../../shared/records';
import type { EventData, EventType } from '../../shared/events';

/**
 * Three weekly shifts of Alice on Payments primary (Mon 09:00 Berlin handoffs, November 2026), with
 * pages at chosen wall times so each falls in business, off or sleep hours by PagerDuty's defaults.
 */
let seq = 0;
const rec = <T extends EventType>(ts: string, type: T, data: EventData<T>): JournalRecord => parseRecord({ v: 1, seq: ++seq, ts, type, data });
const shift = (start: string, end: string) => rec(start, 'shift.started', { scheduleId: 'pp', scheduleName: 'Payments primary', person: 'Alice', start, end });
let n = 0;
const page = (ts: string, key: string) =>
  rec(ts, 'page.received', { pageId: `p${++n}`, sourceId: 'am', sourceName: 'am', dedupKey: key, title: key, severity: 'high', labels: {}, annotations: {}, startsAt: ts });

const HOURS = LoadHoursSchema.parse({});

describe('load per shift', () => {
  const records = [
    shift('2026-11-02T08:00:00.000Z', '2026-11-09T08:00:00.000Z'),
    page('2026-11-03T09:00:00.000Z', 'Disk'), // Tue 10:00 CET: business
    shift('2026-11-09T08:00:00.000Z', '2026-11-16T08:00:00.000Z'),
    page('2026-11-10T18:30:00.000Z', 'Latency'), // Tue 19:30: off hours
    page('2026-11-10T18:40:00.000Z', 'Latency'), // same clock hour
    page('2026-11-14T11:00:00.000Z', 'Disk'), // Saturday 12:00: off hours (weekend)
    shift('2026-11-16T08:00:00.000Z', '2026-11-23T08:00:00.000Z'),
    page('2026-11-17T02:10:00.000Z', 'Latency'), // Tue 03:10: sleep
    rec('2026-11-17T02:16:00.000Z', 'page.acknowledged', { pageId: `p${n}`, by: 'Alice', via: 'app' }),
    page('2026-11-17T23:05:00.000Z', 'Latency'), // Wed 00:05: sleep
    rec('2026-11-17T23:07:00.000Z', 'page.acknowledged', { pageId: `p${n}`, by: 'Alice', via: 'app' }),
    page('2026-11-18T09:00:00.000Z', 'CPU'), // Wed 10:00: business
    rec('2026-11-18T01:30:00.000Z', 'coverage.gap', { reason: 'asleep', start: '2026-11-18T01:10:00.000Z', end: '2026-11-18T01:30:00.000Z' }),
  ];

  it('counts pages, interruptions by business, off and sleep hours, distinct hours, time to acknowledge and gaps per shift', () => {
    const trends = buildTrends({ records, now: Date.parse('2026-11-20T12:00:00Z'), count: 10, hours: HOURS, timeZone: 'Europe/Berlin' });
    expect(trends.shifts.map((s) => [s.start, s.pages, s.interruptions, s.hoursDisrupted, s.ackMedianMs, s.uncoveredMinutes])).toEqual([
      ['2026-11-02T08:00:00.000Z', 1, { business: 1, off: 0, sleep: 0 }, 1, null, 0],
      ['2026-11-09T08:00:00.000Z', 3, { business: 0, off: 3, sleep: 0 }, 2, null, 0],
      ['2026-11-16T08:00:00.000Z', 3, { business: 1, off: 0, sleep: 2 }, 3, 240_000, 20],
    ]);
    expect(trends.noisiest).toEqual([
      { key: 'Latency', title: 'Latency', total: 4, perShift: [0, 2, 2] },
      { key: 'Disk', title: 'Disk', total: 2, perShift: [1, 1, 0] },
      { key: 'CPU', title: 'CPU', total: 1, perShift: [0, 0, 1] },
    ]);
  });

  it('takes only the last N shifts, and configurable hours', () => {
    const nineToFive = LoadHoursSchema.parse({ business: { start: '09:00', end: '17:00' }, sleep: { start: '23:00', end: '07:00' } });
    const trends = buildTrends({ records, now: Date.parse('2026-11-20T12:00:00Z'), count: 1, hours: nineToFive, timeZone: 'Europe/Berlin' });
    expect(trends.shifts).toHaveLength(1);
    // 00:05 and 03:10 are sleep either way; 10:00 Wednesday is business.
    expect(trends.shifts[0].interruptions).toEqual({ business: 1, off: 0, sleep: 2 });
  });

  it('compares the last shift with the ones before it', () => {
    const trends = buildTrends({ records, now: Date.parse('2026-11-20T12:00:00Z'), count: 5, hours: HOURS, timeZone: 'Europe/Berlin' });
    expect(compareWithPrevious(trends)).toMatchObject({ previous: 2, current: { pages: 3 }, mean: { pages: 2, sleep: 0, offHours: 1.5, hoursDisrupted: 1.5, ackMedianMs: null } });
  });
});
