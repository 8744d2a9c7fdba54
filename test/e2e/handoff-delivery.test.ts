import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './fixture';
import { lookAtWidths } from './layout-checks';
import { manualClock } from '../helpers/clock';
import { NIGHT, nightEvents } from '../helpers/handoff-fixture';
import { call, startServices, tempDir, type TestServices } from '../helpers/services';
import { until } from '../helpers/wait';

/**
 * Bob's Baton in Chromium takes over from Alice through a real bare git repository: he connects it,
 * sees "Handoff from Alice Example", says "I have it" and looks at what changed; Alice's Baton
 * (real services, another data folder) sees the acceptance. His own draft after the night asks
 * about recovery time.
 */
describe('handoff delivery and acceptance in the Handoff view', () => {
  const clock = manualClock(NIGHT.start - 60_000);
  const bare = path.join(tempDir('baton-handoffs-'), 'handoffs.git');
  let alice: TestServices;
  const app = useApp({
    launch: { deps: { clock }, viewport: { width: 1100, height: 900 } },
    async ready(app) {
      app.services.settings.update({ identity: { name: 'Bob Example' } });
      for (const [ts, type, data] of nightEvents()) {
        clock.set(Date.parse(ts));
        await app.services.journal.append(type, data as never);
      }
      clock.set(NIGHT.end + 10 * 60_000);
    },
  });

  beforeAll(async () => {
    execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', bare]);
    alice = await startServices({ clock: manualClock(NIGHT.end - 5 * 60_000) });
    await call(alice, 'updateSettings', { identity: { name: 'Alice Example', emails: [] } });
    await call(alice, 'setHandoffRepository', { url: bare, branch: 'main' });
    const range = { kind: 'custom' as const, start: new Date(NIGHT.start).toISOString(), end: new Date(NIGHT.end).toISOString() };
    const { report } = await call(alice, 'getHandoffDraft', range);
    await call(alice, 'editHandoff', { draftId: report.id, incoming: 'Bob Example', notes: 'The disk on db-1 is silenced until noon.' });
    const sent = await call(alice, 'handOver', range);
    expect(sent.delivery?.ok).toBe(true);
  });
  afterAll(async () => {
    await alice?.dispose();
  });

  it('connects the shared repository and shows "Handoff from Alice Example"', async () => {
    const { page } = app;
    await page.keyboard.press('Control+5');
    await page.getByLabel('Repository URL').fill(bare);
    await page.getByRole('button', { name: 'Use this repository' }).click();
    await page.getByRole('heading', { name: 'Handoff from Alice Example' }).waitFor();
    await page.getByText('From the shared repository', { exact: false }).waitFor();
    await page.getByText(/^Last looked /).waitFor();
  });

  it('"What changed since the handoff" lists what happened after it, and "I have it" pushes the acceptance', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'What changed since the handoff' }).click();
    await page.getByText('No pages, acknowledgements or silences changed.').waitFor();
    await page.getByRole('button', { name: 'I have it' }).click();
    await page.getByText('Accepted; Alice Example sees it at their next sync.').waitFor();
    await page.getByText('you accepted it').waitFor();
    await expect(page.getByRole('button', { name: 'I have it' }).count()).resolves.toBe(0);
    expect(await call(alice, 'syncHandoffs')).toEqual({ imported: 0, accepted: 1 });
    await until('Alice to see the acceptance', () => alice.hub.get().handoff?.lastSent?.acceptedBy === 'Bob Example');
  });

  it('asks about recovery after a rough night, and keeps the briefing with the draft', async () => {
    const { page } = app;
    await page.getByText(/A rough shift/).waitFor();
    await page.getByLabel('Recent changes and deploys').fill('Checkout 4.2 rolled back https://deploys.example.com/checkout/4.2');
    await page.getByLabel('Who to escalate to').fill('Carol (payments lead)');
    await page.getByLabel('Recovery time').fill('Starting at 13:00');
    await page.getByLabel('Upcoming maintenance').click();
    const preview = page.getByRole('article', { name: 'Handoff preview' });
    await preview.getByText('Carol (payments lead)').waitFor();
    await preview.getByRole('link', { name: 'https://deploys.example.com/checkout/4.2' }).waitFor();
    const fields = app.services.journal.records().filter((r) => r.type === 'handoff.edited').flatMap((r) => Object.keys(r.data as object));
    expect(fields).toEqual(expect.arrayContaining(['recentChanges', 'escalateTo', 'recovery']));
  });

  it('posts to a chat webhook: saved sealed, previewed, tested', async () => {
    const posted: string[] = [];
    const chat = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => (posted.push(body), res.writeHead(200).end('ok')));
    });
    await new Promise<void>((resolve) => chat.listen(0, '127.0.0.1', resolve));
    try {
      const { page } = app;
      await page.getByLabel(/Incoming webhook URL/).fill(`http://127.0.0.1:${(chat.address() as net.AddressInfo).port}/hooks/s3cret`);
      await page.getByRole('combobox', { name: /^Chat/ }).selectOption('teams');
      await page.getByRole('button', { name: 'Save webhook' }).click();
      await page.getByRole('button', { name: 'Send a test message' }).click();
      await page.getByText('Sent a test message to Microsoft Teams.').waitFor();
      expect(JSON.parse(posted[0])).toEqual({ text: 'Baton: test message. Handoffs will be posted here.' });
      await page.getByRole('button', { name: 'Preview' }).click();
      await page.getByLabel('Chat message preview').getByText(/^Handoff: Payments primary/).waitFor();
      await expect(page.content()).resolves.not.toContain('s3cret');
    } finally {
      await new Promise((resolve) => chat.close(resolve));
    }
  });

  it('looks right at 360, 720 and 1100 px, light and dark, with no serious accessibility problem', async () => {
    const { page } = app;
    const cards = ['.handoff-acceptance', '.handoff-briefing', '.handoff-repository', '.handoff-chat'];
    await lookAtWidths(page, { height: 900, axe: cards }, async (width, colorScheme) => {
      await page.getByRole('heading', { name: 'Handoff from Alice Example' }).scrollIntoViewIfNeeded();
      await app.screenshot(`handoff-acceptance-${width}-${colorScheme}`);
      await page.locator('#handoff-briefing-title').scrollIntoViewIfNeeded();
      await app.screenshot(`handoff-briefing-${width}-${colorScheme}`);
      await page.getByRole('heading', { name: 'Shared handoff repository' }).scrollIntoViewIfNeeded();
      await app.screenshot(`handoff-repository-${width}-${colorScheme}`);
      await page.getByRole('heading', { name: 'Post to chat' }).scrollIntoViewIfNeeded();
      await app.screenshot(`handoff-chat-${width}-${colorScheme}`);
    });
    await page.emulateMedia({ colorScheme: 'light' });
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
  });
});
