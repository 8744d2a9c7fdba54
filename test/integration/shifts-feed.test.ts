import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServices, tempDir, type TestServices, call } from '../helpers/services';
import { manualClock } from '../helpers/clock';

const fixture = fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/schedules/pagerduty.ics'), 'utf8');
const TOKEN = 'sEcReT-t0k3n-9f8e7d';
const ETAG = '"pd-schedule-v1"';
const LAST_MODIFIED = 'Tue, 20 Oct 2026 10:15:00 GMT';

type Mode = 'ok' | '404' | '500' | 'login' | 'truncated' | 'slow' | 'huge' | 'huge-declared';
let mode: Mode = 'ok';
const seen: { ifNoneMatch?: string; ifModifiedSince?: string; status: number }[] = [];
const sockets = new Set<import('node:net').Socket>();

const server = http.createServer((req, res) => {
  const record = (status: number) => seen.push({ ifNoneMatch: req.headers['if-none-match'], ifModifiedSince: req.headers['if-modified-since'], status });
  if (req.url !== `/private/${TOKEN}/schedule.ics`) {
    record(404);
    return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
  }
  switch (mode) {
    case 'ok':
      if (req.headers['if-none-match'] === ETAG) {
        record(304);
        return void res.writeHead(304, { etag: ETAG }).end();
      }
      record(200);
      return void res.writeHead(200, { 'content-type': 'text/calendar; charset=utf-8', etag: ETAG, 'last-modified': LAST_MODIFIED }).end(fixture);
    case '404':
      record(404);
      return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
    case '500':
      record(500);
      return void res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
    case 'login':
      record(200);
      return void res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end('<!DOCTYPE html><html><head><title>Sign in | PagerDuty</title></head><body><form action="/sign_in"><input name="user[email]"></form></body></html>');
    case 'truncated':
      record(200);
      return void res.writeHead(200, { 'content-type': 'text/calendar' }).end(fixture.slice(0, Math.floor(fixture.length * 0.6)));
    case 'slow':
      record(200);
      res.writeHead(200, { 'content-type': 'text/calendar' });
      res.write('BEGIN:VCALENDAR\r\n');
      return; // never finishes: the client's timeout must end it
    case 'huge':
    case 'huge-declared': {
      record(200);
      const total = 50 * 1024 * 1024;
      res.writeHead(200, { 'content-type': 'text/calendar', ...(mode === 'huge-declared' ? { 'content-length': String(total) } : {}) });
      const chunk = Buffer.alloc(1024 * 1024, 'X');
      let sent = 0;
      const pump = () => {
        while (sent < total) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => (sent = total));
      return pump();
    }
  }
});
server.on('connection', (socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
});

