// Child process of runbook.bench.ts: loads a cached index cold and reports time and memory it added.
import { openRunbookCache } from '../../electron/runbooks/cache';

const dir = process.argv[2];
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const before = process.memoryUsage().rss;
const started = performance.now();
const { cache, rebuilt } = await openRunbookCache(dir);
const loadMs = performance.now() - started;
gc?.();
const after = process.memoryUsage().rss;
const hits = cache.search('restart', 5).length;
process.stdout.write(JSON.stringify({ loadMs, rssMB: (after - before) / 1024 / 1024, size: cache.size(), rebuilt, hits }) + '\n');
