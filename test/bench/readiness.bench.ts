import { startServices, call } from '../helpers/services';
import { startAlertmanager } from '../helpers/alertmanager';
import { bearerProxy } from '../helpers/auth-proxy';
import { startDunst } from '../helpers/dunst';
import { createNodeNotifier } from '../../electron/node-notifier';
import { linuxDesktop } from '../../electron/readiness/desktop';
import { percentile, progress, round, type Benchmark } from './metric';

/**
 * `readiness.check`: the whole readiness check (without the user's answer) against local things:
 * a real notification daemon (dunst) shown a real test notification through node-notifier, a real
 * Alertmanager behind a bearer-token proxy plus one that does not answer (refused), the webhook
 * receiver, the data folder. Median of 15 runs after 2 warm-ups.
 */
export const benchmarks: Benchmark[] = [
  {
    metrics: ['readiness.check'],
    async run(emit) {
      const dunst = await startDunst();
      const alertmanager = await startAlertmanager();
      const proxy = await bearerProxy(alertmanager.url, 'bench-token');
      const previousBus = process.env.DBUS_SESSION_BUS_ADDRESS;
      process.env.DBUS_SESSION_BUS_ADDRESS = dunst.env.DBUS_SESSION_BUS_ADDRESS;
      const services = await startServices({ notifier: createNodeNotifier({ appName: 'Baton' }), desktop: linuxDesktop({ ...process.env, ...dunst.env }) });
      try {
        await call(services, 'savePageSource', { name: 'payments-am', url: proxy.url, auth: 'bearer', secret: 'bench-token', intervalSeconds: 3600 });
        await call(services, 'savePageSource', { name: 'platform-am', url: 'http://127.0.0.1:9', intervalSeconds: 3600 });
        const samples: number[] = [];
        for (let i = 0; i < 17; i++) {
          const started = performance.now();
          const result = await call(services, 'runReadinessCheck');
          const took = performance.now() - started;
          if (result.results.length < 6) throw new Error('the check left something out');
          if (i >= 2) samples.push(took);
        }
        progress(`readiness: p50 ${percentile(samples, 50).toFixed(0)} ms, p95 ${percentile(samples, 95).toFixed(0)} ms over ${samples.length} checks`);
        emit({ metric: 'readiness.check', value: round(percentile(samples, 50)), unit: 'ms', budget: 2000, better: 'lower' });
      } finally {
        await services.dispose();
        if (previousBus === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
        else process.env.DBUS_SESSION_BUS_ADDRESS = previousBus;
        await proxy.close();
        await alertmanager.stop();
        await dunst.stop();
      }
    },
  },
];
