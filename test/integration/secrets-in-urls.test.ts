import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileLogger } from '../../electron/log';
import { createKeyFileBox } from '../../electron/secrets';
import { call, startServices, tempDir, type TestServices } from '../helpers/services';

// Distinctive stand-ins for `pw` and `abc`: a two-letter secret could turn up by chance in sealed base64.
const USER = 'oncall';
const PASSWORD = 'pw-4f9c1e';
const TOKEN = 'abc-7d20b3';

/**
 * An Alertmanager API on 127.0.0.1 that answers only with the credentials of the URL the source was
 * given: Basic user:password from the user-info, and `token` in the query. One alert firing.
 */
async function guardedAlertmanager() {
  const seen: { authorized: boolean; method: string; path: string }[] = [];
  const expected = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const authorized = req.headers.authorization === expected && url.searchParams.get('token') === TOKEN;
    seen.push({ authorized, method: req.method ?? '', path: url.pathname });
    req.resume();
    if (!authorized) return void res.writeHead(401).end('no');
    res.writeHead(200, { 'content-type': 'application/json' });
    if (url.pathname === '/api/v2/silences') return void res.end(JSON.stringify({ silenceID: 'silence-1' }));
    res.end(
      JSON.stringify([
        {
          labels: { alertname: 'DiskFull', severity: 'critical', instance: 'db-1' },
          annotations: { summary: 'Disk full on db-1' },
          startsAt: '2026-11-20T08:00:00.000Z',
          fingerprint: '0123456789abcdef',
          receivers: [{ name: 'team' }],
          status: { state: 'active', silencedBy: [], inhibitedBy: [] },
        },
      ]),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(check()).toBe(true);
}

/** Every file under a folder, as text. */
function allText(dir: string): string {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => fs.readFileSync(path.join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

describe('a token or password inside an alert-source URL is sealed everywhere it is kept', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function start(dataDir: string): Promise<TestServices> {
    const s = await startServices({ dataDir, log: createFileLogger(dataDir), secretBox: createKeyFileBox(dataDir) });
    cleanup.push(() => s.dispose());
    return s;
  }

  function expectNoSecret(where: string, text: string): void {
    expect(text, where).not.toContain(PASSWORD);
    expect(text, where).not.toContain(TOKEN);
  }

  it('stores, shows, logs and journals the source without them, and still polls and silences with them', async () => {
    const am = await guardedAlertmanager();
    cleanup.push(() => am.close());
    const dataDir = tempDir();
    const s = await start(dataDir);
    const given = `http://${USER}:${PASSWORD}@127.0.0.1:${am.port}/?token=${TOKEN}`;
    const saved = await call(s, 'savePageSource', { name: 'prod', url: given, intervalSeconds: 5 });
    expect(saved.url).toBe(`http://127.0.0.1:${am.port}`);

    // Polling sends them: the page comes in, and an ack's silence is created with them too.
    await until(() => s.hub.get().pages.open.length === 1);
    await call(s, 'ackPage', { pageId: s.hub.get().pages.open[0].id, minutes: 30 });
    expect(am.seen.some((r) => r.method === 'POST' && r.path === '/api/v2/silences' && r.authorized)).toBe(true);
    expect(am.seen.every((r) => r.authorized)).toBe(true);

    // The form sends the URL back as shown: the sealed one stays, and polling still works.
    await call(s, 'savePageSource', { id: saved.id, name: 'prod (renamed)', url: saved.url, intervalSeconds: 5 });
    const before = am.seen.length;
    await call(s, 'pollPageSource', { id: saved.id });
    expect(am.seen.slice(before).every((r) => r.authorized)).toBe(true);

    expectNoSecret('the state mirrored to the window', JSON.stringify(s.hub.get()));
    await s.dispose();
    expectNoSecret('settings.json', fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8'));
    expectNoSecret('the journal', allText(path.join(dataDir, 'journal')));
    expectNoSecret('baton.log', fs.readFileSync(path.join(dataDir, 'baton.log'), 'utf8'));

    // After a restart the sealed URL is read back and used.
    const again = await start(dataDir);
    const polled = am.seen.length;
    await call(again, 'pollPageSource', { id: saved.id });
    expect(am.seen.length).toBeGreaterThan(polled);
    expect(am.seen.slice(polled).every((r) => r.authorized)).toBe(true);
  });

  it('seals a token an earlier Baton stored in the clear, at the first start', async () => {
    const am = await guardedAlertmanager();
    cleanup.push(() => am.close());
    const dataDir = tempDir();
    const url = `http://${USER}:${PASSWORD}@127.0.0.1:${am.port}?token=${TOKEN}`;
    fs.writeFileSync(
      path.join(dataDir, 'settings.json'),
      JSON.stringify({ pageSources: { sources: [{ id: 'am-old', name: 'old', url, auth: 'none', intervalSeconds: 5 }] } }),
    );
    const s = await start(dataDir);
    await until(() => am.seen.some((r) => r.authorized));
    expect(am.seen.every((r) => r.authorized)).toBe(true);
    expectNoSecret('settings.json', fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8'));
    expectNoSecret('the state mirrored to the window', JSON.stringify(s.hub.get()));
    expect(s.hub.get().notices.find((n) => n.id === 'settings-unsaved')).toBeUndefined();
  });

  it('refuses credentials given twice, in the URL and in the authentication fields', async () => {
    const s = await start(tempDir());
    await expect(
      call(s, 'savePageSource', { name: 'x', url: `http://${USER}:${PASSWORD}@127.0.0.1:9/`, auth: 'bearer', secret: 'other' }),
    ).rejects.toThrow(/either in the URL or in the authentication fields/);
  });
});

describe('a token inside a runbook link or git URL is stored only sealed', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  /** Serves one runbook, only to a request carrying the token. */
  async function guardedRunbook() {
    const seen: boolean[] = [];
    const server = http.createServer((req, res) => {
      const ok = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('token') === TOKEN;
      seen.push(ok);
      if (!ok) return void res.writeHead(401).end('no');
      res.writeHead(200, { 'content-type': 'text/markdown' }).end('# Disk full\n\n1. Free some space\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    return { port: (server.address() as { port: number }).port, seen };
  }

  async function start(dataDir: string): Promise<TestServices> {
    const s = await startServices({ dataDir, log: createFileLogger(dataDir), secretBox: createKeyFileBox(dataDir) });
    cleanup.push(() => s.dispose());
    return s;
  }

  it('keeps a hand-added link with a token sealed in settings.json, and fetches it again after a restart', async () => {
    const server = await guardedRunbook();
    const dataDir = tempDir();
    const s = await start(dataDir);
    const summary = await call(s, 'runbookAddUrl', { url: `http://127.0.0.1:${server.port}/disk.md?token=${TOKEN}` });
    expect(summary.title).toBe('Disk full');
    const settingsText = () => fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8');
    expect(settingsText()).not.toContain(TOKEN);
    expect(JSON.parse(settingsText()).runbookSources.sealedUrls).toHaveLength(1);
    expect(JSON.stringify(s.hub.get())).not.toContain(TOKEN);
    await s.dispose();
    expect(fs.readFileSync(path.join(dataDir, 'baton.log'), 'utf8')).not.toContain(TOKEN);

    const again = await start(dataDir);
    const before = server.seen.length;
    await call(again, 'runbookSync', { sourceId: 'links' });
    await until(() => server.seen.length > before);
    expect(server.seen.every(Boolean)).toBe(true);
  });

  it('seals links and git URLs an earlier Baton stored in the clear', async () => {
    const dataDir = tempDir();
    fs.writeFileSync(
      path.join(dataDir, 'settings.json'),
      JSON.stringify({
        runbookSources: {
          urls: ['https://runbooks.example/plain.md', `https://runbooks.example/db.md?api_key=${TOKEN}`],
          sources: [{ id: 'src-1', name: 'wiki', kind: 'git', url: `https://${USER}:${PASSWORD}@git.example/wiki.git`, intervalMinutes: 24 * 60 }],
        },
      }),
    );
    const s = await start(dataDir);
    const stored = fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8');
    expect(stored).not.toContain(TOKEN);
    expect(stored).not.toContain(PASSWORD);
    const section = JSON.parse(stored).runbookSources;
    expect(section.urls).toEqual(['https://runbooks.example/plain.md']);
    expect(section.sources[0].url).toBe('https://git.example/wiki.git');
    expect(JSON.stringify(s.hub.get())).not.toContain(PASSWORD);
  });
});

