// Child process of runbook.bench.ts, run from an esbuild bundle in plain Node (as Electron's main
// process runs its bundle, with no TypeScript loader): every service started over a data folder
// with 10k cached runbooks, a few searches, then the resident set after a collection.
import { call, startServices } from '../helpers/services';

const [dataDir] = process.argv.slice(2);
const services = await startServices({ dataDir, runbooks: { firstGitSyncMs: 3_600_000 } });
await services.runbooks.idle();
for (const query of ['disk', 'kafka lag', 'crashloop', 'certificate expired', 'postgres replication']) {
  await call(services, 'runbookSearch', { query, limit: 20 });
}
(globalThis as { gc?: () => void }).gc?.();
const { rss, heapUsed } = process.memoryUsage();
const total = services.hub.get().runbooks.total;
await services.dispose();
process.stdout.write(JSON.stringify({ rssMB: rss / 1048576, heapMB: heapUsed / 1048576, total }) + '\n');
