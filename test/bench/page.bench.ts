import http from 'node:http';
import { appSender, call, startServices, tempDir } from '../helpers/services';
import { startAlertmanager } from '../helpers/alertmanager';
import { startDunst } from '../helpers/dunst';
import { createNodeNotifier } from '../../electron/node-notifier';
import type { IncomingAlert } from '../../electron/pages/normalise';
import type { NotificationRequest } from '../../electron/notifier';
import { percentile, progress, round, type Benchmark } from './metric';

function alert(n: number): IncomingAlert {
  const fingerprint = n.toString(16).padStart(16, '0');
  return {
    pageId: `am:${fingerprint}`,
    kind: 'alertmanager',
    dedupKey: fingerprint,
    title: `HighLatency: p99 above 2s on api-${n}`,
    severity: 'critical',
    labels: { alertname: 'HighLatency', instance: `api-${n}:9100`, severity: 'critical', team: 'payments' },
    annotations: { summary: `p99 above 2s on api-${n}`, runbook_url: 'https://runbooks.example.com/latency' },
    runbookUrl: 'https://runbooks.example.com/latency',
    startsAt: new Date().toISOString(),
    firing: true,
  };
}

export const benchmarks: Benchmark[] = [
  {
    metrics: ['page.notify.p99'],
    async run(emit) {
      let notifiedAt = 0;
      const s = await startServices({
        dataDir: tempDir('baton-bench-'),
        notifier: { notify: async () => ((notifiedAt = performance.now()), { ok: true }) },
        checkContract: false,
      });
      // One page's path, not a storm's: pages a millisecond apart would otherwise be held as one storm.
      await call(s, 'updateSettings', { notifications: { stormWindowSeconds: 0 } });
      const samples: number[] = [];
      for (let i = 0; i < 320; i++) {
        const started = performance.now();
        await s.pages.ingest({ id: 'am-bench', name: 'bench-am' }, [alert(i + 1)]);
        if (i >= 20) samples.push(notifiedAt - started); // the first ones warm the JIT and the file
      }
      progress(`page in hand → notify call (the journal write follows, never before), ${samples.length} pages: p50 ${percentile(samples, 50).toFixed(2)} ms`);
      emit({ metric: 'page.notify.p99', value: round(percentile(samples, 99)), unit: 'ms', budget: 25, better: 'lower' });
      await s.dispose();
    },
  },
  {
    metrics: ['page.poll_1000'],
    async run(emit) {
      const alertmanager = await startAlertmanager();
      try {
        await alertmanager.postAlerts(
          Array.from({ length: 1000 }, (_, i) => ({
            labels: { alertname: 'DiskPressure', instance: `node-${i}:9100`, severity: i % 10 === 0 ? 'critical' : 'warning', team: 'infra' },
            annotations: { summary: `disk above 90% on node-${i}`, runbook_url: 'https://runbooks.example.com/disk' },
            generatorURL: 'http://prometheus.example:9090/graph?g0.expr=disk',
          })),
        );
        const samples: number[] = [];
        for (let run = 0; run < 6; run++) {
          const notified: NotificationRequest[] = [];
          const s = await startServices({ dataDir: tempDir('baton-bench-'), notifier: { notify: async (r) => (notified.push(r), { ok: true }) } });
          // Saving an enabled source polls it at once: measured from the save to the poll's end.
          const polled = new Promise<void>((resolve) => {
            const off = s.hub.onChange((state) => {
              if (state.pages.sources.some((h) => h.kind === 'alertmanager' && (h.lastSuccess || h.lastError))) {
                off();
                resolve();
              }
            });
          });
          const started = performance.now();
          await s.dispatch('savePageSource', { name: 'infra-am', url: alertmanager.url, intervalSeconds: 3600 }, appSender);
          await polled;
          const elapsed = performance.now() - started;
          const open = s.hub.get().pages.open.length;
          if (open !== 1000 || notified.length !== 1) throw new Error(`poll_1000: ${open} pages, ${notified.length} notifications`);
          if (run === 0) progress(`poll of 1,000 alerts → "${notified[0].title}"`);
          else samples.push(elapsed);
          await s.dispose();
        }
        progress(`poll of 1,000 alerts (HTTP + parse + journal + one grouped notification): ${samples.map((x) => x.toFixed(0)).join(' ')} ms`);
        emit({ metric: 'page.poll_1000', value: round(percentile(samples, 50)), unit: 'ms', budget: 200, better: 'lower' });
      } finally {
        await alertmanager.stop();
      }
    },
  },
  {
    metrics: ['page.e2e_vs_webhook'],
    async run(emit) {
      const dunst = await startDunst();
      const previousBus = process.env.DBUS_SESSION_BUS_ADDRESS;
      process.env.DBUS_SESSION_BUS_ADDRESS = dunst.env.DBUS_SESSION_BUS_ADDRESS;
      // The peer: the smallest webhook receiver there is, noting when each alert arrives.
      const arrived = new Map<string, number>();
      const peer = http.createServer((req, res) => {
        let body = '';
        req.on('data', (d: Buffer) => (body += d.toString()));
        req.on('end', () => {
          const at = Date.now();
          for (const a of (JSON.parse(body) as { alerts: { labels: { alertname: string } }[] }).alerts) arrived.set(a.labels.alertname, at);
          res.end('ok');
        });
      });
      await new Promise<void>((r) => peer.listen(0, '127.0.0.1', r));
      const s = await startServices({ dataDir: tempDir('baton-bench-'), notifier: createNodeNotifier({ appName: 'Baton' }), checkContract: false });
      // One page's path, not a storm's: these alerts follow each other within the storm window.
      await call(s, 'updateSettings', { notifications: { stormWindowSeconds: 0 } });
      const alertmanager = await startAlertmanager({
        groupWait: '100ms',
        webhooks: [
          { url: s.pages.webhookUrl()!, token: s.pages.webhookToken() },
          { url: `http://127.0.0.1:${(peer.address() as { port: number }).port}/` },
        ],
      });
      try {
        const ratios: number[] = [];
        const baton: number[] = [];
        const plain: number[] = [];
        for (let i = 0; i < 16; i++) {
          const name = `BenchAlert${i}`;
          const before = dunst.shown().length;
          const posted = Date.now();
          await alertmanager.postAlerts([{ labels: { alertname: name, severity: 'critical' }, annotations: { summary: 'bench' } }]);
          const shown = await dunst.waitFor((list) => list.slice(before).some((n) => n.summary.startsWith(name)), 15_000);
          const until = Date.now() + 10_000;
          while (!arrived.has(name) && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
          const shownAt = shown.slice(before).find((n) => n.summary.startsWith(name))!.at;
          const peerAt = arrived.get(name);
          if (peerAt === undefined) throw new Error('the peer webhook never received the alert');
          if (i < 2) continue; // warm-up
          baton.push(shownAt - posted);
          plain.push(peerAt - posted);
          ratios.push((shownAt - posted) / (peerAt - posted));
        }
        progress(`POST → shown by dunst (Baton) p50 ${percentile(baton, 50)} ms; POST → minimal receiver p50 ${percentile(plain, 50)} ms`);
        emit({ metric: 'page.e2e_vs_webhook', value: round(percentile(ratios, 50)), unit: 'x', budget: 1.3, better: 'lower' });
      } finally {
        await alertmanager.stop();
        await s.dispose();
        await new Promise((r) => peer.close(r));
        if (previousBus === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
        else process.env.DBUS_SESSION_BUS_ADDRESS = previousBus;
        await dunst.stop();
      }
    },
  },
];