let origin = '';
let services: TestServices | null = null;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterEach(async () => {
  await services?.dispose();
  services = null;
  mode = 'ok';
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const clock = () => manualClock('2026-10-21T12:00:00Z');
const feedUrl = () => `${origin}/private/${TOKEN}/schedule.ics`;

async function withFeed(dataDir = tempDir()) {
  services = await startServices({ dataDir, clock: clock() });
  await call(services, 'updateSettings', { identity: { name: 'Alice Example', emails: ['alice@example.com'] } });
  const { id } = (await call(services, 'addScheduleSource', { kind: 'feed', name: 'Payments', url: feedUrl() })) as { id: string };
  return { services, id, dataDir };
}

describe('calendar feeds from a real HTTP server', () => {
  it('fetches a feed, keeps its URL sealed and redacted, and answers a refresh with a conditional GET (304)', async () => {
    seen.length = 0;
    const { services, id, dataDir } = await withFeed();
    const slice = services.hub.get().shift!;
    expect(slice.me.onCall).toBe(true);
    expect(slice.me.current?.end).toBe('2026-10-26T08:00:00.000Z');
    const source = slice.sources.find((s) => s.id === id)!;
    expect(source).toMatchObject({ kind: 'feed', error: null, shiftCount: 4, location: `${origin}/…` });

    await call(services, 'refreshSchedules', { id });
    expect(seen.at(-1)).toEqual({ ifNoneMatch: ETAG, ifModifiedSince: LAST_MODIFIED, status: 304 });
    expect(services.hub.get().shift!.sources[0].shiftCount).toBe(4);

    // The token is nowhere in plain text: not in settings, not in state, not in the log.
    const settingsText = fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8');
    expect(settingsText).not.toContain(TOKEN);
    expect(JSON.stringify(services.hub.get())).not.toContain(TOKEN);
    expect(services.log.lines.join('\n')).not.toContain(TOKEN);
  });

  it.each([
    ['404', /answered 404 Not Found: the calendar link was revoked or mistyped/],
    ['500', /server error \(500 Internal Server Error\)/],
    ['login', /answered with a web page \(probably a sign-in page\)/],
    ['truncated', /The calendar could not be used: the calendar is truncated/],
    ['huge', /over 1\d MB, more than the 10 MB Baton accepts; it was refused/],
    ['huge-declared', /is 50 MB, more than the 10 MB Baton accepts/],
  ] as const)('keeps the last good schedule and reports a clear error when the server gives %s', async (bad, message) => {
    const { services, id } = await withFeed();
    mode = bad;
    await call(services, 'refreshSchedules', { id });
    const source = services.hub.get().shift!.sources.find((s) => s.id === id)!;
    expect(source.error).toMatch(message);
    expect(source.error).not.toContain(TOKEN);
    expect(source.stale).toBe(true);
    expect(source.shiftCount).toBe(4);
    expect(services.hub.get().shift!.me.onCall).toBe(true);
  });

  it('gives up on a server that never finishes, after the configured timeout', async () => {
    const { services, id } = await withFeed();
    await call(services, 'setScheduleOptions', { fetchTimeoutSeconds: 1 });
    mode = 'slow';
    await call(services, 'refreshSchedules', { id });
    const source = services.hub.get().shift!.sources.find((s) => s.id === id)!;
    expect(source.error).toMatch(/did not answer within 1 s/);
    expect(source.shiftCount).toBe(4);
  });

  it('works offline from the kept copy after a restart, and says the server is unreachable', async () => {
    const first = await withFeed();
    await first.services.dispose();
    services = null;
    mode = '500';
    const offline = await startServices({ dataDir: first.dataDir, clock: clock() });
    services = offline;
    // The copy is in use before any fetch completes, and after the failed one.
    expect(offline.hub.get().shift!.me.onCall).toBe(true);
    await call(offline, 'refreshSchedules', {});
    expect(offline.hub.get().shift!.sources[0]).toMatchObject({ stale: true, shiftCount: 4, lastSuccess: '2026-10-21T12:00:00.000Z' });
    expect(offline.hub.get().shift!.me.onCall).toBe(true);
    // Point the source at a port nobody listens on by closing a fresh server.
    const dead = http.createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const port = (dead.address() as { port: number }).port;
    await new Promise((resolve) => dead.close(resolve));
    const { id } = (await call(offline, 'addScheduleSource', { kind: 'feed', name: 'Gone', url: `http://127.0.0.1:${port}/x.ics` })) as { id: string };
    const gone = offline.hub.get().shift!.sources.find((s) => s.id === id)!;
    expect(gone.error).toMatch(/Could not reach http:\/\/127\.0\.0\.1:\d+\/… \(ECONNREFUSED\)/);
    expect(offline.hub.get().shift!.me.onCall).toBe(true);
  });

  it('refuses plain http to another machine and a link with a password', async () => {
    services = await startServices({ clock: clock() });
    await expect(call(services, 'addScheduleSource', { kind: 'feed', name: 'X', url: 'http://calendar.example.com/a.ics' })).rejects.toThrow(/must use https/);
    await expect(call(services, 'addScheduleSource', { kind: 'feed', name: 'X', url: 'https://u:p@calendar.example.com/a.ics' })).rejects.toThrow(/not a user name/);
    expect(services.hub.get().shift!.sources).toEqual([]);
  });
});
