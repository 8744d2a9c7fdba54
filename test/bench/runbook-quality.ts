// Child process of runbook.bench.ts (and a tool on its own): imports a generated corpus with the
// labelled runbooks into a fresh cache and reports import time and search quality.
//   tsx test/bench/runbook-quality.ts [count]
import fs from 'node:fs';
import { systemClock } from '../../electron/clock';
import { openRunbookCache } from '../../electron/runbooks/cache';
import { importFolder } from '../../electron/runbooks/sources/folder';
import { tempDir } from '../helpers/services';
import { writeCorpus } from './runbook-corpus';
import { searchQuality } from './runbook-labelled';

const count = Number(process.argv[2] ?? 2000);
const corpus = tempDir('baton-quality-corpus-');
const data = tempDir('baton-quality-data-');
try {
  writeCorpus(corpus, count);
  const started = performance.now();
  const { cache } = await openRunbookCache(data);
  await importFolder({ cache, clock: systemClock, onProgress: () => undefined }, 'bench', corpus, '', new AbortController().signal);
  await cache.reindex();
  await cache.save();
  const importMs = performance.now() - started;
  const quality = searchQuality((query) => cache.search(query, 10).map((hit) => hit.entry.title.split(' ')[0]));
  if (process.env.BENCH_DEBUG) for (const miss of quality.misses) process.stderr.write(`miss: ${miss}\n`);
  process.stdout.write(JSON.stringify({ count: cache.size(), importMs, ...quality }) + '\n');
} finally {
  fs.rmSync(corpus, { recursive: true, force: true });
  fs.rmSync(data, { recursive: true, force: true });
}
