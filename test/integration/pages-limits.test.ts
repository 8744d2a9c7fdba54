import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_LIMITS } from '../../shared/page-limits';
import { call, startServices, type TestServices } from '../helpers/services';

const L = PAGE_LIMITS;

function many(n: number, value = 'v', prefix = 'l'): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < n; i++) out[`${prefix}${i}`] = value;
  return out;
}

function amAlert(n: number, labels: Record<string, string> = {}, annotations: Record<string, string> = {}) {
  return {
    status: 'firing',
    labels: { alertname: 'Storm', severity: 'critical', instance: `node-${n}`, ...labels },
    annotations: { summary: `node-${n} is down`, ...annotations },
    startsAt: '2026-11-20T08:00:00.000Z',
    endsAt: '0001-01-01T00:00:00Z',
    fingerprint: n.toString(16).padStart(16, '0'),
  };
}

function amPayload(alerts: ReturnType<typeof amAlert>[]) {
  return { version: '4', status: 'firing', receiver: 'storm-am', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, truncatedAlerts: 0, alerts };
}

describe('webhook receiver: limits on labels, annotations and alerts per payload', () => {
  let s: TestServices;
  let url: string;
  let token: string;
  beforeAll(async () => {
    s = await startServices();
    url = s.pages.webhookUrl()!;
    token = s.pages.webhookToken();
  });
  afterAll(async () => {
    await s?.dispose();
  });

  const post = (body: unknown) =>
    fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });

  const cases: [string, unknown, string][] = [
    [
      'alerts per payload',
      amPayload(Array.from({ length: L.alertsPerPayload + 1 }, (_, i) => amAlert(i))),
      `alerts: ${L.alertsPerPayload + 1} alerts, the limit is ${L.alertsPerPayload}`,
    ],
    ['labels per alert', amPayload([amAlert(1), amAlert(2), amAlert(3), amAlert(4, many(40_000))]), `alerts[3].labels: 40003 labels, the limit is ${L.labelsPerAlert}`],
    ['label name length', amPayload([amAlert(1, { ['n'.repeat(L.nameChars + 1)]: 'x' })]), `alerts[0].labels: a name of ${L.nameChars + 1} characters, the limit is ${L.nameChars}`],
    [
      'label value length',
      amPayload([amAlert(1, { pod: 'p'.repeat(L.labelValueChars + 1) })]),
      `alerts[0].labels."pod": a value of ${L.labelValueChars + 1} characters, the limit is ${L.labelValueChars}`,
    ],
    ['annotations per alert', amPayload([amAlert(1, {}, many(L.annotationsPerAlert, 'a', 'a'))]), `alerts[0].annotations: ${L.annotationsPerAlert + 1} annotations, the limit is ${L.annotationsPerAlert}`],
    [
      'annotation name length',
      amPayload([amAlert(1, {}, { ['n'.repeat(L.nameChars + 1)]: 'x' })]),
      `alerts[0].annotations: a name of ${L.nameChars + 1} characters, the limit is ${L.nameChars}`,
    ],
    [
      'annotation value length',
      amPayload([amAlert(1, {}, { description: 'd'.repeat(L.annotationValueChars + 1) })]),
      `alerts[0].annotations."description": a value of ${L.annotationValueChars + 1} characters, the limit is ${L.annotationValueChars}`,
    ],
    [
      'labels and annotations of one alert together',
      amPayload([amAlert(1, {}, many(5, 'd'.repeat(L.annotationValueChars), 'd'))]),
      `alerts[0].labels and annotations: `,
    ],
    ['generic page labels', { title: 'Label bomb', dedupKey: 'bomb', labels: many(40_000) }, `labels: 40000 labels, the limit is ${L.labelsPerAlert}`],
    [
      'generic page details',
      { title: 'Details bomb', dedupKey: 'bomb', details: { ...many(L.annotationsPerAlert, 'x', 'd'), count: 1 } },
      `details: ${L.annotationsPerAlert + 1} details, the limit is ${L.annotationsPerAlert}`,
    ],
  ];

  for (const [limit, body, named] of cases) {
    it(`refuses a payload over the ${limit} limit with 413 naming it; nothing journaled, nobody notified`, async () => {
      const records = s.journal.records().length;
      const notified = s.notified.length;
      const open = s.hub.get().pages.open.length;
      const response = await post(body);
      expect(response.status).toBe(413);
      const answer = (await response.json()) as { error: string };
      expect(answer.error).toContain(named);
      expect(s.journal.records()).toHaveLength(records);
      expect(s.notified).toHaveLength(notified);
      expect(s.hub.get().pages.open).toHaveLength(open);
    });
  }

  it('takes an alert at every limit at once', async () => {
    const atLimit = amAlert(7, many(L.labelsPerAlert - 3, 'v'.repeat(100)), many(L.annotationsPerAlert - 1, 'a'.repeat(1000), 'a'));
    const response = await post(amPayload([atLimit]));
    expect(response.status).toBe(200);
    const page = s.pages.latest(1000).find((p) => p.dedupKey === atLimit.fingerprint);
    expect(Object.keys(page?.labels ?? {})).toHaveLength(L.labelsPerAlert);
    expect(Object.keys(page?.annotations ?? {})).toHaveLength(L.annotationsPerAlert);
  });

  it('takes a storm of 10,000 alerts in one Alertmanager notification (the fault matrix case): Alertmanager does not retry a 4xx', async () => {
    const storm = amPayload(Array.from({ length: 10_000 }, (_, i) => amAlert(100_000 + i)));
    const response = await post(storm);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 10_000 });
    expect(s.pages.latest(20_000).filter((p) => p.title.startsWith('Storm')).length).toBeGreaterThanOrEqual(10_000);
  }, 120_000);
});

