import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJournal } from '../../electron/journal';
import { memoryLogger } from '../../electron/log';
import { systemClock } from '../../electron/clock';
import { startServices, type TestServices } from '../helpers/services';
import { MAX_BODY_BYTES } from '../../electron/pages/webhook';
import path from 'node:path';

/** Alertmanager 0.27-style webhook body, as it is really sent. */
function amPayload(n: number, status: 'firing' | 'resolved' = 'firing') {
  return {
    receiver: 'payments-am',
    status,
    alerts: [
      {
        status,
        labels: { alertname: 'HighErrorRate', severity: 'critical', service: `svc-${n}` },
        annotations: { summary: `Error rate high on svc-${n}`, runbook_url: 'https://runbooks.example.com/errors' },
        startsAt: '2026-11-20T08:00:00.000Z',
        endsAt: status === 'firing' ? '0001-01-01T00:00:00Z' : '2026-11-20T08:30:00.000Z',
        generatorURL: 'http://prometheus.example:9090/graph?g0.expr=rate',
        fingerprint: n.toString(16).padStart(16, 'f'),
      },
    ],
    groupLabels: { alertname: 'HighErrorRate' },
    commonLabels: { alertname: 'HighErrorRate' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example:9093',
    version: '4',
    groupKey: '{}:{alertname="HighErrorRate"}',
    truncatedAlerts: 0,
  };
}

describe('webhook receiver under malformed, oversized and hostile input', () => {
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

  const post = (body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}, target = url) =>
    fetch(target, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body,
      signal: AbortSignal.timeout(10_000),
    });

  it('listens on 127.0.0.1 only', () => {
    expect(new URL(url).hostname).toBe('127.0.0.1');
  });

  it('accepts an Alertmanager payload and the generic format, with the token as header or query', async () => {
    const a = await post(JSON.stringify(amPayload(1)));
    expect(a.status).toBe(200);
    expect(await a.json()).toEqual({ accepted: 1 });
    const generic = { title: 'Nightly backup failed', severity: 'high', source: 'cron', dedupKey: 'backup-nightly', link: 'https://ci.example.com/job/42', details: { host: 'db-1', exitCode: 2 } };
    const b = await fetch(`${url}?token=${encodeURIComponent(token)}`, { method: 'POST', body: JSON.stringify(generic) });
    expect(b.status).toBe(200);
    // The window's copy follows within a moment (published once per burst, after the answer).
    await expect.poll(() => s.hub.get().pages.open.some((p) => p.title === 'Nightly backup failed')).toBe(true);
    const page = s.hub.get().pages.open.find((p) => p.title === 'Nightly backup failed');
    expect(page).toMatchObject({ severity: 'high', sourceName: 'cron', kind: 'generic', generatorUrl: 'https://ci.example.com/job/42' });
    expect(page?.annotations).toMatchObject({ host: 'db-1', exitCode: '2' });
    // The same dedup key again is the same page.
    await post(JSON.stringify(generic));
    expect(s.pages.latest(100).filter((p) => p.title === 'Nightly backup failed')).toHaveLength(1);
    // Resolved by its sender.
    await post(JSON.stringify({ ...generic, status: 'resolved' }));
    expect(s.pages.latest(100).some((p) => p.title === 'Nightly backup failed')).toBe(false);
    await expect.poll(() => s.hub.get().pages.open.some((p) => p.title === 'Nightly backup failed')).toBe(false);
  });

  it('tells the user when Alertmanager truncated a notification', async () => {
    const response = await post(JSON.stringify({ ...amPayload(9), truncatedAlerts: 12 }));
    expect(response.status).toBe(200);
    const notice = s.hub.get().notices.find((n) => n.id === 'pages-truncated:payments-am');
    expect(notice?.message).toMatch(/left 12 alert\(s\) out/);
  });

  it('refuses a missing or wrong token with 401', async () => {
    expect((await post(JSON.stringify(amPayload(2)), { authorization: '' })).status).toBe(401);
    expect((await post(JSON.stringify(amPayload(2)), { authorization: `Bearer ${token}x` })).status).toBe(401);
    expect((await post(JSON.stringify(amPayload(2)), { authorization: `Basic ${Buffer.from(`x:${token}`).toString('base64')}` })).status).toBe(401);
    expect((await fetch(`${url}?token=`, { method: 'POST', body: '{}' })).status).toBe(401);
    await expect.poll(() => s.hub.get().pages.sources.find((h) => h.kind === 'webhook')?.lastError).toMatch(/^401/);
  });

  it('refuses bodies over the body limit with 413, declared or streamed', async () => {
    const big = JSON.stringify({ ...amPayload(3), padding: 'x'.repeat(MAX_BODY_BYTES) });
    const declared = await post(big);
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: string }).error).toContain(`the limit is ${MAX_BODY_BYTES} bytes`);
    // Chunked, no content-length: counted as it streams.
    const chunks = new ReadableStream({
      start(controller) {
        const chunk = new TextEncoder().encode('x'.repeat(1024 * 1024));
        for (let i = 0; i <= MAX_BODY_BYTES / chunk.length; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const streamed = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: chunks,
      duplex: 'half',
    } as RequestInit & { duplex: 'half' }).catch((error: Error) => error);
    // The receiver answers 413 and closes; a client still sending may see the reset instead.
    if (streamed instanceof Response) expect(streamed.status).toBe(413);
    else expect(streamed.message).toMatch(/fetch failed|socket|reset|closed/i);
  });

  it('answers malformed and hostile bodies with 400 and a reason', async () => {
    const cases: [string, RegExp][] = [
      ['', /not JSON/],
      ['{"title":', /not JSON/],
      ['[1,2,3]', /JSON object/],
      ['null', /JSON object/],
      ['"just a string"', /JSON object/],
      ['{"version":"3","alerts":[]}', /version/],
      ['{"version":"4","status":"firing","receiver":"x","alerts":[{"status":"firing"}]}', /alerts\.0/],
      [JSON.stringify({ ...amPayload(4), alerts: [{ ...amPayload(4).alerts[0], labels: { a: { nested: true } } }] }), /labels/],
      ['{"title":"no dedup key"}', /dedupKey/],
      ['{"__proto__":{"polluted":true},"title":"x"}', /dedupKey/],
      ['{"title":"x","dedupKey":"y","status":"exploded"}', /status/],
      ['['.repeat(200_000), /not JSON|JSON object/],
      ['{"title":"\\u0000\\u0007","dedupKey":"' + 'k'.repeat(600) + '"}', /dedupKey/],
    ];
    for (const [body, reason] of cases) {
      const response = await post(body);
      expect(response.status, body.slice(0, 80)).toBe(400);
      const answer = (await response.json()) as { error: string };
      expect(answer.error, body.slice(0, 80)).toMatch(reason);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const bytes = new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0xc3, 0x28]);
    expect((await post(bytes)).status).toBe(400);
  });

  it('answers wrong methods and paths, and survives garbage on the socket', async () => {
    expect((await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status).toBe(405);
    expect((await fetch(url.replace('/webhook', '/admin'), { method: 'POST' })).status).toBe(404);
    const port = Number(new URL(url).port);
    const raw = await new Promise<string>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write('NOT-HTTP \u0000\u0001\r\n\r\n'));
      let out = '';
      socket.on('data', (d) => (out += d.toString()));
      socket.on('close', () => resolve(out));
      socket.on('error', () => resolve(out));
      setTimeout(() => socket.destroy(), 3000);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
  });

  it('survives a fuzzing run of mutated payloads and keeps the journal intact', async () => {
    const seed = JSON.stringify(amPayload(5));
    let state = 0x2545f491;
    const rand = (n: number) => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) % n;
    };
    const junk = ['{', '}', '"', ':', ',', '[', ']', '\\', '\u0000', 'null', '1e999', '-', '"__proto__"', '\ud800', 'true'];
    const statuses = new Map<number, number>();
    for (let i = 0; i < 300; i++) {
      const chars = [...seed];
      for (let m = 0; m < 1 + rand(6); m++) {
        const at = rand(chars.length);
        const kind = rand(3);
        if (kind === 0) chars.splice(at, 1 + rand(8));
        else if (kind === 1) chars.splice(at, 0, junk[rand(junk.length)]);
        else chars[at] = String.fromCharCode(rand(128));
      }
      const response = await post(chars.join(''));
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      await response.arrayBuffer();
    }
    // Only "taken" or "refused with a reason": never a 5xx, never a dropped connection.
    expect([...statuses.keys()].every((code) => code === 200 || code === 400)).toBe(true);
    expect(statuses.get(400)).toBeGreaterThan(100);
    expect((await fetch(url.replace('/webhook', '/healthz'))).status).toBe(200);

    // Every record written is intact when the journal is opened again from disk.
    const before = s.journal.records().length;
    const again = await openJournal({ dir: path.join(s.deps.dataDir, 'journal'), clock: systemClock, log: memoryLogger() });
    expect(again.repairs).toEqual([]);
    expect(again.records()).toHaveLength(before);
    await again.close();
  });
});
