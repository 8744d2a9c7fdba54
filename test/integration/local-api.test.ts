import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServices, tempDir, type TestServices } from '../helpers/services';
import { until } from '../helpers/wait';
import { localApiLocation } from '../../electron/local-api';
import { isEvent } from '../../shared/records';

const started: TestServices[] = [];
async function start(dataDir = tempDir()) {
  const services = await startServices({ dataDir, localApi: true });
  started.push(services);
  return services;
}
afterEach(async () => {
  for (const s of started.splice(0)) await s.dispose();
});

/** A raw connection to the socket: lines out, parsed answers back, so the test sees the wire itself. */
function connect(socket: string) {
  const conn = net.connect(socket);
  const answers: unknown[] = [];
  let closed = false;
  let rest = '';
  conn.on('data', (chunk) => {
    const text = rest + chunk.toString('utf8');
    const lines = text.split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) answers.push(JSON.parse(line));
  });
  conn.on('close', () => (closed = true));
  conn.on('error', () => undefined);
  return {
    answers,
    closed: () => closed,
    send: (line: string) => conn.write(`${line}\n`),
    next: (n: number) => until(`${n} answer(s)`, () => answers.length >= n && answers),
    end: () => conn.destroy(),
  };
}

const tokenOf = (dataDir: string) => fs.readFileSync(localApiLocation(dataDir).tokenFile, 'utf8');

