import path from 'node:path';
import { openJournal } from '../../electron/journal';
import { systemClock } from '../../electron/clock';
import { memoryLogger } from '../../electron/log';
import { fold } from '../../electron/projection';
import { projections } from '../../shared/action-log';
import { tempDir } from '../helpers/services';
import { seedJournal } from '../helpers/journal';
import { percentile, progress, round, type Benchmark } from './metric';

/** The journal on this disk: one durable append (write + fdatasync) at a time, and a cold reopen of 100k events. */
export const benchmarks: Benchmark[] = [
  {
    metrics: ['journal.append.p50', 'journal.append.p99'],
    async run(emit) {
      const journal = await openJournal({ dir: tempDir('baton-bench-journal-'), clock: systemClock, log: memoryLogger() });
      const text = 'Restarted the api worker pool on web-3; p99 latency back under 200 ms, watching for 10 min.';
      const samples: number[] = [];
      const total = 1000;
      for (let i = 0; i < total + 50; i++) {
        const started = performance.now();
        await journal.append('note.added', { id: `bench-${i}`, text, pageId: 'am-prod:c0ffee0000000001' });
        if (i >= 50) samples.push(performance.now() - started); // the first appends create and warm the segment
      }
      await journal.close();
      progress(`${total} sequential appends with fdatasync: p50 ${percentile(samples, 50).toFixed(2)} ms, p99 ${percentile(samples, 99).toFixed(2)} ms, max ${Math.max(...samples).toFixed(2)} ms`);
      emit({ metric: 'journal.append.p50', value: round(percentile(samples, 50)), unit: 'ms', budget: 5, better: 'lower' });
      emit({ metric: 'journal.append.p99', value: round(percentile(samples, 99)), unit: 'ms', budget: 5, better: 'lower' });
    },
  },
  {
    metrics: ['journal.reopen_100k'],
    async run(emit) {
      const dir = path.join(tempDir('baton-bench-reopen-'), 'journal');
      seedJournal(dir, 100_000);
      const samples: number[] = [];
      for (let i = 0; i < 6; i++) {
        const started = performance.now();
        const journal = await openJournal({ dir, clock: systemClock, log: memoryLogger() });
        const records = journal.records();
        for (const projection of Object.values(projections)) fold(projection as never, records);
        const elapsed = performance.now() - started;
        if (records.length !== 100_000 || journal.repairs.length > 0) throw new Error(`reopen read ${records.length} records with ${journal.repairs.length} repairs`);
        await journal.close();
        if (i > 0) samples.push(elapsed); // the first run warms the page cache and the JIT
      }
      progress(`open + project 100k events: ${samples.map((s) => s.toFixed(0)).join(' ')} ms`);
      emit({ metric: 'journal.reopen_100k', value: round(percentile(samples, 50)), unit: 'ms', budget: 1000, better: 'lower' });
    },
  },
];
