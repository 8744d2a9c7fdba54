import { buildTrends, LoadHoursSchema } from '../../shared/trends';
import { JOURNAL_VERSION, type EventData, type EventType } from '../../shared/events';
import { parseRecord, type JournalRecord } from '../../shared/records';
import { percentile, progress, round, type Benchmark } from './metric';

/**
 * `trends.build_52w`: the Load view's numbers from a year of journal: 52 weekly shifts, 5,000
 * events each (pages from 40 alerts at any hour, most acknowledged within minutes, then resolved;
 * a coverage gap now and then), 260,000 records in all. Median of 15 builds after 3 warm-ups.
 */
const WEEK = 7 * 86_400_000;
const START = Date.parse('2025-11-03T08:00:00.000Z'); // a Monday 09:00 in Berlin

function year(): JournalRecord[] {
  let seed = 17;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const events: { at: number; type: EventType; data: EventData<EventType> }[] = [];
  const push = <T extends EventType>(at: number, type: T, data: EventData<T>) => events.push({ at, type, data: data as EventData<EventType> });
  let page = 0;
  for (let w = 0; w < 52; w++) {
    const start = START + w * WEEK;
    const end = start + WEEK;
    push(start, 'shift.started', { scheduleId: 'pp', scheduleName: 'Payments primary', person: 'Alice Example', start: new Date(start).toISOString(), end: new Date(end).toISOString() });
    let count = 1;
    if (w % 5 === 0) {
      const gap = start + Math.floor(random() * (WEEK - 3_600_000));
      push(gap + 1_200_000, 'coverage.gap', { reason: 'asleep', start: new Date(gap).toISOString(), end: new Date(gap + 1_200_000).toISOString() });
      count++;
    }
    while (count < 5000) {
      const at = start + Math.floor(random() * (WEEK - 7_200_000));
      const alert = Math.floor(random() ** 2 * 40);
      const pageId = `am:${++page}`;
      push(at, 'page.received', {
        pageId, sourceId: 'am', sourceName: 'payments-am', dedupKey: `alert-${alert}`, title: `Alert ${alert}`, severity: 'high',
        labels: { alertname: `Alert${alert}` }, annotations: {}, startsAt: new Date(at).toISOString(), kind: 'alertmanager',
      });
      count++;
      if (random() < 0.75 && count < 5000) {
        push(at + 30_000 + Math.floor(random() * 900_000), 'page.acknowledged', { pageId, by: 'Alice Example', via: 'app' });
        count++;
      }
      if (count < 5000) {
        push(at + 3_600_000, 'page.resolved', { pageId, via: 'source' });
        count++;
      }
    }
  }
  events.sort((a, b) => a.at - b.at);
  return events.map((e, i) => parseRecord({ v: JOURNAL_VERSION, seq: i + 1, ts: new Date(e.at).toISOString(), type: e.type, data: e.data }));
}

export const benchmarks: Benchmark[] = [
  {
    metrics: ['trends.build_52w'],
    async run(emit) {
      const records = year();
      progress(`trends: ${records.length} records, ${records[0].ts} to ${records.at(-1)?.ts}`);
      const hours = LoadHoursSchema.parse({});
      const now = START + 52 * WEEK + 3_600_000;
      const samples: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < 18; i++) {
        const started = performance.now();
        const usage = process.cpuUsage();
        const trends = buildTrends({ records, now, count: 52, hours, timeZone: 'Europe/Berlin' });
        const took = performance.now() - started;
        const used = process.cpuUsage(usage);
        if (trends.shifts.length !== 52) throw new Error(`expected 52 shifts, got ${trends.shifts.length}`);
        if (i >= 3) {
          samples.push(took);
          cpu.push((used.user + used.system) / 1000);
        }
      }
      // On a shared machine the wall time grows with the load; the CPU time says what the work itself costs.
      progress(`trends: p50 ${percentile(samples, 50).toFixed(1)} ms, p95 ${percentile(samples, 95).toFixed(1)} ms (CPU time p50 ${percentile(cpu, 50).toFixed(1)} ms)`);
      emit({ metric: 'trends.build_52w', value: round(percentile(samples, 50)), unit: 'ms', budget: 300, better: 'lower' });
    },
  },
];
