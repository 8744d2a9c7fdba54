import { afterEach, describe, expect, it } from 'vitest';
import { call, startServices, type TestServices } from '../helpers/services';
import { manualClock } from '../helpers/clock';
import { renderMarkdown } from '../../shared/handoff';

/**
 * The Load view's request and the handoff's "this shift vs the previous four", from a journal
 * holding five of Alice's weekly shifts (as the shifts feature records them) with their pages.
 */
let services: TestServices | null = null;
afterEach(async () => {
  await services?.dispose();
  services = null;
});

const WEEK = 7 * 86_400_000;
const FIRST = Date.parse('2026-10-05T07:00:00.000Z'); // Mon 09:00 CEST

describe('load over my shifts', () => {
  it('counts each shift and compares the last with the four before in the handoff', async () => {
    const clock = manualClock(FIRST);
    const s = await startServices({ clock });
    services = s;
    await call(s, 'updateSettings', { identity: { name: 'Alice Example', emails: [] } });
    let n = 0;
    for (let w = 0; w < 5; w++) {
      const start = FIRST + w * WEEK + (w >= 3 ? 3_600_000 : 0); // CET from the 4th week on
      clock.set(start);
      await s.journal.append('shift.started', { scheduleId: 'pp', scheduleName: 'Payments primary', person: 'Alice Example', start: new Date(start).toISOString(), end: new Date(start + WEEK).toISOString() });
      // Two pages a week at 03:00 local (sleep), and in the last week four more at 20:00 (off hours).
      const pages = w === 4 ? [1, 2, 3, 4, 5, 6] : [1, 2];
      for (const [i, day] of pages.entries()) {
        const at = start + day * 86_400_000 + (i >= 2 ? 11 : 18) * 3_600_000;
        clock.set(at);
        const pageId = `p${++n}`;
        await s.journal.append('page.received', {
          pageId, sourceId: 'am', sourceName: 'am', dedupKey: i >= 2 ? 'Latency' : 'Disk', title: i >= 2 ? 'Latency' : 'Disk', severity: 'high', labels: {}, annotations: {}, startsAt: new Date(at).toISOString(),
        });
        clock.set(at + 5 * 60_000);
        await s.journal.append('page.acknowledged', { pageId, by: 'Alice Example', via: 'app' });
      }
    }
    clock.set(FIRST + 4 * WEEK + 3_600_000 + 6.5 * 86_400_000);

    const trends = await call(s, 'getTrends', { shifts: 52 });
    expect(trends.shifts).toHaveLength(5);
    expect(trends.shifts.map((x) => [x.pages, x.interruptions.sleep, x.interruptions.off])).toEqual([
      [2, 2, 0],
      [2, 2, 0],
      [2, 2, 0],
      [2, 2, 0],
      [6, 2, 4],
    ]);
    expect(trends.shifts.every((x) => x.ackMedianMs === 300_000)).toBe(true);
    expect(trends.noisiest.map((a) => [a.title, a.perShift])).toEqual([
      ['Disk', [2, 2, 2, 2, 2]],
      ['Latency', [0, 0, 0, 0, 4]],
    ]);

    const { report } = await call(s, 'getHandoffDraft', { kind: 'shift' });
    expect(report.comparison).toEqual({
      previous: 4,
      thisShift: { pages: 6, sleep: 2, offHours: 4, hoursDisrupted: 6, ackMedianMs: 300_000 },
      mean: { pages: 2, sleep: 2, offHours: 0, hoursDisrupted: 2, ackMedianMs: 300_000 },
    });
    expect(renderMarkdown(report)).toContain('## This shift vs the previous four\n\n- Pages: 6 (previous: 2 on average)\n- In sleep hours: 2 (previous: 2 on average)\n- In off hours: 4 (previous: 0 on average)');
  });

  it('keeps configurable hours, and refuses hours that are not times', async () => {
    services = await startServices({ clock: manualClock(FIRST) });
    const saved = await call(services, 'updateLoadHours', { business: { days: [1, 2, 3, 4], start: '09:00', end: '17:00' }, sleep: { start: '23:00', end: '07:00' } });
    expect(saved.business.days).toEqual([1, 2, 3, 4]);
    expect((await call(services, 'getTrends', { shifts: 4 })).hours).toEqual(saved);
    await expect(call(services, 'updateLoadHours', { business: { days: [1], start: '25:00', end: '17:00' }, sleep: { start: '23:00', end: '07:00' } })).rejects.toThrow(/invalid-args/);
  });
});
