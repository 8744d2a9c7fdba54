import { afterEach, describe, expect, it } from 'vitest';
import { call, startServices, type TestServices } from '../helpers/services';
import { runningClock } from '../helpers/clock';
import { until } from '../helpers/wait';
import { PD_ACCEPT, startPagerDuty, type PagerDutyServer, type PdUser } from '../helpers/pagerduty';
import { SOURCE_CAPABILITIES } from '../../shared/page-services';
import { createPagerDutySource } from '../../electron/sources/pagerduty';
import { createRateGate } from '../../electron/sources/http';

/**
 * PagerDuty REST v2 end to end: the real services, talking over loopback to a local PagerDuty
 * account that checks every request against PagerDuty's OpenAPI description (test/fixtures/pagerduty)
 * and answers as documented. Each test ends by asserting the account saw nothing undocumented.
 */
const START = '2026-03-02T09:00:00Z';
const alice: PdUser = { id: 'PALICE1', name: 'Alice Example', email: 'alice@example.com' };
const bob: PdUser = { id: 'PBOB001', name: 'Bob Example', email: 'bob@example.com' };

describe('PagerDuty as a source of pages', () => {
  const servers: PagerDutyServer[] = [];
  const services: TestServices[] = [];
  afterEach(async () => {
    for (const s of services.splice(0)) await s.dispose();
    for (const s of servers.splice(0)) await s.close();
  });

  async function account(tokens: Record<string, string | null>, users = [alice, bob]) {
    const server = await startPagerDuty({ users, tokens, now: runningClock(START).now });
    servers.push(server);
    return server;
  }
  async function baton() {
    const s = await startServices({ clock: runningClock(START) });
    services.push(s);
    await s.settings.update({ identity: { name: 'Alice Example' } });
    return s;
  }

  it('shows my incidents, acknowledges one with PUT /incidents and From, and sees the ack in PagerDuty’s answer', async () => {
    const pd = await account({ 'u+alice-key': alice.id });
    pd.addIncident({ id: 'PINC001', number: 1201, title: 'Checkout 5xx above 2%', assignee: alice, teamId: 'PTEAM01', priority: 'P1' });
    pd.addIncident({ id: 'PINC002', number: 1202, title: 'Search latency', assignee: bob, urgency: 'low' });
    const s = await baton();

    const report = await call(s, 'testServiceSource', { kind: 'pagerduty', name: 'Acme', apiUrl: pd.url, token: 'u+alice-key', filters: { assignedToMe: true } });
    expect(report).toEqual({ user: 'Alice Example <alice@example.com>', sees: ['1 open incident(s) match this source\'s filters', '0 on-call shift(s) in the next 7 days for this user'], warnings: [] });

    const source = await call(s, 'saveServiceSource', { kind: 'pagerduty', name: 'Acme', apiUrl: pd.url, token: 'u+alice-key', filters: { assignedToMe: true }, intervalSeconds: 3600 });
    expect(source).toMatchObject({ kind: 'pagerduty', name: 'Acme', hasToken: true });
    expect(JSON.stringify(s.hub.get())).not.toContain('u+alice-key');
    await call(s, 'pollPageSource', { id: source.id });

    const [page] = s.hub.get().pages.open;
    expect(s.hub.get().pages.open).toHaveLength(1); // assigned to me: Bob's incident stays out
    expect(page).toMatchObject({
      id: 'pd:PINC001',
      kind: 'service',
      dedupKey: 'PINC001',
      title: 'Checkout 5xx above 2%',
      severity: 'critical',
      sourceName: 'Acme',
      generatorUrl: 'https://acme.pagerduty.com/incidents/PINC001',
      service: { service: 'pagerduty', id: 'PINC001', number: '1201', urgency: 'high', assignees: ['Alice Example'], escalationPolicy: 'Checkout escalation', serviceName: 'Checkout API', priority: 'P1' },
    });
    expect(s.notified).toHaveLength(1);
    const list = pd.requests.find((r) => r.operation === 'GET /incidents')!;
    expect(list.query.getAll('statuses[]')).toEqual(['triggered', 'acknowledged']);
    expect(list.query.getAll('user_ids[]')).toEqual([alice.id]);
    expect(list.headers).toMatchObject({ authorization: 'Token token=u+alice-key', accept: PD_ACCEPT });

    const ack = await call(s, 'ackPage', { pageId: page.id, minutes: 30 });
    expect(ack.message).toContain('Acknowledged in PagerDuty “Acme” (incident #1201)');
    const put = pd.requests.find((r) => r.operation === 'PUT /incidents')!;
    expect(put.headers.from).toBe(alice.email); // learned from /users/me
    expect(put.body).toEqual({ incidents: [{ id: 'PINC001', type: 'incident_reference', status: 'acknowledged' }] });
    expect(pd.incidents.get('PINC001')!.status).toBe('acknowledged');
    expect(s.hub.get().pages.open[0]).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'Alice Example' });
    expect(s.hub.get().pages.open[0].ackUntil).toBeUndefined(); // PagerDuty holds its own ack

    // Polling again: PagerDuty lists it acknowledged; nothing changes, nothing re-notifies.
    await call(s, 'pollPageSource', { id: source.id });
    expect(s.hub.get().pages.open[0].status).toBe('acknowledged');
    // Its ack timed out at PagerDuty: it is triggered there again, so it pages again here.
    pd.setStatus('PINC001', 'triggered');
    await call(s, 'pollPageSource', { id: source.id });
    expect(s.hub.get().pages.open[0].status).toBe('triggered');
    await until('the page to notify again', () => s.notified.length === 2);

    // A note the user chose to send; then snooze (ack + snooze at PagerDuty), then resolve.
    await call(s, 'sendPageNote', { pageId: page.id, text: 'Rolled back deploy 4411' });
    expect(pd.notes).toEqual([{ incidentId: 'PINC001', content: 'Rolled back deploy 4411', from: alice.email }]);
    const snoozed = await call(s, 'snoozePage', { pageId: page.id, minutes: 60 });
    expect(pd.requests.find((r) => r.operation === 'POST /incidents/{id}/snooze')!.body).toEqual({ duration: 3600 });
    expect(s.hub.get().pages.open[0]).toMatchObject({ status: 'acknowledged', ackUntil: snoozed.until });
    await call(s, 'resolvePage', { pageId: page.id });
    expect(pd.incidents.get('PINC001')!.status).toBe('resolved');
    expect(s.hub.get().pages.open).toHaveLength(0);

    // PagerDuty has no un-acknowledge: the capability is not offered, and the request says why.
    expect(SOURCE_CAPABILITIES.pagerduty).not.toContain('unack');
    expect(pd.violations).toEqual([]);
  });

  it('takes an incident acknowledged or resolved in PagerDuty itself, and never resolves one that only left a page of the list', async () => {
    const pd = await account({ 'acct-key': null });
    for (let i = 1; i <= 230; i++) pd.addIncident({ id: `PI${String(i).padStart(5, '0')}`, number: i, title: `Disk full on db-${i}`, serviceId: i % 2 ? 'PSVCODD' : 'PSVCEVN' });
    const s = await baton();
    const source = await call(s, 'saveServiceSource', { kind: 'pagerduty', name: 'Acme ops', apiUrl: pd.url, token: 'acct-key', email: 'bob@example.com', intervalSeconds: 3600 });
    await call(s, 'pollPageSource', { id: source.id });
    expect(s.hub.get().pages.open).toHaveLength(230);
    // Saving polls at once, and "poll now" polls again: each poll reads offset/limit while `more`.
    const offsets = pd.requests.filter((r) => r.operation === 'GET /incidents').map((r) => r.query.get('offset'));
    expect(offsets).toEqual(['0', '100', '200', '0', '100', '200']);

    pd.setStatus('PI00001', 'acknowledged', bob);
    pd.setStatus('PI00002', 'resolved');
    await call(s, 'pollPageSource', { id: source.id });
    expect(s.hub.get().pages.open.find((p) => p.id === 'pd:PI00001')).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'Bob Example' });
    // Gone from the list and resolved there (asked with GET /incidents/{id}): resolved here at once.
    expect(s.hub.get().pages.recent.find((p) => p.id === 'pd:PI00002')).toMatchObject({ status: 'resolved' });
    expect(pd.requests.some((r) => r.operation === 'GET /incidents/{id}' && r.path.endsWith('PI00002'))).toBe(true);
    expect(s.journal.records().find((r) => r.type === 'page.acknowledged')?.data).toMatchObject({ via: 'source', by: 'Bob Example' });
    // Acknowledging assigned it to Bob at PagerDuty: the page's fields follow, once.
    expect(s.hub.get().pages.open.find((p) => p.id === 'pd:PI00001')!.service!.assignees).toEqual(['Bob Example']);
    await call(s, 'pollPageSource', { id: source.id });
    expect(s.journal.records().filter((r) => r.type === 'page.updated').map((r) => (r.data as { pageId: string }).pageId)).toEqual(['pd:PI00001']);

    // Lists that come back short, twice in a row: the incidents asked about are still open there, and
    // the rest resolve by absence only after 10 minutes, so nothing resolves.
    pd.fault({ status: 200, body: { incidents: [], limit: 100, offset: 0, more: false, total: null } }, 2, '/incidents$');
    await call(s, 'pollPageSource', { id: source.id });
    await call(s, 'pollPageSource', { id: source.id });
    expect(s.hub.get().pages.open).toHaveLength(229);
    expect(s.journal.records().filter((r) => r.type === 'page.resolved')).toHaveLength(1);
    expect(pd.violations).toEqual([]);
  });

  it('runs two PagerDuty accounts side by side, each named, each with its own key and From', async () => {
    const work = await account({ 'work-key': alice.id });
    const club = await account({ 'club-key': bob.id });
    work.addIncident({ id: 'PWORK01', number: 7, title: 'Orders queue stuck', assignee: alice });
    club.addIncident({ id: 'PCLUB01', number: 3, title: 'Website down', assignee: bob });
    const s = await baton();
    const a = await call(s, 'saveServiceSource', { kind: 'pagerduty', name: 'Work', apiUrl: work.url, token: 'work-key', intervalSeconds: 3600 });
    const b = await call(s, 'saveServiceSource', { kind: 'pagerduty', name: 'Volunteer club', apiUrl: club.url, token: 'club-key', intervalSeconds: 3600 });
    await call(s, 'pollPageSource', { id: a.id });
    await call(s, 'pollPageSource', { id: b.id });
    const open = s.hub.get().pages.open;
    expect(open.map((p) => [p.id, p.sourceName]).sort()).toEqual([
      ['pd:PCLUB01', 'Volunteer club'],
      ['pd:PWORK01', 'Work'],
    ]);
    await call(s, 'ackPage', { pageId: 'pd:PCLUB01', minutes: 60 });
    expect(club.requests.find((r) => r.operation === 'PUT /incidents')!.headers.from).toBe(bob.email);
    expect(work.requests.some((r) => r.method === 'PUT')).toBe(false);
    expect(s.hub.get().pages.sources.filter((h) => h.kind === 'pagerduty').map((h) => [h.name, h.kind, h.lastError])).toEqual([
      ['Work', 'pagerduty', null],
      ['Volunteer club', 'pagerduty', null],
    ]);
    expect([...work.violations, ...club.violations]).toEqual([]);
  });

  it('feeds the Shift view from /oncalls, without an ICS link', async () => {
    const pd = await account({ 'u+alice-key': alice.id });
    pd.addOncall({ user: alice, scheduleId: 'PSCHED1', scheduleName: 'Checkout primary', start: '2026-03-02T08:00:00Z', end: '2026-03-03T08:00:00Z' });
    pd.addOncall({ user: bob, scheduleId: 'PSCHED1', scheduleName: 'Checkout primary', start: '2026-03-03T08:00:00Z', end: '2026-03-04T08:00:00Z' });
    // A permanent on-call (a user straight on an escalation policy) has no start or end: no shift.
    pd.addOncall({ user: alice, scheduleId: 'PSCHED2', scheduleName: 'Direct', start: null, end: null });
    const s = await baton();
    const source = await call(s, 'saveServiceSource', {
      kind: 'pagerduty', name: 'Acme', apiUrl: pd.url, token: 'u+alice-key', filters: { scheduleIds: ['PSCHED1', 'PSCHED2'] }, intervalSeconds: 3600,
    });
    await call(s, 'pollPageSource', { id: source.id });
    const shift = () => s.hub.get().shift!;
    await until('the on-call shifts to reach the Shift view', () => (s.hub.get().shift?.schedules.length ?? 0) > 0);
    expect(shift().schedules).toHaveLength(1);
    const schedule = shift().schedules[0];
    expect(schedule).toMatchObject({ name: 'Checkout primary', sourceId: source.id });
    expect(schedule.now?.people).toEqual(['Alice Example']);
    expect(schedule.next?.people).toEqual(['Bob Example']);
    expect(shift().me.onCall).toBe(true);
    const oncall = pd.requests.find((r) => r.operation === 'GET /oncalls')!;
    expect(oncall.query.getAll('schedule_ids[]')).toEqual(['PSCHED1', 'PSCHED2']);
    expect(pd.violations).toEqual([]);
  });

  it('says what is wrong with a key: 401, a read-only key’s 403, an incident gone (404), 5xx', async () => {
    const pd = await account({ 'u+alice-key': alice.id });
    pd.addIncident({ id: 'PINC001', number: 1, title: 'Checkout down', assignee: alice });
    const s = await baton();
    await expect(call(s, 'testServiceSource', { kind: 'pagerduty', name: 'Acme', apiUrl: pd.url, token: 'wrong' })).rejects.toThrow(
      /PagerDuty “Acme” answered 401 Unauthorized — check the API key.*: Unauthorized/,
    );
    const source = await call(s, 'saveServiceSource', { kind: 'pagerduty', name: 'Acme', apiUrl: pd.url, token: 'u+alice-key', intervalSeconds: 3600 });
    await call(s, 'pollPageSource', { id: source.id });

    pd.fault({ status: 403, body: { error: { message: 'Access Denied', code: 2010, errors: ['The API key is read-only'] } } }, 1, '/incidents');
    await expect(call(s, 'ackPage', { pageId: 'pd:PINC001', minutes: 30 })).rejects.toThrow(/Not acknowledged: PagerDuty “Acme” answered 403 Forbidden — .*Access Denied; The API key is read-only/);
    expect(s.hub.get().pages.open[0].status).toBe('triggered');

    pd.fault({ status: 503, body: { error: { message: 'Service Unavailable', code: 0 } } }, 1, '/incidents');
    await expect(call(s, 'pollPageSource', { id: source.id })).rejects.toThrow(/answered 503/);
    const health = s.hub.get().pages.sources.find((h) => h.id === source.id)!;
    expect(health.lastError).toMatch(/answered 503/);
    expect(s.hub.get().notices.some((n) => n.message.includes('“Acme” is failing'))).toBe(true);

    pd.incidents.delete('PINC001');
    await expect(call(s, 'sendPageNote', { pageId: 'pd:PINC001', text: 'Looking' })).rejects.toThrow(/Not sent: PagerDuty “Acme” answered 404 Not Found: Not Found/);
    expect(pd.violations).toEqual([]);
  });

  it('backs off on 429 until PagerDuty’s reset, for polls and acks alike', async () => {
    const pd = await account({ 'u+alice-key': alice.id });
    pd.addIncident({ id: 'PINC001', number: 1, title: 'Checkout down', assignee: alice });
    const s = await baton();
    const source = await call(s, 'saveServiceSource', { kind: 'pagerduty', name: 'Acme', apiUrl: pd.url, token: 'u+alice-key', intervalSeconds: 3600 });
    await call(s, 'pollPageSource', { id: source.id });
    const before = s.deps.clock.now();
    // The poll's own request gets the 429, not the on-call refresh the first poll may still have in flight.
    pd.fault({ status: 429, headers: { 'ratelimit-limit': '960', 'ratelimit-remaining': '0', 'ratelimit-reset': '42' }, body: { error: { message: 'Rate Limit Exceeded', code: 2020 } } }, 1, '/incidents');
    await expect(call(s, 'pollPageSource', { id: source.id })).rejects.toThrow(/429 Too Many Requests; Baton waits until/);
    const asked = pd.requests.length;
    // The ack waits on the same key's reset: no request goes out, and the user is told when.
    await expect(call(s, 'ackPage', { pageId: 'pd:PINC001', minutes: 30 })).rejects.toThrow(/asked Baton to slow down; next request after/);
    expect(pd.requests.length).toBe(asked);
    const nextTry = Date.parse(s.hub.get().pages.sources.find((h) => h.id === source.id)!.nextTry!);
    // ratelimit-reset: 42 (seconds) counted from PagerDuty's answer, which came after `before`: however slow the machine.
    expect(nextTry).toBeGreaterThanOrEqual(before + 42_000);
    expect(pd.violations).toEqual([]);
  });
});

