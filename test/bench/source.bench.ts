import { call, startServices, tempDir } from '../helpers/services';
import { runningClock } from '../helpers/clock';
import { startPagerDuty, type PdUser } from '../helpers/pagerduty';
import { createPagerDutySource } from '../../electron/sources/pagerduty';
import { createRateGate } from '../../electron/sources/http';
import { percentile, progress, round, type Benchmark } from './metric';

/**
 * Paging services on loopback: a PagerDuty poll of 500 incidents through Baton's module and
 * intake, and an Ack from the app's request to PagerDuty's answer. The local PagerDuty checks every
 * request against PagerDuty's description but, here, not its own answers (that is the tests' job).
 */
const START = '2026-03-02T09:00:00Z';
const alice: PdUser = { id: 'PALICE1', name: 'Alice Example', email: 'alice@example.com' };

export const benchmarks: Benchmark[] = [
  {
    metrics: ['source.pagerduty.poll_500'],
    async run(emit) {
      const clock = runningClock(START);
      const pd = await startPagerDuty({ users: [alice], tokens: { key: alice.id }, now: clock.now, validateAnswers: false });
      const s = await startServices({ dataDir: tempDir('baton-bench-'), clock, checkContract: false });
      const filters = { assignedToMe: false, teamIds: [], serviceIds: [], urgencies: [], scheduleIds: [] };
      const module = createPagerDutySource(() => ({ id: 'pd-bench', name: 'Bench', apiUrl: pd.url, token: 'key', email: alice.email, siteUrl: '', variant: 'default', filters }), { clock, gate: createRateGate(clock) });
      const samples: number[] = [];
      for (let round_ = 0; round_ < 8; round_++) {
        pd.incidents.clear();
        for (let i = 0; i < 500; i++) pd.addIncident({ id: `P${round_}X${String(i).padStart(4, '0')}`, number: round_ * 1000 + i, title: `Disk pressure on node-${i}`, assignee: alice, urgency: i % 5 ? 'low' : 'high' });
        const started = performance.now();
        const { alerts } = await module.poll(undefined);
        const accepted = await s.pages.ingest({ id: 'pd-bench', name: 'Bench' }, alerts);
        const elapsed = performance.now() - started;
        if (accepted !== 500) throw new Error(`ingested ${accepted} of 500`);
        if (round_ > 0) samples.push(elapsed); // the first warms the JIT, the journal file and the connection
      }
      if (pd.violations.length) throw new Error(pd.violations.join('\n'));
      progress(`PagerDuty poll (5 pages of 100) + intake of 500 new incidents, ${samples.length} rounds: median ${percentile(samples, 50).toFixed(1)} ms, worst ${Math.max(...samples).toFixed(1)} ms`);
      emit({ metric: 'source.pagerduty.poll_500', value: round(percentile(samples, 50), 1), unit: 'ms', budget: 200, better: 'lower' });
      await s.dispose();
      await pd.close();
    },
  },
  {
    metrics: ['source.ack_roundtrip'],
    async run(emit) {
      const clock = runningClock(START);
      const pd = await startPagerDuty({ users: [alice], tokens: { key: alice.id }, now: clock.now, validateAnswers: false });
      const s = await startServices({ dataDir: tempDir('baton-bench-'), clock, checkContract: false });
      for (let i = 0; i < 110; i++) pd.addIncident({ id: `PACK${String(i).padStart(4, '0')}`, number: i, title: `Checkout errors ${i}`, assignee: alice });
      const source = await call(s, 'saveServiceSource', { kind: 'pagerduty', name: 'Bench', apiUrl: pd.url, token: 'key', intervalSeconds: 3600 });
      await call(s, 'pollPageSource', { id: source.id });
      const samples: number[] = [];
      for (let i = 0; i < 110; i++) {
        const started = performance.now();
        await call(s, 'ackPage', { pageId: `pd:PACK${String(i).padStart(4, '0')}`, minutes: 30 });
        if (i >= 10) samples.push(performance.now() - started);
      }
      if ([...pd.incidents.values()].some((incident) => incident.status !== 'acknowledged')) throw new Error('an ack did not reach PagerDuty');
      if (pd.violations.length) throw new Error(pd.violations.join('\n'));
      progress(`Ack in the app → PUT /incidents answered → journaled and shown, ${samples.length} acks: median ${percentile(samples, 50).toFixed(1)} ms, p99 ${percentile(samples, 99).toFixed(1)} ms`);
      emit({ metric: 'source.ack_roundtrip', value: round(percentile(samples, 50), 1), unit: 'ms', budget: 50, better: 'lower' });
      await s.dispose();
      await pd.close();
    },
  },
];
