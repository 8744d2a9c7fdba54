import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call, startServices, type TestServices } from '../helpers/services';
import { manualClock } from '../helpers/clock';
import { nightEvents, NIGHT } from '../helpers/handoff-fixture';
import { HOSTILE_TITLE } from '../helpers/handoff-fixture';

/**
 * The handoff posted to a chat webhook: a local server stands in for Slack / Teams / Google Chat's
 * incoming webhook (same request: a JSON POST to a secret URL) and records what it got.
 */
const SECRET_PATH = '/services/T000/B000/s3cretWebhookToken';

describe('handoff to a chat webhook', () => {
  const received: { url: string; body: Record<string, unknown> }[] = [];
  let answer = 200;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ url: req.url ?? '', body: JSON.parse(body) as Record<string, unknown> });
      res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer === 200 ? 'ok' : 'no_service');
    });
  });
  let base = '';
  let s: TestServices;
  const range = { kind: 'custom' as const, start: new Date(NIGHT.start).toISOString(), end: new Date(NIGHT.end).toISOString() };

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    const clock = manualClock(NIGHT.start);
    s = await startServices({ clock });
    for (const [ts, type, data] of nightEvents()) {
      clock.set(Date.parse(ts));
      await s.journal.append(type, data as never);
    }
    clock.set(NIGHT.end + 600_000);
  });
  afterEach(() => {
    received.length = 0;
    answer = 200;
  });
  afterAll(async () => {
    await s?.dispose();
    await new Promise((resolve) => server.close(resolve));
  });

  it('keeps the webhook URL sealed: not in settings.json, not in what the window sees', async () => {
    const status = await call(s, 'setHandoffChat', { kind: 'slack', url: `${base}${SECRET_PATH}` });
    expect(status).toEqual({ configured: true, kind: 'slack', where: `${base}/…` });
    expect(fs.readFileSync(path.join(s.deps.dataDir, 'settings.json'), 'utf8')).not.toContain('s3cretWebhookToken');
    expect(JSON.stringify(s.hub.get())).not.toContain('s3cretWebhookToken');
  });

  it('posts Block Kit with escaped mrkdwn to Slack when handing over, and a test message on request', async () => {
    expect(await call(s, 'testHandoffChat')).toEqual({ message: 'Sent a test message to Slack (or Mattermost, Rocket.Chat).' });
    const sent = await call(s, 'handOver', range);
    expect(sent.delivery).toEqual({ ok: true, message: 'Posted to chat.' });
    expect(received.map((r) => r.url)).toEqual([SECRET_PATH, SECRET_PATH]);
    const body = received[1].body as { text: string; blocks: { type: string; text?: { text: string } }[] };
    expect(body.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Handoff', emoji: false } });
    const mrkdwn = body.blocks.map((b) => b.text?.text ?? '').join('\n');
    expect(mrkdwn).toContain('*Still open (2)*');
    // The hostile alert title cannot become a link, a mention or markup in Slack.
    expect(mrkdwn).not.toContain('<img');
    expect(mrkdwn).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mrkdwn).toContain('Coverage (20 min not covered):');
    expect(body.text).toMatch(/^Handoff — unknown → the next on-call/);
  });

  it('previews the exact body, and sends plain text to Teams and Google Chat', async () => {
    await call(s, 'setHandoffChat', { kind: 'teams', url: `${base}${SECRET_PATH}` });
    const preview = await call(s, 'previewHandoffChat', { range });
    expect(JSON.parse(preview.body)).toEqual({ text: preview.text });
    expect(preview.text).toContain(`• [warning] ${HOSTILE_TITLE}`);
    await call(s, 'handOver', range);
    expect(received[0].body).toEqual({ text: preview.text });
    await call(s, 'setHandoffChat', { kind: 'google-chat', url: `${base}${SECRET_PATH}` });
    await call(s, 'testHandoffChat');
    expect(received[1].body).toEqual({ text: 'Baton: test message. Handoffs will be posted here.' });
  });

  it('says a revoked webhook is one, without showing its secret, and still hands over', async () => {
    answer = 404;
    await expect(call(s, 'testHandoffChat')).rejects.toThrow(`Google Chat at ${base}/… answered 404 (no_service) — the webhook URL is wrong or was revoked: paste a new one.`);
    const sent = await call(s, 'handOver', range);
    expect(sent.delivery?.ok).toBe(false);
    expect(sent.delivery?.message).not.toContain('s3cret');
    expect(s.journal.records().filter((r) => r.type === 'handoff.sent').length).toBeGreaterThan(0);
  });

  it('refuses a webhook URL that would travel in the clear', async () => {
    await expect(call(s, 'setHandoffChat', { kind: 'slack', url: 'http://hooks.example.com/services/x' })).rejects.toThrow('The webhook URL must start with https://');
  });
});
