// The fault matrix (`npm run bench -- fault`) and the loaded intake figure (`npm run bench -- page.intake`).
import { startServices, tempDir } from '../helpers/services';
import { deliver, longRepeats, pool, post, recorder, webhookAlert, webhookPayload, type Answer } from './fault/drive';
import { scenarios } from './fault/scenarios';
import { score, type Score } from './fault/score';
import { percentile, progress, round, type Benchmark } from './metric';
import type { IncomingAlert } from '../../electron/pages/normalise';
import { errorText } from '../../shared/errors';

function openPage(n: number, startsAt: string): IncomingAlert {
  const fingerprint = (0xfa000000 + n).toString(16).padStart(16, '0');
  return {
    pageId: `am:${fingerprint}`,
    kind: 'alertmanager',
    dedupKey: fingerprint,
    title: `DiskPressure: node-${n}`,
    severity: 'warning',
    labels: { alertname: 'DiskPressure', instance: `node-${n}:9100`, severity: 'warning' },
    annotations: { summary: `disk above 90% on node-${n}` },
    startsAt,
    firing: true,
  };
}

export const benchmarks: Benchmark[] = [
  {
    metrics: ['fault.pages_missed', 'fault.pages_duplicated', 'fault.false_resolves', 'fault.extra_notifications'],
    async run(emit) {
      const total: Score = { missed: 0, duplicated: 0, falseResolves: 0, extra: 0, detail: '' };
      const rows: string[] = [];
      for (const scenario of scenarios) {
        const started = Date.now();
        progress(`fault: ${scenario.name} …`);
        let line: string;
        try {
          const { truth, observed, notes } = await scenario.run();
          const s = score(truth, observed);
          total.missed += s.missed;
          total.duplicated += s.duplicated;
          total.falseResolves += s.falseResolves;
          total.extra += s.extra;
          line = `missed ${s.missed}, duplicated ${s.duplicated}, false resolves ${s.falseResolves}, extra notifications ${s.extra} (${s.detail}; ${notes.join('; ')})`;
        } catch (error) {
          // A scenario that could not run is reported, never silently counted as clean.
          line = `COULD NOT RUN: ${errorText(error)}`;
          process.exitCode = 1;
        }
        const row = `${scenario.name} [${((Date.now() - started) / 1000).toFixed(1)} s]: ${line}`;
        rows.push(row);
        progress(`fault: ${row}`);
      }
      process.stderr.write(`\nfault matrix, per scenario:\n${rows.map((r) => `  ${r}`).join('\n')}\n\n`);
      emit({ metric: 'fault.pages_missed', value: total.missed, unit: 'count', budget: 0, better: 'lower' });
      emit({ metric: 'fault.pages_duplicated', value: total.duplicated, unit: 'count', budget: 0, better: 'lower' });
      emit({ metric: 'fault.false_resolves', value: total.falseResolves, unit: 'count', budget: 0, better: 'lower' });
      emit({ metric: 'fault.extra_notifications', value: total.extra, unit: 'count', budget: 0, better: 'lower' });
    },
  },
  {
    metrics: ['page.intake_p99_loaded'],
    async run(emit) {
      const rec = recorder();
      // As the packaged app runs: no contract check of every state update.
      const s = await startServices({ dataDir: tempDir('baton-bench-'), notifier: rec.notifier, checkContract: false });
      try {
        await longRepeats(s);
        const startsAt = new Date(Date.now() - 3_600_000).toISOString();
        for (let batch = 0; batch < 10; batch++) {
          await s.pages.ingest({ id: 'am-load', name: 'load-am' }, Array.from({ length: 1000 }, (_, i) => openPage(batch * 1000 + i, startsAt)));
        }
        const target = () => ({ url: s.pages.webhookUrl() ?? '', token: s.pages.webhookToken() });
        const huge: Answer[] = [];
        for (let i = 0; i < 5; i++) {
          const labels = Object.fromEntries(Array.from({ length: 40_000 }, (_, j) => [`l${j}`, 'x']));
          huge.push(...(await deliver(target, webhookPayload([webhookAlert(`load-huge-${i}`, { labels })]), { attempts: 1, gapMs: 0, timeoutMs: 60_000 })));
        }
        const held = s.hub.get().pages.open.length;
        progress(`intake under load: ${held} open pages held; the five 40,000-label pages were answered ${huge.map((a) => a.status || 'none').join(' ')}`);
        // 60 ordinary single-alert posts, four at a time; an unanswered post counts as its 30 s timeout.
        const samples: number[] = [];
        const t = target();
        const deadline = Date.now() + 120_000;
        await pool(Array.from({ length: 60 }, (_, i) => i), 4, async (i) => {
          if (Date.now() > deadline) return void samples.push(30_000);
          const answer = await post(t.url, t.token, webhookPayload([webhookAlert(`load-ordinary-${i}`)]), 30_000);
          samples.push(answer.status === 200 ? answer.ms : Math.max(answer.ms, 30_000));
        });
        progress(`ordinary webhook answers under load: p50 ${percentile(samples, 50).toFixed(1)} ms, max ${Math.max(...samples).toFixed(1)} ms`);
        emit({ metric: 'page.intake_p99_loaded', value: round(percentile(samples, 99)), unit: 'ms', budget: 50, better: 'lower' });
      } finally {
        await s.dispose();
      }
    },
  },
];
