// `npm run bench` runs every benchmark; `npm run bench -- <prefix>` those with a metric starting with it.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Benchmark, Metric } from './metric';

const prefix = process.argv[2] ?? '';
const dir = import.meta.dirname;
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort();
let ran = 0;
let overBudget = 0;
for (const file of files) {
  const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { benchmarks: Benchmark[] };
  for (const bench of mod.benchmarks) {
    if (!bench.metrics.some((m) => m.startsWith(prefix))) continue;
    ran++;
    await bench.run((metric: Metric) => {
      if (!metric.metric.startsWith(prefix)) return;
      console.log(JSON.stringify(metric));
      const missed = metric.budget !== undefined && (metric.better === 'lower' ? metric.value > metric.budget : metric.value < metric.budget);
      if (missed) {
        overBudget++;
        process.stderr.write(`bench: ${metric.metric} = ${metric.value} ${metric.unit} misses its budget of ${metric.budget}\n`);
      }
    });
  }
}
if (ran === 0) {
  process.stderr.write(`bench: no benchmark has a metric starting with "${prefix}"\n`);
  process.exitCode = 2;
}
if (overBudget > 0) process.stderr.write(`bench: ${overBudget} metric(s) over budget\n`);
