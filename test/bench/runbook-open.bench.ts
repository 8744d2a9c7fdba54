import fs from 'node:fs';
import { call, startServices, tempDir } from '../helpers/services';
import { silentServer } from '../helpers/silent-server';
import { percentile, progress, round, type Benchmark } from './metric';
import { generateRunbook, writeCorpus } from './runbook-corpus';

const COUNT = 10_000;
const PAGES = 300;

/**
 * `runbook.open_unreachable_p99`: ms from asking for a page's runbook (as the window does, through
 * the checked contract) to having the answer, when the page's runbook_url host accepts connections
 * and never answers. Over 10,000 cached runbooks; pages named after cached runbooks, renamed
 * alerts (suggestions) and unknown ones; links shared by several pages and unique ones; each page
 * opened three times (first open, again while its link hangs, again after it failed).
 */
export const benchmarks: Benchmark[] = [
  {
    metrics: ['runbook.open_unreachable_p99'],
    async run(emit) {
      const corpus = tempDir('baton-bench-open-runbooks-');
      const dataDir = tempDir('baton-bench-open-data-');
      const server = await silentServer();
      try {
        progress(`writing ${COUNT} runbooks for the open benchmark`);
        writeCorpus(corpus, COUNT);
        const s = await startServices({ dataDir, checkContract: false, runbooks: { firstGitSyncMs: 3_600_000, linkAnswerTimeoutMs: 2_000 } });
        await call(s, 'runbookSourceAdd', { kind: 'folder', name: 'Bench', path: corpus });
        await s.runbooks.idle();
        progress(`${s.runbooks.cache.size()} runbooks cached; ${PAGES} pages with links to a host that never answers`);

        const pageIds: string[] = [];
        for (let i = 0; i < PAGES; i++) {
          const { name } = generateRunbook((i * 131) % COUNT);
          const cached = name.replace(/\.md$/, '');
          // A third named as a cached runbook, a third renamed since (suggestions), a third unknown.
          const alertname = i % 3 === 0 ? cached : i % 3 === 1 ? cached.replace(/([A-Z][a-z]+)$/, 'Not$1') : `UnknownAlert${i}`;
          const url = i % 2 === 0 ? `${server.origin}/runbooks/shared-${i % 10}.md` : `${server.origin}/runbooks/${alertname}.md`;
          const pageId = `bench:${i}`;
          await s.journal.append('page.received', {
            pageId,
            sourceId: 'bench',
            sourceName: 'Bench',
            dedupKey: pageId,
            title: `${alertname} on node-${i}`,
            severity: 'critical',
            labels: { alertname, instance: `node-${i}:9100`, severity: 'critical' },
            annotations: { summary: `The disk on node-${i} will be full within 4 hours`, runbook_url: url },
            runbookUrl: url,
            startsAt: new Date().toISOString(),
          });
          pageIds.push(pageId);
        }

        const samples: number[] = [];
        let answered = 0;
        for (let round_ = 0; round_ < 3; round_++) {
          for (const pageId of pageIds) {
            const started = performance.now();
            const result = await call(s, 'runbookForPage', { pageId });
            samples.push(performance.now() - started);
            if (result.best) answered++;
          }
          // Between rounds, the hanging links time out in the background (as a user reads a runbook).
          if (round_ === 1) await s.runbooks.idle();
        }
        const firstOpens = samples.slice(0, PAGES);
        progress(`${answered} of ${samples.length} opens had a runbook to show; ${server.requests()} link requests for ${new Set(server.paths).size} links; p50 ${round(percentile(samples, 50), 2)} ms; first opens alone: p50 ${round(percentile(firstOpens, 50), 2)} ms, p99 ${round(percentile(firstOpens, 99), 2)} ms`);
        emit({ metric: 'runbook.open_unreachable_p99', value: round(percentile(samples, 99), 2), unit: 'ms', budget: 50, better: 'lower' });
        await s.dispose();
      } finally {
        await server.close();
        fs.rmSync(corpus, { recursive: true, force: true });
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  },
];
