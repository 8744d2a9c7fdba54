import { afterEach, describe, expect, it } from 'vitest';
import { call, startServices, type TestServices } from '../helpers/services';
import { runningClock } from '../helpers/clock';
import { until } from '../helpers/wait';
import { startIncidentIo, type IncidentIo } from '../helpers/incidentio';
import { SOURCE_CAPABILITIES } from '../../shared/page-services';

/**
 * incident.io end to end against a local API shaped as its reference describes it (see
 * test/helpers/incidentio.ts). Its public API has no acknowledge, so Baton offers none: the page
 * links to the escalation in incident.io, and an ack made there shows at the next poll.
 */
const START = '2026-03-02T09:00:00Z';

describe('incident.io as a source of pages and shifts', () => {
  const servers: IncidentIo[] = [];
  const services: TestServices[] = [];
  afterEach(async () => {
    for (const s of services.splice(0)) await s.dispose();
    for (const s of servers.splice(0)) await s.close();
  });

  it('shows triggered escalations over pages of the list, links each to incident.io, follows acks made there, and feeds shifts from final entries', async () => {
    const iio = await startIncidentIo({ key: 'inc_live_key', now: runningClock(START).now });
    servers.push(iio);
    for (let i = 1; i <= 120; i++) iio.addEscalation({ id: `01HESC${String(i).padStart(4, '0')}`, title: `Checkout errors ${i}`, priority: i === 1 ? 'P1' : 'P3' });
    iio.addEscalation({ id: '01HESCDONE', title: 'Old', status: 'resolved' });
    iio.addSchedule('01G0SCHED', 'Platform primary', [
      { start: '2026-03-02T08:00:00Z', end: '2026-03-02T20:00:00Z', name: 'Alice Example', email: 'alice@example.com' },
      { start: '2026-03-02T20:00:00Z', end: '2026-03-03T08:00:00Z', name: 'Bob Example', email: 'bob@example.com' },
    ]);
    const s = await startServices({ clock: runningClock(START) });
    services.push(s);
    await s.settings.update({ identity: { name: 'Alice Example', emails: ['alice@example.com'] } });
    const input = { kind: 'incidentio', name: 'Acme', apiUrl: iio.url, token: 'inc_live_key', intervalSeconds: 3600 };

    const report = await call(s, 'testServiceSource', input);
    expect(report).toMatchObject({ user: 'Baton on-call key (viewer, on_call_viewer)', sees: ['120 open escalation(s)', '2 on-call shift(s) in the next 7 days'] });
    expect(report.warnings[0]).toMatch(/has no acknowledge/);
    const saved = await call(s, 'saveServiceSource', input);
    await call(s, 'pollPageSource', { id: saved.id });
    expect(s.hub.get().pages.open).toHaveLength(120);
    const first = s.hub.get().pages.open.find((p) => p.dedupKey === '01HESC0001')!;
    expect(first).toMatchObject({ severity: 'critical', generatorUrl: 'https://app.incident.io/acme/on-call/escalations/01HESC0001', service: { service: 'incidentio', escalationPolicy: 'Platform on-call' } });
    const lists = iio.requests.filter((r) => r.route === 'GET /v2/escalations');
    expect(lists[0].query.getAll('status[one_of]')).toEqual(['triggered', 'acked']);
    expect(lists.some((r) => r.query.get('after') === '01HESC0100')).toBe(true);

    // No acknowledge in the API: Baton refuses rather than pretending, and names where to do it.
    expect(SOURCE_CAPABILITIES.incidentio).toEqual([]);
    await expect(call(s, 'ackPage', { pageId: first.id, minutes: 30 })).rejects.toThrow('incident.io’s public API has no acknowledge: acknowledge it in incident.io (the page links there)');
    expect(s.hub.get().pages.open.find((p) => p.id === first.id)!.status).toBe('triggered');
    // Acknowledged in incident.io: the next poll shows it acknowledged; resolved there: resolved here.
    iio.escalations.get('01HESC0001')!.status = 'acked';
    iio.escalations.get('01HESC0002')!.status = 'resolved';
    await call(s, 'pollPageSource', { id: saved.id });
    expect(s.hub.get().pages.open.find((p) => p.dedupKey === '01HESC0001')!.status).toBe('acknowledged');
    expect(s.hub.get().pages.recent.map((p) => p.dedupKey)).toEqual(['01HESC0002']);

    await until('incident.io shifts in the Shift view', () => (s.hub.get().shift?.schedules.length ?? 0) > 0);
    expect(s.hub.get().shift!.schedules[0]).toMatchObject({ name: 'Platform primary', now: { people: ['Alice Example'] }, next: { people: ['Bob Example'] } });
    expect(s.hub.get().shift!.me.onCall).toBe(true);
    expect(iio.violations).toEqual([]);
  });

  it('says what a wrong key means and backs off on 429', async () => {
    const iio = await startIncidentIo({ key: 'inc_live_key', now: runningClock(START).now });
    servers.push(iio);
    const s = await startServices({ clock: runningClock(START) });
    services.push(s);
    const input = { kind: 'incidentio', name: 'Acme', apiUrl: iio.url, token: 'wrong', intervalSeconds: 3600 };
    await expect(call(s, 'testServiceSource', input)).rejects.toThrow(/incident\.io “Acme” answered 401 Unauthorized — check the API key.*: Invalid API key/);
    iio.fault({ status: 429, headers: { 'retry-after': '12' }, body: { type: 'rate_limited', status: 429 } });
    await expect(call(s, 'testServiceSource', { ...input, token: 'inc_live_key' })).rejects.toThrow(/429 Too Many Requests; Baton waits until 2026-03-02T09:00:1/);
    expect(iio.violations).toEqual([]);
  });
});
