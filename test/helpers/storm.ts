import type { TestServices } from './services';
import { until } from './wait';

/**
 * A storm as it reaches Baton at 3 a.m.: 30 pages through the real webhook receiver. Alertmanager
 * (receiver `k8s-am`) sends one notification per alert group, as it does: 24 `KubePodCrashLooping`
 * (warning) and 4 `NodeMemoryHigh` (high); a cron job posts 2 critical pages in the generic format.
 */
export const STORM = { crashLooping: 24, memory: 4, critical: 2, total: 30 } as const;

const firing = '0001-01-01T00:00:00Z';

function amNotification(alertname: string, severity: string, alerts: { labels: Record<string, string>; summary: string; fingerprint: string }[]) {
  return {
    receiver: 'k8s-am',
    status: 'firing',
    alerts: alerts.map((a) => ({
      status: 'firing',
      labels: { alertname, severity, ...a.labels },
      annotations: { summary: a.summary, runbook_url: `https://runbooks.example.com/k8s/${alertname}` },
      startsAt: '2026-11-30T02:58:00.000Z',
      endsAt: firing,
      generatorURL: 'http://prometheus.example:9090/graph?g0.expr=up',
      fingerprint: a.fingerprint,
    })),
    groupLabels: { alertname },
    commonLabels: { alertname, severity },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example:9093',
    version: '4',
    groupKey: `{}:{alertname="${alertname}"}`,
    truncatedAlerts: 0,
  };
}

export async function postToWebhook(services: TestServices, body: unknown): Promise<void> {
  const response = await fetch(services.pages.webhookUrl()!, {
    method: 'POST',
    headers: { authorization: `Bearer ${services.pages.webhookToken()}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (response.status !== 200) throw new Error(`the webhook answered ${response.status}: ${await response.text()}`);
}

/** Posts the storm; resolves once every page is answered for (saved). */
export async function postStorm(services: TestServices): Promise<void> {
  const pods = Array.from({ length: STORM.crashLooping }, (_, i) => ({
    labels: { namespace: 'shop', pod: `checkout-api-${(i + 1).toString().padStart(2, '0')}`, team: 'payments' },
    summary: `Pod shop/checkout-api-${(i + 1).toString().padStart(2, '0')} is restarting 3 times every 5 minutes`,
    fingerprint: (0xc0ffee00 + i).toString(16).padStart(16, '0'),
  }));
  const nodes = Array.from({ length: STORM.memory }, (_, i) => ({
    labels: { instance: `node-${i + 1}:9100`, team: 'platform' },
    summary: `node-${i + 1} has less than 5% memory available`,
    fingerprint: (0xbeef00 + i).toString(16).padStart(16, '0'),
  }));
  await postToWebhook(services, amNotification('KubePodCrashLooping', 'warning', pods));
  await postToWebhook(services, amNotification('NodeMemoryHigh', 'high', nodes));
  await postToWebhook(services, { title: 'Payments database primary unreachable', severity: 'critical', source: 'cron', dedupKey: 'db-primary-down' });
  await postToWebhook(services, { title: 'Checkout success rate below 90%', severity: 'critical', source: 'cron', dedupKey: 'checkout-success' });
  // Saved is not yet published: the window's slice (what the tests and benchmarks read next) follows a moment later.
  await until('the whole storm in the pages slice', () => services.hub.get().pages.open.length >= STORM.total);
}