describe('Alertmanager poll results over the limits', () => {
  let s: TestServices;
  let server: http.Server;
  let port: number;
  const bomb = {
    labels: { ...many(40_000), alertname: 'LabelBomb', severity: 'critical' },
    annotations: { summary: 'forty thousand labels' },
    startsAt: '2026-11-20T08:00:00.000Z',
    endsAt: '2026-11-20T09:00:00.000Z',
    updatedAt: '2026-11-20T08:00:00.000Z',
    fingerprint: 'b0b0b0b0b0b0b0b0',
    receivers: [{ name: 'baton' }],
    status: { state: 'active', silencedBy: [], inhibitedBy: [] },
  };
  const ordinary = { ...bomb, labels: { alertname: 'Ordinary', severity: 'warning' }, fingerprint: '0123012301230123' };
  beforeAll(async () => {
    // An Alertmanager stand-in: a real Alertmanager keeps label sets of this size too, but building one there takes minutes.
    server = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(req.url?.startsWith('/api/v2/alerts') ? JSON.stringify([bomb, ordinary]) : '{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    s = await startServices();
  });
  afterAll(async () => {
    await s?.dispose();
    await new Promise((resolve) => server.close(resolve));
  });

  it('pages a 40,000-label alert with its labels trimmed to the limit, and says so in the log and a notice', async () => {
    const source = (await call(s, 'savePageSource', { name: 'bomb-am', url: `http://127.0.0.1:${port}`, intervalSeconds: 3600 })) as { id: string };
    await call(s, 'pollPageSource', { id: source.id });
    const page = s.hub.get().pages.open.find((p) => p.dedupKey === bomb.fingerprint);
    expect(page?.title).toBe('LabelBomb: forty thousand labels');
    expect(Object.keys(page?.labels ?? {})).toHaveLength(L.labelsPerAlert);
    expect(page?.labels).toMatchObject({ alertname: 'LabelBomb', severity: 'critical' });
    expect(s.hub.get().pages.open.some((p) => p.dedupKey === ordinary.fingerprint)).toBe(true);
    const notice = s.hub.get().notices.find((n) => n.id === `page-limits:${source.id}`);
    expect(notice?.message).toMatch(/bomb-am.*1 alert\(s\)/);
    expect(notice?.detail).toContain(`LabelBomb: ${40_002 - L.labelsPerAlert} of 40002 labels dropped`);
    expect(s.log.lines.some((l) => l.startsWith('WARN pages: bomb-am: 1 alert(s) over'))).toBe(true);
    // The journal holds the trimmed page, not 40,000 labels.
    const received = s.journal.records().find((r) => r.type === 'page.received' && JSON.stringify(r.data).includes('LabelBomb'));
    expect(JSON.stringify(received?.data).length).toBeLessThan(10_000);

    // The next poll with the same alert does not announce it again.
    const before = s.hub.get().notices.find((n) => n.id === `page-limits:${source.id}`);
    await call(s, 'pollPageSource', { id: source.id });
    expect(s.hub.get().notices.find((n) => n.id === `page-limits:${source.id}`)).toBe(before);
  });
});

describe('unauthorised requests are cheap', () => {
  let s: TestServices;
  afterAll(async () => {
    await s?.dispose();
  });

  it('1,000 requests with a wrong token in a row publish nothing: the refusal is shown once', async () => {
    s = await startServices();
    const url = s.pages.webhookUrl()!;
    const states: unknown[] = [];
    s.hub.connect((event, payload) => void (event === 'state' && states.push(payload)));
    const webhookError = () => s.hub.get().pages.sources.find((h) => h.kind === 'webhook')?.lastError ?? null;
    const refused = (headers: Record<string, string> = { authorization: 'Bearer wrong' }) =>
      fetch(url, { method: 'POST', headers, body: '{"title":"x","dedupKey":"y"}' }).then(async (r) => (await r.arrayBuffer(), r.status));

    // The first refusal is shown as the receiver's last error.
    expect(await refused()).toBe(401);
    await expect.poll(webhookError).toMatch(/^401: Missing or wrong token/);
    states.length = 0;

    const statuses: number[] = [];
    for (let batch = 0; batch < 100; batch++) statuses.push(...(await Promise.all(Array.from({ length: 10 }, () => refused()))));
    expect(statuses).toHaveLength(1000);
    expect(statuses.every((status) => status === 401)).toBe(true);
    expect(states).toEqual([]);

    // A different refusal is still reported; it is the only state change since the flood, so none of
    // the 1,000 was published late either.
    const wrongMethod = await fetch(url, { headers: { authorization: `Bearer ${s.pages.webhookToken()}` } });
    expect(wrongMethod.status).toBe(405);
    await expect.poll(webhookError, { timeout: 5000 }).toMatch(/^405/);
    expect(states).toHaveLength(1);
  });
});
