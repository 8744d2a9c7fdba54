import http from 'node:http';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startAlertmanager, type RealAlertmanager } from '../helpers/alertmanager';
import { appSender, startServices, type TestServices, call } from '../helpers/services';
import { manualClock } from '../helpers/clock';
import { until } from '../helpers/wait';

const past = () => new Date(Date.now() - 60_000).toISOString();



describe('pages against a real Alertmanager', () => {
  const started: { stop(): Promise<void> }[] = [];
  const services: TestServices[] = [];
  afterEach(async () => {
    for (const s of services.splice(0)) await s.dispose();
  });
  afterAll(async () => {
    for (const s of started.splice(0)) await s.stop();
  });

  async function am(options?: Parameters<typeof startAlertmanager>[0]): Promise<RealAlertmanager> {
    const instance = await startAlertmanager(options);
    started.push(instance);
    return instance;
  }

  it('polls alerts, acks with a real silence, un-acks by expiring it, and resolves when the source resolves', async () => {
    const alertmanager = await am({ resolveTimeout: '1s' });
    const s = await startServices();
    services.push(s);
    await s.settings.update({ identity: { name: 'Alice Example' } });
    const source = await call(s, 'savePageSource', {
      name: 'payments-am',
      url: alertmanager.url,
      filters: ['team="payments"'],
      intervalSeconds: 3600,
    });
    const labels = { alertname: 'PaymentsLatencyHigh', severity: 'critical', team: 'payments', instance: 'api-1:9100' };
    await alertmanager.postAlerts([
      { labels, annotations: { summary: 'p99 above 2s', runbook_url: 'https://runbooks.example.com/payments/latency' }, generatorURL: 'http://prometheus.example:9090/graph' },
      { labels: { alertname: 'Unrelated', team: 'search', severity: 'critical' } },
    ]);
    await call(s, 'pollPageSource', { id: (source as { id: string }).id });
    const open = s.hub.get().pages.open;
    expect(open).toHaveLength(1); // the filter kept the search team's alert out
    expect(open[0]).toMatchObject({ title: 'PaymentsLatencyHigh: p99 above 2s', severity: 'critical', sourceName: 'payments-am', kind: 'alertmanager' });
    const [amAlert] = (await alertmanager.alerts()).filter((a) => a.labels.team === 'payments');
    expect(open[0].id).toBe(`am:${amAlert.fingerprint}`);
    expect(s.notified).toHaveLength(1);
    expect(s.hub.get().pages.sources[0]).toMatchObject({ lastError: null });
    expect(s.hub.get().pages.sources.find((h) => h.kind === 'alertmanager')?.lastSuccess).toBeTruthy();

    // Polling again finds the same alert: no duplicate page, no second notification.
    await call(s, 'pollPageSource', { id: (source as { id: string }).id });
    expect(s.journal.records().filter((r) => r.type === 'page.received')).toHaveLength(1);
    expect(s.notified).toHaveLength(1);

    const ack = await call(s, 'ackPage', { pageId: open[0].id, minutes: 45, comment: 'Looking into it' });
    const silenceId = (ack as { silenceId: string }).silenceId;
    const silences = await alertmanager.silences();
    const silence = silences.find((x) => x.id === silenceId);
    expect(silence).toMatchObject({ createdBy: 'Alice Example', comment: 'Looking into it', status: { state: 'active' } });
    expect(Object.fromEntries(silence!.matchers.map((m) => [m.name, m.value]))).toEqual(labels);
    // Alertmanager now reports the alert as suppressed; Baton keeps the page acknowledged, not resolved.
    await until('the alert to be silenced', async () => (await alertmanager.alerts()).some((a) => a.status.silencedBy.includes(silenceId)));
    await call(s, 'pollPageSource', { id: (source as { id: string }).id });
    expect(s.hub.get().pages.open[0]).toMatchObject({ status: 'acknowledged', silenceId, acknowledgedBy: 'Alice Example' });

    await call(s, 'unackPage', { pageId: open[0].id });
    expect((await alertmanager.silences()).find((x) => x.id === silenceId)?.status.state).toBe('expired');
    expect(s.hub.get().pages.open[0].status).toBe('triggered');

    // Resolved at the source: endsAt in the past. Absence is not resolution at the first look: the
    // page resolves once it has been missing from two polls spanning the resolve timeout (1 s here).
    await alertmanager.postAlerts([{ labels, endsAt: past() }]);
    await call(s, 'pollPageSource', { id: (source as { id: string }).id });
    expect(s.hub.get().pages.open).toHaveLength(1);
    await until('resolution by absence', async () => {
      await call(s, 'pollPageSource', { id: (source as { id: string }).id });
      return s.hub.get().pages.open.length === 0;
    });
    expect(s.hub.get().pages.recent[0]).toMatchObject({ id: open[0].id, status: 'resolved' });
    expect(s.journal.records().map((r) => r.type)).toEqual([
      'page.received',
      'silence.created',
      'page.acknowledged',
      'silence.expired',
      'page.unacknowledged',
      'page.resolved',
    ]);
  });

  it('acknowledges a whole group with one silence per page, journals each page, and reports the ones it could not do', async () => {
    const alertmanager = await am();
    const s = await startServices();
    services.push(s);
    await s.settings.update({ identity: { name: 'Alice Example' } });
    const source = (await call(s, 'savePageSource', { name: 'k8s-am', url: alertmanager.url, intervalSeconds: 3600 })) as { id: string };
    await alertmanager.postAlerts(
      ['a', 'b', 'c', 'd'].map((pod) => ({ labels: { alertname: 'KubePodCrashLooping', severity: 'warning', pod: `api-${pod}` }, annotations: { summary: `api-${pod} restarts` } })),
    );
    await call(s, 'pollPageSource', { id: source.id });
    const pages = s.hub.get().pages.open;
    expect(pages).toHaveLength(4);
    // One of them is marked handled before the group is acknowledged: it is reported, the rest go on.
    await call(s, 'resolvePage', { pageId: pages[0].id });
    const ids = pages.map((p) => p.id);
    const result = await call(s, 'ackPages', { pageIds: ids, minutes: 30, comment: 'crash loop storm' });
    expect(result.done.sort()).toEqual(ids.slice(1).sort());
    expect(result.failed).toEqual([{ pageId: ids[0], reason: 'This page is already resolved.' }]);
    expect(result.message).toBe('3 pages acknowledged; 1 page not: This page is already resolved.');
    const silences = (await alertmanager.silences()).filter((x) => x.status.state === 'active');
    expect(silences).toHaveLength(3);
    expect(silences.every((x) => x.createdBy === 'Alice Example' && x.comment === 'crash loop storm')).toBe(true);
    const acks = s.journal.records().filter((r) => r.type === 'page.acknowledged');
    expect(acks.map((r) => (r.data as { pageId: string }).pageId).sort()).toEqual(ids.slice(1).sort());
    expect(s.hub.get().pages.open.every((p) => p.status === 'acknowledged')).toBe(true);

    const handled = await call(s, 'resolvePages', { pageIds: ids.slice(1) });
    expect(handled).toMatchObject({ failed: [], message: '3 pages marked handled.' });
    expect(s.hub.get().pages.open).toEqual([]);
    expect(s.journal.records().filter((r) => r.type === 'page.resolved')).toHaveLength(4);
    await expect(call(s, 'ackPages', { pageIds: [] , minutes: 30 })).rejects.toThrow(/invalid-args/);
  });

  it('receives Alertmanager webhooks (firing and resolved) on the built-in receiver', async () => {
    const s = await startServices();
    services.push(s);
    const url = s.pages.webhookUrl();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhook$/);
    const alertmanager = await am({ webhooks: [{ url: url!, token: s.pages.webhookToken() }] });
    const labels = { alertname: 'CheckoutErrors', severity: 'high', team: 'payments' };
    await alertmanager.postAlerts([{ labels, annotations: { summary: '5xx above 1%' } }]);
    const page = await until('the webhook page', () => s.hub.get().pages.open[0]);
    expect(page).toMatchObject({ title: 'CheckoutErrors: 5xx above 1%', severity: 'high', sourceId: 'webhook', sourceName: 'baton' });
    await until('the receiver to record the delivery', () => s.hub.get().pages.sources.find((h) => h.kind === 'webhook')?.lastSuccess);
    await until('the notification', () => s.notified[0]);
    expect(s.notified[0]).toMatchObject({ title: 'CheckoutErrors: 5xx above 1%', sticky: true });

    await alertmanager.postAlerts([{ labels, endsAt: past() }]);
    await until('the resolved webhook', () => s.hub.get().pages.open.length === 0);
    expect(s.hub.get().pages.recent[0]).toMatchObject({ id: page.id, status: 'resolved' });
  });

  it('takes the same alert from a poll and a webhook as one page', async () => {
    const s = await startServices();
    services.push(s);
    const alertmanager = await am({ webhooks: [{ url: s.pages.webhookUrl()!, token: s.pages.webhookToken() }] });
    const source = (await call(s, 'savePageSource', { name: 'am', url: alertmanager.url, intervalSeconds: 3600 })) as { id: string };
    await alertmanager.postAlerts([{ labels: { alertname: 'Both', severity: 'critical' } }]);
    await call(s, 'pollPageSource', { id: source.id });
    await until('the webhook delivery', () => s.hub.get().pages.sources.find((h) => h.kind === 'webhook')?.lastSuccess);
    expect(s.journal.records().filter((r) => r.type === 'page.received')).toHaveLength(1);
    expect(s.notified).toHaveLength(1);
  });
});

