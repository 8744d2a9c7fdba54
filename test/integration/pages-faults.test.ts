import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../helpers/clock';
import { call, startServices, tempDir, type TestServices } from '../helpers/services';

/** Never miss a page: the page path under a full disk, a slow source racing a resolve, duplicates and storms. */
describe('the page path under faults', () => {
  let s: TestServices | undefined;
  let server: http.Server | undefined;
  afterEach(async () => {
    await s?.dispose();
    s = undefined;
    await new Promise((r) => (server ? server.close(r) : r(null)));
    server = undefined;
  });

  const post = (body: unknown) =>
    fetch(s!.pages.webhookUrl()!, { method: 'POST', headers: { authorization: `Bearer ${s!.pages.webhookToken()}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const page = (n: number, extra: Record<string, unknown> = {}) => ({ title: `Disk almost full on db-${n}`, severity: 'critical', source: 'cron', dedupKey: `disk-db-${n}`, ...extra });

  it('notifies a page the disk cannot take, answers 503 with Retry-After, and saves it once the disk has room', async () => {
    const dataDir = tempDir();
    const clock = manualClock('2026-11-30T23:59:00Z');
    s = await startServices({ dataDir, clock });
    // From December on, the journal's segment lives on a device that is always full.
    clock.advance(120_000);
    const december = path.join(dataDir, 'journal', '2026-12.jsonl');
    fs.symlinkSync('/dev/full', december);

    const first = await post(page(1));
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('30');
    expect((await first.json()) as { error: string }).toMatchObject({ error: expect.stringMatching(/showed these pages but cannot save them/) });
    expect(s.notified.map((n) => n.title)).toEqual(['Disk almost full on db-1']);
    await expect.poll(() => s!.hub.get().pages.open.map((p) => p.title)).toEqual(['Disk almost full on db-1']);
    const notice = s.hub.get().notices.find((n) => n.id === 'pages-unsaved');
    expect(notice).toMatchObject({ level: 'error', message: expect.stringMatching(/^Baton cannot save pages: .*Pages still reach you/) });
    // Refusals reach the receiver's health coalesced (at most once a second).
    await expect.poll(() => s!.hub.get().pages.sources.find((h) => h.kind === 'webhook')?.lastError).toMatch(/^503: /);

    // The sender retries: the page is already shown, so it is not shown twice.
    expect((await post(page(1))).status).toBe(503);
    expect(s.notified).toHaveLength(1);

    // Room again: the waiting events are written at the next retry, in order, and the notice goes.
    fs.rmSync(december);
    clock.advance(30_000);
    await expect.poll(() => s!.journal.records().filter((r) => r.type === 'page.received').length).toBe(1);
    await expect.poll(() => s!.hub.get().notices.some((n) => n.id === 'pages-unsaved')).toBe(false);
    expect((await post(page(1))).status).toBe(200);
    expect(s.notified).toHaveLength(1);
  });

  it('takes the same alert twice in one payload as one page and one notification', async () => {
    s = await startServices();
    const alert = { status: 'firing', labels: { alertname: 'Twice', severity: 'critical' }, annotations: {}, startsAt: '2026-11-30T10:00:00Z', endsAt: '0001-01-01T00:00:00Z', fingerprint: 'abcdef0123456789' };
    const response = await post({ version: '4', receiver: 'baton', status: 'firing', alerts: [alert, alert], groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: '', groupKey: '{}' });
    expect(await response.json()).toEqual({ accepted: 1 });
    expect(s.journal.records().filter((r) => r.type === 'page.received')).toHaveLength(1);
    await expect.poll(() => s!.notified.length).toBe(1);
  });

  it('coalesces a storm across requests into one notification per window, and never holds back the first critical page', async () => {
    const clock = manualClock('2026-11-30T03:00:00Z');
    s = await startServices({ clock });
    const crash = (n: number) => ({ title: `KubePodCrashLooping pod-${n}`, severity: 'warning', source: 'k8s-events', dedupKey: `crash-${n}`, labels: { alertname: 'KubePodCrashLooping' } });
    for (let n = 1; n <= 29; n++) expect((await post(crash(n))).status).toBe(200);
    // The first page of the burst went out at once; the rest wait for the window.
    await expect.poll(() => s!.notified.length).toBe(1);
    expect(s.notified[0].title).toBe('KubePodCrashLooping pod-1');
    // A critical page in the middle of the storm is not held back.
    expect((await post({ title: 'NodeDown node-7', severity: 'critical', source: 'k8s-events', dedupKey: 'node-7', labels: { alertname: 'NodeDown' } })).status).toBe(200);
    await expect.poll(() => s!.notified.length).toBe(2);
    expect(s.notified[1].title).toBe('29 new pages from k8s-events: KubePodCrashLooping ×28, NodeDown');
    expect(s.notified[1].sticky).toBe(true);
    // Further storm pages join the next window's one notification.
    for (let n = 30; n <= 35; n++) await post(crash(n));
    clock.advance(4_000);
    await expect.poll(() => s!.notified.length).toBe(3);
    expect(s.notified[2].title).toBe('6 new pages from k8s-events: KubePodCrashLooping ×6');
    expect(s.pages.latest(100)).toHaveLength(36);
  });

  it('never turns a page resolved during a slow acknowledgement back to acknowledged, and withdraws the silence it made', async () => {
    const fingerprint = '0123456789abcdef';
    let releaseSilence: (() => void) | null = null;
    const expired: string[] = [];
    server = http.createServer((req, res) => {
      const json = (body: unknown) => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.url === '/api/v2/status') return json({ uptime: '2026-11-30T02:00:00.000Z', config: { original: 'global:\n  resolve_timeout: 5m\n' } });
      if (req.url?.startsWith('/api/v2/alerts')) {
        return json([{ labels: { alertname: 'Slow', severity: 'critical' }, annotations: {}, startsAt: '2026-11-30T02:59:00.000Z', fingerprint, receivers: [{ name: 'baton' }], status: { state: 'active', silencedBy: [], inhibitedBy: [] } }]);
      }
      if (req.method === 'POST' && req.url === '/api/v2/silences') return void (releaseSilence = () => json({ silenceID: 'silence-1' }));
      if (req.method === 'DELETE' && req.url?.startsWith('/api/v2/silence/')) {
        expired.push(req.url.slice('/api/v2/silence/'.length));
        return json(null);
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    s = await startServices();
    const source = (await call(s, 'savePageSource', { name: 'slow-am', url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, intervalSeconds: 3600 })) as { id: string };
    await call(s, 'pollPageSource', { id: source.id });
    const pageId = `am:${fingerprint}`;

    const acking = call(s, 'ackPage', { pageId, minutes: 30 });
    await expect.poll(() => releaseSilence !== null).toBe(true);
    // While Alertmanager takes its time, the page is marked handled.
    await call(s, 'resolvePage', { pageId });
    releaseSilence!();
    await expect(acking).rejects.toThrow(/Not acknowledged: the page was resolved in the meantime/);
    expect(s.pages.get(pageId)?.status).toBe('resolved');
    expect(s.journal.records().map((r) => r.type)).toEqual(['page.received', 'page.resolved']);
    await expect.poll(() => expired).toEqual(['silence-1']);
  });
});
