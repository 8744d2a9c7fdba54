import { afterEach, describe, expect, it } from 'vitest';
import { call, startServices, type TestServices } from '../helpers/services';
import { runningClock } from '../helpers/clock';
import { until } from '../helpers/wait';
import { startGrafanaIrm, type GrafanaIrm } from '../helpers/grafana-irm';

/**
 * Grafana IRM (Cloud) end to end: the real services against a local OnCall HTTP API shaped as
 * Grafana documents it (see test/helpers/grafana-irm.ts for what is documented and what only in prose).
 */
const START = '2026-03-02T09:00:00Z';
const TOKEN = 'glsa_baton_test_0123456789';

describe('Grafana IRM as a source of pages', () => {
  const servers: GrafanaIrm[] = [];
  const services: TestServices[] = [];
  afterEach(async () => {
    for (const s of services.splice(0)) await s.dispose();
    for (const s of servers.splice(0)) await s.close();
  });
  async function irm() {
    const server = await startGrafanaIrm({ serviceAccountToken: TOKEN, userKey: { key: 'oncall-user-key', username: 'alice', email: 'alice@example.com' }, now: runningClock(START).now });
    servers.push(server);
    return server;
  }
  async function baton() {
    const s = await startServices({ clock: runningClock(START) });
    services.push(s);
    return s;
  }
  const source = (g: GrafanaIrm, extra: object = {}) => ({ kind: 'grafana-irm', name: 'Acme IRM', apiUrl: g.url, siteUrl: g.stackUrl, token: TOKEN, intervalSeconds: 3600, ...extra });

  it('lists open alert groups over pages, acknowledges, un-acknowledges, silences, notes and resolves them at Grafana', async () => {
    const g = await irm();
    g.pageSize = 1;
    g.addGroup({ id: 'I68T24C13IFW1', number: 42, title: 'Memory above 90% threshold', severity: 'critical' });
    g.addGroup({ id: 'I2', number: 43, title: 'Disk filling', state: 'acknowledged' });
    g.addGroup({ id: 'I3', number: 44, title: 'Queue lag', state: 'silenced' });
    g.addGroup({ id: 'I4', number: 45, title: 'Old one', state: 'resolved' });
    g.addGroup({ id: 'I5', number: 46, title: 'Cert expires', severity: 'warning' });
    const s = await baton();

    const report = await call(s, 'testServiceSource', source(g));
    expect(report).toEqual({ user: null, sees: ['4 open alert group(s)', '0 schedule(s)'], warnings: [] });
    const saved = await call(s, 'saveServiceSource', source(g));
    await call(s, 'pollPageSource', { id: saved.id });
    const open = s.hub.get().pages.open;
    expect(open.map((p) => [p.title, p.status]).sort()).toEqual([
      ['Cert expires', 'triggered'],
      ['Disk filling', 'acknowledged'],
      ['Memory above 90% threshold', 'triggered'],
      ['Queue lag', 'acknowledged'],
    ]);
    const page = open.find((p) => p.dedupKey === 'I68T24C13IFW1')!;
    expect(page).toMatchObject({ kind: 'service', severity: 'critical', generatorUrl: 'https://acme.grafana.net/a/grafana-irm-app/alert-groups/I68T24C13IFW1', service: { service: 'grafana-irm', number: '42' } });
    // Two open groups a page, `next` followed: the "new" list took two pages.
    expect(g.requests.filter((r) => r.route === 'GET /api/v1/alert_groups/' && r.query.get('state') === 'new').map((r) => r.query.get('page'))).toContain('2');
    const auth = g.requests[0].headers;
    expect(auth).toMatchObject({ authorization: `Bearer ${TOKEN}`, 'x-grafana-url': 'https://acme.grafana.net' });

    await call(s, 'ackPage', { pageId: page.id, minutes: 30 });
    expect(g.groups.get('I68T24C13IFW1')!.state).toBe('acknowledged');
    await call(s, 'unackPage', { pageId: page.id });
    expect(g.groups.get('I68T24C13IFW1')!.state).toBe('new');
    expect(s.hub.get().pages.open.find((p) => p.id === page.id)!.status).toBe('triggered');
    const silenced = await call(s, 'snoozePage', { pageId: page.id, minutes: 180 });
    expect(g.requests.find((r) => r.route?.endsWith('/silence'))!.body).toEqual({ delay: 10800 });
    expect(s.hub.get().pages.open.find((p) => p.id === page.id)).toMatchObject({ status: 'acknowledged', ackUntil: silenced.until });
    await call(s, 'sendPageNote', { pageId: page.id, text: 'Restarted the cache' });
    expect(g.notes).toEqual([{ alert_group_id: 'I68T24C13IFW1', text: 'Restarted the cache' }]);
    await call(s, 'resolvePage', { pageId: page.id });
    expect(g.groups.get('I68T24C13IFW1')!.state).toBe('resolved');

    // Resolved in Grafana: gone from the open lists, asked about, resolved here at once.
    g.groups.get('I5')!.state = 'resolved';
    await call(s, 'pollPageSource', { id: saved.id });
    expect(s.hub.get().pages.recent.map((p) => p.dedupKey).sort()).toEqual(['I5', 'I68T24C13IFW1']);
    expect(g.violations).toEqual([]);
  });

  it('feeds the Shift view from schedules’ final shifts, and tells a user key from a service account', async () => {
    const g = await irm();
    g.addSchedule('SBM7DV7BKFUYU', 'Payments primary', [
      { user: 'alice', email: 'alice@example.com', start: '2026-03-02T06:00:00Z', end: '2026-03-03T06:00:00Z' },
      { user: 'bob', email: 'bob@example.com', start: '2026-03-03T06:00:00Z', end: '2026-03-04T06:00:00Z' },
    ]);
    const s = await baton();
    await s.settings.update({ identity: { name: 'Alice', emails: ['alice@example.com'] } });
    const report = await call(s, 'testServiceSource', source(g, { token: 'oncall-user-key', variant: 'legacy', siteUrl: '' }));
    expect(report.user).toBe('alice <alice@example.com>');
    expect(report.warnings[0]).toMatch(/service-account token/);
    expect(g.requests.at(-1)!.headers.authorization).toBe('oncall-user-key');

    const saved = await call(s, 'saveServiceSource', source(g));
    await call(s, 'pollPageSource', { id: saved.id });
    await until('Grafana’s shifts to reach the Shift view', () => (s.hub.get().shift?.schedules.length ?? 0) > 0);
    const schedule = s.hub.get().shift!.schedules[0];
    expect(schedule).toMatchObject({ name: 'Payments primary', now: { people: ['alice'] }, next: { people: ['bob'] } });
    expect(s.hub.get().shift!.me.onCall).toBe(true); // found by e-mail
    const finals = g.requests.find((r) => r.route === 'GET /api/v1/schedules/{id}/final_shifts')!;
    expect(finals.query.get('start_date')).toBe('2026-03-01');
    expect(g.violations).toEqual([]);
  });

  it('refuses a stack URL that is not https, and says what a wrong token means', async () => {
    const g = await irm();
    const s = await baton();
    await expect(call(s, 'saveServiceSource', source(g, { siteUrl: 'http://acme.grafana.net' }))).rejects.toThrow('The Grafana stack URL must start with https://');
    const wrong = await call(s, 'testServiceSource', source(g, { token: 'glsa_wrong' })).catch((e: unknown) => String(e));
    expect(wrong).toMatch(/Grafana IRM “Acme IRM” answered 401 Unauthorized — check the token .*: Invalid token\./);
    g.fault({ status: 429, headers: { 'retry-after': '30' }, body: { detail: 'Request was throttled.' } });
    await expect(call(s, 'testServiceSource', source(g))).rejects.toThrow(/429 Too Many Requests/);
    expect(g.violations).toEqual([]);
  });
});
