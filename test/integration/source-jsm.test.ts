import { afterEach, describe, expect, it } from 'vitest';
import { call, startServices, type TestServices } from '../helpers/services';
import { runningClock } from '../helpers/clock';
import { until } from '../helpers/wait';
import { startJsm, type JsmAccount } from '../helpers/jsm';

/**
 * Jira Service Management operations, and Opsgenie as its fallback, end to end: the real services
 * against local accounts shaped as their API references describe them (see test/helpers/jsm.ts for
 * what is documented and what only in prose). Actions there are asynchronous: 202 with a requestId.
 */
const START = '2026-03-02T09:00:00Z';
const EMAIL = 'alice@example.com';

describe('Jira Service Management as a source of pages', () => {
  const accounts: JsmAccount[] = [];
  const services: TestServices[] = [];
  afterEach(async () => {
    for (const s of services.splice(0)) await s.dispose();
    for (const a of accounts.splice(0)) await Promise.all([a.close(), a.closeSite()]);
  });
  async function account(variant: 'jsm' | 'opsgenie') {
    const a = await startJsm({ variant, email: EMAIL, token: variant === 'jsm' ? 'atlassian-api-token' : 'genie-key-123', now: runningClock(START).now });
    accounts.push(a);
    return a;
  }
  async function baton() {
    const s = await startServices({ clock: runningClock(START) });
    services.push(s);
    return s;
  }

  it('finds the cloudId, lists open alerts, and acknowledges, un-acknowledges, notes and closes by the full alert id, waiting for each request', async () => {
    const jsm = await account('jsm');
    jsm.addAlert({ id: '9b251e07-73c9-4907-9996-8cb53a6a20d0-1704440650350', tinyId: '17', message: 'Redis latency above 50 ms', priority: 'P1', team: 'Payments', owner: EMAIL });
    jsm.addAlert({ id: 'a1b2c3d4-0000-4000-8000-000000000002-1704440650351', tinyId: '18', message: 'Disk 85% on db-2', priority: 'P3', acknowledged: true });
    jsm.addAlert({ id: 'closed-0000-4000-8000-000000000003-1704440650352', tinyId: '19', message: 'Old', status: 'closed' });
    const s = await baton();
    const input = { kind: 'jsm', name: 'Acme JSM', apiUrl: jsm.url, siteUrl: jsm.siteUrl, email: EMAIL, token: 'atlassian-api-token', intervalSeconds: 3600 };
    const report = await call(s, 'testServiceSource', input);
    expect(report).toEqual({ user: EMAIL, sees: ['2 open alert(s)', '0 schedule(s)'], warnings: [] });
    const saved = await call(s, 'saveServiceSource', input);
    await call(s, 'pollPageSource', { id: saved.id });

    const open = s.hub.get().pages.open;
    expect(open.map((p) => [p.title, p.status, p.severity])).toEqual([
      ['Redis latency above 50 ms', 'triggered', 'critical'],
      ['Disk 85% on db-2', 'acknowledged', 'warning'],
    ]);
    expect(open[0].service).toMatchObject({ service: 'jsm', id: '9b251e07-73c9-4907-9996-8cb53a6a20d0-1704440650350', number: '17', priority: 'P1', assignees: [EMAIL], escalationPolicy: 'Payments' });
    const list = jsm.requests.find((r) => r.route?.startsWith('GET /jsm/ops/api/') && r.path.endsWith('/alerts'))!;
    expect(list.path).toBe(`/jsm/ops/api/${jsm.cloudId}/v1/alerts`);
    expect(list.headers.authorization).toBe(`Basic ${Buffer.from(`${EMAIL}:atlassian-api-token`).toString('base64')}`);

    const id = open[0].id;
    const alert = () => jsm.alerts.get('9b251e07-73c9-4907-9996-8cb53a6a20d0-1704440650350')!;
    await call(s, 'ackPage', { pageId: id, minutes: 30, comment: 'Looking' });
    expect(alert().acknowledged).toBe(true); // processed before Baton said so
    const ack = jsm.requests.find((r) => r.route?.endsWith('/acknowledge'))!;
    expect(ack.body).toEqual({ source: 'Baton', note: 'Looking' });
    expect(ack.path).toContain('/alerts/9b251e07-73c9-4907-9996-8cb53a6a20d0-1704440650350/acknowledge'); // the full id, never the tinyId
    expect(jsm.requests.filter((r) => r.route?.includes('/alerts/requests/')).length).toBeGreaterThanOrEqual(2);
    await call(s, 'unackPage', { pageId: id });
    expect(alert().acknowledged).toBe(false);
    await call(s, 'sendPageNote', { pageId: id, text: 'Failover started' });
    expect(jsm.notes).toEqual([{ alertId: '9b251e07-73c9-4907-9996-8cb53a6a20d0-1704440650350', note: 'Failover started' }]);
    await call(s, 'resolvePage', { pageId: id });
    expect(alert().status).toBe('closed');
    expect(jsm.violations).toEqual([]);
  });

  it('keeps Opsgenie as the fallback (GenieKey, /v2, identifierType=id) and says when it stops', async () => {
    const og = await account('opsgenie');
    og.addAlert({ id: '70413a06-38d6-4c85-92b8-5ebc900d42e2-1568120935470', tinyId: '1791', message: 'CPU steal on web-4', priority: 'P2' });
    og.addSchedule('d875e654-9b4e-4219-a803-0c0d7b5e0c0e', 'Ops primary', [
      { start: '2026-03-02T08:00:00Z', end: '2026-03-02T20:00:00Z', user: EMAIL },
      { start: '2026-03-02T20:00:00Z', end: '2026-03-03T08:00:00Z', user: 'bob@example.com' },
    ]);
    const s = await baton();
    await s.settings.update({ identity: { name: 'Alice', emails: [EMAIL] } });
    const input = { kind: 'jsm', variant: 'legacy', name: 'Old Opsgenie', apiUrl: og.url, token: 'genie-key-123', intervalSeconds: 3600 };
    const report = await call(s, 'testServiceSource', input);
    expect(report.warnings).toEqual(["Opsgenie's REST API stops on 2027-04-05: move this source to Jira Service Management before then."]);
    const saved = await call(s, 'saveServiceSource', input);
    await call(s, 'pollPageSource', { id: saved.id });
    const [page] = s.hub.get().pages.open;
    expect(page).toMatchObject({ title: 'CPU steal on web-4', severity: 'high', service: { service: 'jsm', number: '1791' } });
    await call(s, 'ackPage', { pageId: page.id, minutes: 60 });
    expect(og.alerts.get('70413a06-38d6-4c85-92b8-5ebc900d42e2-1568120935470')!.acknowledged).toBe(true);
    expect(og.requests.find((r) => r.route?.endsWith('/acknowledge'))!.query.get('identifierType')).toBe('id');
    expect(og.requests[0].headers.authorization).toBe('GenieKey genie-key-123');

    await until('the Opsgenie timeline to reach the Shift view', () => (s.hub.get().shift?.schedules.length ?? 0) > 0);
    expect(s.hub.get().shift!.schedules[0]).toMatchObject({ name: 'Ops primary', now: { people: [EMAIL] }, next: { people: ['bob@example.com'] } });
    expect(s.hub.get().shift!.me.onCall).toBe(true);
    expect(og.violations).toEqual([]);
  });

  it('says what is wrong: no e-mail for JSM, a wrong token, an alert gone', async () => {
    const jsm = await account('jsm');
    jsm.addAlert({ id: 'gone-0000-4000-8000-000000000009-1704440650359', tinyId: '9', message: 'Flapping', priority: 'P2' });
    const s = await baton();
    const input = { kind: 'jsm', name: 'Acme JSM', apiUrl: jsm.url, siteUrl: jsm.siteUrl, email: EMAIL, token: 'atlassian-api-token', intervalSeconds: 3600 };
    await expect(call(s, 'saveServiceSource', { ...input, email: '' })).rejects.toThrow('The JSM operations API needs the e-mail of your Atlassian account');
    await expect(call(s, 'testServiceSource', { ...input, token: 'wrong' })).rejects.toThrow(/Jira Service Management “Acme JSM” answered 401 Unauthorized — check the e-mail and API token.*: Unauthorized; scope does not match/);
    const saved = await call(s, 'saveServiceSource', input);
    await call(s, 'pollPageSource', { id: saved.id });
    jsm.alerts.delete('gone-0000-4000-8000-000000000009-1704440650359');
    await expect(call(s, 'ackPage', { pageId: s.hub.get().pages.open[0].id, minutes: 5 })).rejects.toThrow(/Not acknowledged: .*answered 404 Not Found: Alert with id \[gone-.*\] does not exist\./);
    expect(s.hub.get().pages.open[0].status).toBe('triggered');
    expect(jsm.violations).toEqual([]);
  });
});
