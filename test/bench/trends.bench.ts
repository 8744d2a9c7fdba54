import { buildTrends, LoadHoursSchema } from '../../shared/trends';
import { percentile, progress, round, type Benchmark } from './metric';

/**
 * `trends.build_52w`: the Load view's numbers from a year of journal: 52 weekly shifts, 5,000
 * events each (pages from 40 alerts at any hour, most acknowledged within minutes, then resolved;
 * a coverage gap now and then), 260,000 records in all. Median of 15 builds after 3 warm-ups.
 */
import { generateYear, YEAR_START, WEEK } from '../helpers/load-year';

export const benchmarks: Benchmark[] = [
  {
    metrics: ['trends.build_52w'],
    async run(emit) {
      const records = generateYear(5000);
      progress(`trends: ${records.length} records, ${records[0].ts} to ${records.at(-1)?.ts}`);
      const hours = LoadHoursSchema.parse({});
      const now = YEAR_START + 52 * WEEK + 3_600_000;
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
