import { startServices, tempDir } from '../helpers/services';
import { startNotificationServer } from '../helpers/notification-server';
import { createDesktopNotifier } from '../../electron/notify/desktop';
import { memoryLogger } from '../../electron/log';
import { isEvent } from '../../shared/records';
import type { IncomingAlert } from '../../electron/pages/normalise';
import { percentile, progress, round, type Benchmark } from './metric';

const PAGES = 210;
const WARM_UP = 10;

function page(n: number): IncomingAlert {
  return {
    pageId: `wh:bench-${n}`,
    kind: 'generic',
    dedupKey: `bench-${n}`,
    title: `CheckoutErrorRate: 5xx above 2% (${n})`,
    severity: 'critical',
    labels: { alertname: 'CheckoutErrorRate', service: 'checkout', n: String(n) },
    annotations: {},
    startsAt: new Date().toISOString(),
    firing: true,
  };
}

export const benchmarks: Benchmark[] = [
  {
    metrics: ['notify.action_to_ack'],
    async run(emit) {
      // A real D-Bus: a private dbus-daemon with a notification server on it; Baton's notifier is the app's own.
      const server = await startNotificationServer();
      const notifier = createDesktopNotifier({ appName: 'Baton', log: memoryLogger(), platform: 'linux', busAddress: server.address });
      const s = await startServices({ dataDir: tempDir('baton-bench-'), notifier, checkContract: false });
      // One page's path, not a storm's: pages a moment apart would otherwise be held as one group.
      await s.settings.update({ notifications: { stormWindowSeconds: 0 } });
      const acked = () => s.journal.records().filter((r) => isEvent(r, 'page.acknowledged')).length;
      const samples: number[] = [];

      try {
        for (let i = 0; i < PAGES; i++) {
          await s.pages.ingest({ id: 'grafana', name: 'grafana' }, [page(i)]);
          const calls = await server.waitForCalls(i + 1);
          const before = acked();
          // The user presses Acknowledge: the daemon emits ActionInvoked on the bus…
          const started = performance.now();
          server.invoke(calls[i].id, 'ack');
          // …until the page.acknowledged record is in the journal, fsynced.
          while (acked() === before) {
            if (performance.now() - started > 10_000) throw new Error(`the Acknowledge of page ${i} did not reach the journal within 10 s`);
            await new Promise((resolve) => setImmediate(resolve));
          }
          await s.pages.saved();
          if (i >= WARM_UP) samples.push(performance.now() - started);
        }
      } finally {
        await s.dispose();
        await server.stop();
      }
      progress(`Acknowledge on the bus → ack in the journal (fsynced), ${samples.length} pages: p50 ${percentile(samples, 50).toFixed(2)} ms, p95 ${percentile(samples, 95).toFixed(2)} ms, slowest ${[...samples].sort((a, b) => b - a).slice(0, 3).map((x) => x.toFixed(1)).join(', ')} ms`);
      emit({ metric: 'notify.action_to_ack', value: round(percentile(samples, 99)), unit: 'ms', budget: 50, better: 'lower' });
    },
  },
];