describe('polling errors, backoff and recovery', () => {
  let server: http.Server | undefined;
  let s: TestServices | undefined;
  afterEach(async () => {
    await s?.dispose();
    await new Promise((r) => (server ? server.close(r) : r(null)));
  });

  it('backs off with jitter on errors, shows the failure, recovers cleanly and re-polls on resume', async () => {
    // An HTTP server that fails twice (503, then a hang past nothing: a reset), then answers like Alertmanager.
    let requests = 0;
    const alerts = [
      {
        labels: { alertname: 'QueueBacklog', severity: 'warning' },
        annotations: { summary: 'backlog above 10k' },
        startsAt: '2026-11-20T08:59:00.000Z',
        endsAt: '2026-11-20T09:04:00.000Z',
        updatedAt: '2026-11-20T08:59:00.000Z',
        fingerprint: 'aa11bb22cc33dd44',
        receivers: [{ name: 'baton' }],
        generatorURL: 'http://prometheus.example:9090/graph',
        status: { state: 'active', silencedBy: [], inhibitedBy: [] },
      },
    ];
    server = http.createServer((req, res) => {
      if (req.url === '/api/v2/status') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ uptime: '2026-11-20T08:00:00.000Z', config: { original: 'global:\n  resolve_timeout: 5m\n' } }));
      requests++;
      if (requests === 1) return void res.writeHead(503).end('service unavailable');
      if (requests === 2) return void req.socket.destroy();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(alerts));
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const clock = manualClock('2026-11-20T09:00:00Z');
    s = await startServices({ clock });
    const source = (await call(s, 'savePageSource', { name: 'flaky', url: `http://127.0.0.1:${port}`, intervalSeconds: 15 })) as { id: string };

    const health = () => s!.hub.get().pages.sources.find((h) => h.id === source.id)!;
    await until('the first failure', () => health().lastError);
    expect(health().lastError).toMatch(/answered 503/);
    const firstTry = Date.parse(health().nextTry!) - clock.now();
    expect(firstTry).toBeGreaterThanOrEqual(0.8 * 30_000);
    expect(firstTry).toBeLessThanOrEqual(1.2 * 30_000);
    expect(s.hub.get().notices.find((n) => n.id === `page-source:${source.id}`)?.message).toMatch(/flaky.*failing/);

    clock.advance(firstTry);
    await until('the second failure', () => requests === 2 && health().lastError?.includes('could not be reached'));
    await until('the next try', () => Date.parse(health().nextTry!) - clock.now() > 40_000 && health().nextTry);
    const secondTry = Date.parse(health().nextTry!) - clock.now();
    expect(secondTry).toBeGreaterThanOrEqual(0.8 * 60_000);
    expect(secondTry).toBeLessThanOrEqual(1.2 * 60_000);

    clock.advance(secondTry);
    await until('recovery', () => health().lastError === null && s!.hub.get().pages.open.length === 1);
    expect(s.hub.get().notices.some((n) => n.id === `page-source:${source.id}`)).toBe(false);
    expect(Date.parse(health().nextTry!) - clock.now()).toBe(15_000);

    // Woken from sleep: it looks at once instead of waiting for the timer.
    s.resume();
    await until('a poll on resume', () => requests === 4);
    expect(s.journal.records().filter((r) => r.type === 'page.received')).toHaveLength(1);
  });
});

