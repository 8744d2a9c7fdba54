// Child process of runbook.bench.ts: the app as after a start over a cached 10k-runbook folder
// (services, the folder source re-checked, the index loaded, garbage collected), then searches
// through the contract, with snippets.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { call, startServices } from '../helpers/services';
import { LABELLED_QUERIES, searchQuality } from './runbook-labelled';

const run = promisify(execFile);
const [dataDir, corpus, queriesJson] = process.argv.slice(2);
const queries = JSON.parse(queriesJson) as string[];

const services = await startServices({ dataDir, runbooks: { firstGitSyncMs: 3_600_000 } });
await services.runbooks.idle();
// As once the app has settled after start: the start's garbage collected.
(globalThis as { gc?: () => void }).gc?.();
for (const q of queries.slice(0, 20)) await call(services, 'runbookSearch', { query: q, limit: 20 });
const samples: number[] = [];
let found = 0;
for (const q of queries) {
  const t = performance.now();
  const { hits } = await call(services, 'runbookSearch', { query: q, limit: 20 });
  samples.push(performance.now() - t);
  if (hits.length > 0) found++;
  if (process.env.BENCH_DEBUG) process.stderr.write(`${(performance.now() - t).toFixed(2)} ${q} ${hits.length}\n`);
}

// The same queries with grep over the same files (page cache warm after the first).
const grepQueries = queries.filter((_, i) => i % 10 === 0);
const grep = async (term: string) => {
  try {
    await run('grep', ['-ril', '--', term, corpus], { maxBuffer: 64 * 1024 * 1024 });
  } catch {
    // grep exits 1 when nothing matches.
  }
};
await grep(grepQueries[0].split(' ')[0]);
let grepTotal = 0;
let batonTotal = 0;
for (const q of grepQueries) {
  const t = performance.now();
  await grep(q.split(' ')[0]);
  grepTotal += performance.now() - t;
  const b = performance.now();
  await call(services, 'runbookSearch', { query: q, limit: 20 });
  batonTotal += performance.now() - b;
}
// Search quality: the labelled everyday queries, ranked as the Runbooks view shows them.
const ranked = new Map<string, string[]>();
for (const { query } of LABELLED_QUERIES) {
  const { hits } = await call(services, 'runbookSearch', { query, limit: 10 });
  // The alert name is the first word of the title in every corpus runbook.
  ranked.set(query, hits.map((hit) => hit.title.split(' ')[0]));
}
const quality = searchQuality((query) => ranked.get(query) ?? []);
if (process.env.BENCH_DEBUG) for (const miss of quality.misses) process.stderr.write(`miss: ${miss}\n`);
const total = services.hub.get().runbooks.total;
await services.dispose();
process.stdout.write(JSON.stringify({ samples, found, grepTotal, batonTotal, total, top3: quality.top3, mrr: quality.mrr }) + '\n');