describe('local API', () => {
  it('listens owner-only in the data folder and answers requests through the router as the terminal', async () => {
    const services = await start();
    const where = localApiLocation(services.deps.dataDir);
    expect(services.localApi).toMatchObject({ socket: where.socket, failure: null });
    expect(fs.statSync(where.dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(where.socket).mode & 0o777).toBe(0o600);
    expect(fs.statSync(where.tokenFile).mode & 0o777).toBe(0o600);

    const c = connect(where.socket);
    const token = tokenOf(services.deps.dataDir);
    c.send(JSON.stringify({ id: 1, token, via: 'cli', channel: 'addNote', args: { text: 'restarted api-7' } }));
    c.send(JSON.stringify({ id: 2, token, via: 'cli', channel: 'updateSettings', args: { theme: 'dark' } }));
    c.send(JSON.stringify({ id: 3, token, via: 'cli', channel: 'addNote', args: { text: '' } }));
    c.send('{not json');
    c.send(JSON.stringify({ id: 5, token, via: 'cli', channel: 'noSuchThing' }));
    c.send(JSON.stringify({ id: 6, token, via: 'root', channel: 'getState' }));
    const answers = await c.next(6);
    expect(answers[0]).toMatchObject({ id: 1, ok: true, value: { text: 'restarted api-7' } });
    expect(answers[1]).toMatchObject({ id: 2, ok: false, error: { code: 'forbidden' } });
    expect(answers[2]).toMatchObject({ id: 3, ok: false, error: { code: 'invalid-args' } });
    expect(answers[3]).toMatchObject({ id: null, ok: false, error: { code: 'bad-request' } });
    expect(answers[4]).toMatchObject({ id: 5, ok: false, error: { code: 'unknown-channel' } });
    expect(answers[5]).toMatchObject({ id: 6, ok: false, error: { code: 'bad-request' } });
    c.end();

    const note = services.journal.records().find((r) => isEvent(r, 'note.added'));
    expect(note?.data).toMatchObject({ text: 'restarted api-7', via: 'cli' });
    expect(services.settings.get().theme).toBe('system');

    // Stopped with the services: the socket goes, the token stays for the next start.
    await services.dispose();
    started.pop();
    expect(fs.existsSync(where.socket)).toBe(false);
    expect(fs.readFileSync(where.tokenFile, 'utf8')).toBe(token);
  });

  it('ends the connection on a wrong token and on an oversized line, and keeps serving others', async () => {
    const services = await start();
    const { socket } = localApiLocation(services.deps.dataDir);
    const wrong = connect(socket);
    wrong.send(JSON.stringify({ id: 1, token: 'x'.repeat(43), via: 'cli', channel: 'getState' }));
    expect((await wrong.next(1))[0]).toMatchObject({ id: 1, ok: false, error: { code: 'unauthorized' } });
    await until('the connection to be closed', wrong.closed);

    const big = connect(socket);
    big.send('x'.repeat(1024 * 1024 + 10));
    expect((await big.next(1))[0]).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    await until('the connection to be closed', big.closed);

    const good = connect(socket);
    good.send(JSON.stringify({ id: 'a', token: tokenOf(services.deps.dataDir), via: 'assistant', channel: 'getState' }));
    expect((await good.next(1))[0]).toMatchObject({ id: 'a', ok: true, value: { pause: { indefinite: false } } });
    good.end();
  });

  it('lets an assistant acknowledge only once the setting is on', async () => {
    const services = await start();
    const { socket } = localApiLocation(services.deps.dataDir);
    await services.pages.ingest({ id: 'webhook', name: 'cron' }, [
      { pageId: 'webhook:disk-db-1', kind: 'generic', dedupKey: 'disk-db-1', title: 'Disk almost full', severity: 'critical', labels: {}, annotations: {}, startsAt: new Date().toISOString(), firing: true },
    ]);
    const pageId = services.pages.latest(1)[0].id;
    const token = tokenOf(services.deps.dataDir);
    const c = connect(socket);
    const ack = (id: number) => c.send(JSON.stringify({ id, token, via: 'assistant', channel: 'ackPage', args: { pageId, minutes: 30 } }));
    ack(1);
    expect((await c.next(1))[0]).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('Settings') } });
    services.settings.update({ assistants: { mayAcknowledge: true } });
    ack(2);
    expect((await c.next(2))[1]).toMatchObject({ id: 2, ok: true });
    c.end();
    const acked = services.journal.records().find((r) => isEvent(r, 'page.acknowledged'));
    expect(acked?.data).toMatchObject({ pageId, via: 'assistant' });
  });

  it('refuses a folder open to others or owned by another user, says so, and still starts Baton', async () => {
    const loose = tempDir();
    fs.mkdirSync(path.join(loose, 'api'), { mode: 0o755 });
    fs.chmodSync(path.join(loose, 'api'), 0o755);
    const a = await start(loose);
    expect(a.localApi.socket).toBeNull();
    expect(a.localApi.failure).toMatch(/open to other users \(mode 0755\)/);
    expect(a.hub.get().notices.map((n) => n.message).join()).toMatch(/baton command cannot reach Baton/);
    expect(fs.existsSync(localApiLocation(loose).socket)).toBe(false);

    // Another user's folder: as root the test can hand it to "nobody"; as a plain user chown is not allowed.
    const foreign = tempDir();
    fs.mkdirSync(path.join(foreign, 'api'), { mode: 0o700 });
    const asRoot = process.getuid?.() === 0;
    if (asRoot) fs.chownSync(path.join(foreign, 'api'), 65534, 65534);
    const b = await start(foreign);
    if (asRoot) expect(b.localApi.failure).toMatch(/belongs to another user \(uid 65534/);
    else expect(b.localApi.failure).toBeNull();
  });

  it('replaces a socket left by a Baton that was killed, and refuses one that still answers', async () => {
    const dataDir = tempDir();
    const where = localApiLocation(dataDir);
    fs.mkdirSync(where.dir, { mode: 0o700 });
    // A socket file nobody listens on, as SIGKILL leaves it.
    const stale = net.createServer();
    await new Promise<void>((resolve) => stale.listen(where.socket, resolve));
    fs.chmodSync(where.socket, 0o600);
    const copy = `${where.socket}.kept`;
    fs.linkSync(where.socket, copy);
    await new Promise<void>((resolve) => stale.close(() => resolve()));
    fs.renameSync(copy, where.socket);
    const first = await start(dataDir);
    expect(first.localApi.failure).toBeNull();

    const second = await start(dataDir);
    expect(second.localApi.failure).toMatch(/another Baton is already listening/);
  });
});