describe('source credentials', () => {
  let server: http.Server | undefined;
  let s: TestServices | undefined;
  afterEach(async () => {
    await s?.dispose();
    await new Promise((r) => (server ? server.close(r) : r(null)));
  });

  it('sends basic or bearer credentials, stores them only sealed, and never puts them in the state', async () => {
    const seen: string[] = [];
    server = http.createServer((req, res) => {
      seen.push(req.headers.authorization ?? '');
      res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    s = await startServices();
    const bearer = (await call(s, 'savePageSource', { name: 'bearer', url, auth: 'bearer', secret: 'tok-3f9a1c-secret', intervalSeconds: 3600 })) as { id: string; hasSecret: boolean };
    await call(s, 'pollPageSource', { id: bearer.id });
    const basic = (await call(s, 'savePageSource', { name: 'basic', url, auth: 'basic', username: 'baton', secret: 'pw-77e1-secret', intervalSeconds: 3600 })) as { id: string };
    await call(s, 'pollPageSource', { id: basic.id });
    expect(seen).toContain('Bearer tok-3f9a1c-secret');
    expect(seen).toContain(`Basic ${Buffer.from('baton:pw-77e1-secret').toString('base64')}`);
    expect(bearer.hasSecret).toBe(true);

    // Editing without a new secret keeps the stored one.
    await call(s, 'savePageSource', { id: bearer.id, name: 'bearer (renamed)', url, auth: 'bearer', intervalSeconds: 3600 });
    seen.length = 0;
    await call(s, 'pollPageSource', { id: bearer.id });
    // (Saving a source polls it at once; "poll now" then looks again.)
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set(['Bearer tok-3f9a1c-secret']));

    const fs = await import('node:fs');
    const stored = fs.readFileSync(`${s.deps.dataDir}/settings.json`, 'utf8');
    for (const secret of ['tok-3f9a1c-secret', 'pw-77e1-secret', s.pages.webhookToken()]) {
      expect(stored).not.toContain(secret);
      expect(JSON.stringify(s.hub.get())).not.toContain(secret);
      expect(s.log.lines.join('\n')).not.toContain(secret);
    }
    // Credentials both in the URL and in the fields are refused with a readable reason (in the URL alone they are sealed).
    const refused = await s.dispatch('savePageSource', { name: 'x', url: 'http://user:pw@127.0.0.1:1', auth: 'basic', username: 'u', secret: 's' }, appSender);
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringMatching(/either in the URL or in the authentication fields/) } });
  });
});
