import { spawn } from 'node:child_process';
import { startServices } from '../helpers/services';
import { BATON_CLI } from '../helpers/cli';
import { isEvent } from '../../shared/records';
import { percentile, progress, round, type Benchmark } from './metric';

/** Starts a process and resolves when it exits (its exit code). */
function exitOf(args: string[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', resolve);
  });
}

/**
 * `baton note "…"` typed in a terminal, to the entry in the journal: from spawning the built command
 * (process start included) until the running services' journal has the note, fsynced. The services
 * run in this process, as the app runs them; the command is dist/cli/baton.cjs on this Node.
 */
export const benchmarks: Benchmark[] = [
  {
    metrics: ['cli.note_roundtrip', 'cli.note_roundtrip_vs_bare_node'],
    async run(emit) {
      const services = await startServices();
      const dataDir = services.deps.dataDir;
      const landed = new Map<string, number>();
      services.journal.subscribe((record) => {
        if (isEvent(record, 'note.added')) landed.set(record.data.text, performance.now());
      });
      const bare: number[] = [];
      const samples: number[] = [];
      const runs = 30;
      for (let i = 0; i < runs + 3; i++) {
        const t0 = performance.now();
        await exitOf(['-e', '0']);
        if (i >= 3) bare.push(performance.now() - t0);

        const text = `bench note ${i}: restarted api-7, error rate back to normal`;
        const started = performance.now();
        const code = await exitOf([BATON_CLI, '--data-dir', dataDir, 'note', text]);
        const at = landed.get(text);
        if (code !== 0 || at === undefined) throw new Error(`baton note exited with ${code}; the note ${at === undefined ? 'is not' : 'is'} in the journal`);
        if (i >= 3) samples.push(at - started); // the first runs warm the page cache
      }
      await services.dispose();
      progress(
        `baton note → journal over ${runs} runs: p50 ${percentile(samples, 50).toFixed(0)} ms, p95 ${percentile(samples, 95).toFixed(0)} ms; ` +
          `a bare \`node -e 0\` on this machine: p50 ${percentile(bare, 50).toFixed(0)} ms`,
      );
      emit({ metric: 'cli.note_roundtrip', value: round(percentile(samples, 50)), unit: 'ms', budget: 150, better: 'lower' });
      // Absolute times follow the machine's load; against a bare Node start in the same run they compare across machines.
      emit({ metric: 'cli.note_roundtrip_vs_bare_node', value: round(percentile(samples, 50) / percentile(bare, 50)), unit: 'x', better: 'lower' });
    },
  },
];