describe('the local PagerDuty checks requests against the description', () => {
  it('refuses a write without From, a wrong Accept, an unknown parameter and a body the schema does not allow', async () => {
    const pd = await startPagerDuty({ users: [alice], tokens: { k: alice.id }, now: runningClock(START).now });
    try {
      pd.addIncident({ id: 'PINC001', number: 1, title: 'x', assignee: alice });
      const headers = { authorization: 'Token token=k', accept: PD_ACCEPT, 'content-type': 'application/json' };
      const put = await fetch(`${pd.url}/incidents`, { method: 'PUT', headers, body: JSON.stringify({ incidents: [{ id: 'PINC001', type: 'incident_reference', status: 'acknowledged' }] }) });
      expect(put.status).toBe(400);
      const wrongAccept = await fetch(`${pd.url}/incidents`, { headers: { ...headers, accept: 'application/json' } });
      expect(wrongAccept.status).toBe(400);
      await fetch(`${pd.url}/incidents?status=triggered`, { headers });
      await fetch(`${pd.url}/incidents/PINC001/snooze`, { method: 'POST', headers: { ...headers, from: alice.email }, body: JSON.stringify({ duration: 0 }) });
      await fetch(`${pd.url}/incidents?statuses[]=open`, { headers });
      const none = await fetch(`${pd.url}/incidents`, { headers: { ...headers, authorization: 'Bearer k' } });
      expect(none.status).toBe(401);
      expect(pd.violations).toEqual([
        'PUT /incidents: header From is required',
        'GET /incidents: Accept must be application/vnd.pagerduty+json;version=2 (was application/json)',
        'GET /incidents: query status is not a parameter of GET /incidents',
        'POST /incidents/PINC001/snooze: body: /duration must be >= 1',
        expect.stringMatching(/^GET \/incidents: query statuses\[\]: "open" does not match/),
      ]);
    } finally {
      await pd.close();
    }
  });
});

describe('a PagerDuty that does not answer', () => {
  it('gives up after the timeout and says so', async () => {
    const clock = runningClock(START);
    const pd = await startPagerDuty({ users: [alice], tokens: { k: alice.id }, now: clock.now });
    try {
      pd.fault('hang', 1);
      const module = createPagerDutySource(
        () => ({ id: 'pd-1', name: 'Acme', apiUrl: pd.url, token: 'k', email: '', siteUrl: '', variant: 'default', filters: { assignedToMe: false, teamIds: [], serviceIds: [], urgencies: [], scheduleIds: [] } }),
        { clock, gate: createRateGate(clock), timeoutMs: 300 },
      );
      await expect(module.poll(undefined)).rejects.toThrow('PagerDuty “Acme” did not answer within 0.3 s');
      // The next poll goes through: nothing is stuck.
      expect((await module.poll(undefined)).alerts).toEqual([]);
      expect(pd.violations).toEqual([]);
    } finally {
      await pd.close();
    }
  });
});
