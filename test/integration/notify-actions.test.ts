import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDunst, type Dunst } from '../helpers/dunst';
import { startNotificationServer, type NotificationServer } from '../helpers/notification-server';
import { startAlertmanager, type RealAlertmanager } from '../helpers/alertmanager';
import { manualClock } from '../helpers/clock';
import { call, startServices, type TestServices } from '../helpers/services';
import { until } from '../helpers/wait';
import { createDesktopNotifier } from '../../electron/notify/desktop';
import { memoryLogger } from '../../electron/log';
import { DESKTOP_ENTRY } from '../../electron/app/identity';
import { isEvent } from '../../shared/records';
import type { IncomingAlert } from '../../electron/pages/normalise';
import type { EventName } from '../../shared/contract';

const critical: IncomingAlert = {
  pageId: 'am:0123456789abcdef',
  kind: 'alertmanager',
  dedupKey: '0123456789abcdef',
  title: 'CheckoutDown: checkout returns 503',
  severity: 'critical',
  labels: { alertname: 'CheckoutDown', severity: 'critical', team: 'payments' },
  annotations: { summary: 'checkout returns 503', description: 'All replicas failing <b>readiness</b>' },
  startsAt: '2026-11-20T08:59:00.000Z',
  firing: true,
};
const source = { id: 'am-payments', name: 'payments-am' };

/** Real services whose notifier is the one the app builds, on the given session bus; the edge's window and navigation are recorded. */
async function servicesOn(busAddress: string, clock = manualClock('2026-11-20T09:00:00Z')) {
  const shown: number[] = [];
  const navigated: { view: string; id?: string }[] = [];
  const log = memoryLogger();
  const notifier = createDesktopNotifier({ appName: 'Baton', log, platform: 'linux', busAddress, desktopEntry: DESKTOP_ENTRY });
  const s = await startServices({ clock, notifier, showWindow: () => void shown.push(clock.now()) });
  s.hub.connect((event: EventName, payload: unknown) => {
    if (event === 'navigate') navigated.push(payload as { view: string; id?: string });
  });
  return Object.assign(s, { shown, navigated, clock });
}

const acks = (s: TestServices) => s.journal.records().filter((r) => isEvent(r, 'page.acknowledged')).map((r) => r.data);

describe('a page notification you can act on, under a real notification daemon (dunst over D-Bus)', () => {
  let dunst: Dunst;
  let s: Awaited<ReturnType<typeof servicesOn>> | undefined;
  beforeAll(async () => {
    dunst = await startDunst();
  });
  afterAll(async () => {
    await s?.dispose();
    await dunst?.stop();
  });

  it('opens the page on a click, keeps one bubble per page across repeats, and acknowledges it from the bubble', async () => {
    s = await servicesOn(dunst.env.DBUS_SESSION_BUS_ADDRESS);
    await s.settings.update({ identity: { name: 'Alice Example' } });
    await s.pages.ingest(source, [critical]);
    const [first] = await dunst.waitFor((list) => list.length >= 1);
    expect(first).toMatchObject({ appName: 'Baton', summary: critical.title, urgency: 'CRITICAL', timeout: 0 });
    // This dunst does not read bodies as markup (no "body-markup" capability): the text goes as it is.
    expect(first.body).toBe('CRITICAL · payments-am\nAll replicas failing <b>readiness</b>');
    expect(s.hub.get().desktop?.notifier).toMatchObject({ backend: 'freedesktop', actions: true });
    expect(s.hub.get().desktop?.notifier?.detail).toMatch(/^dunst /);

    // The repeat replaces the bubble: still one on screen, now saying it repeats.
    s.clock.advance(2 * 60_000);
    await dunst.waitFor((list) => list.some((n) => n.summary.includes('(repeat 1, unacknowledged)')));
    expect(await dunst.displayed()).toBe(1);

    // A click (the default action) brings the window up on that page.
    await dunst.click();
    await until('the click to open the page', () => s!.navigated.length > 0);
    await s.activationsSettled();
    expect(s.navigated).toEqual([{ view: 'pages', id: critical.pageId }]);
    expect(s.shown).toHaveLength(1);
    expect(acks(s)).toEqual([]);

    // The next repeat comes; Acknowledge from its menu acknowledges the page.
    s.clock.advance(2 * 60_000);
    await dunst.waitFor((list) => list.some((n) => n.summary.includes('(repeat 2, unacknowledged)')));
    await dunst.choose('Acknowledge');
    await until('the ack from the bubble', () => acks(s!).length > 0);
    await s.activationsSettled();
    expect(acks(s)).toEqual([expect.objectContaining({ pageId: critical.pageId, via: 'notification', by: 'Alice Example' })]);
    expect(s.hub.get().pages.open[0]).toMatchObject({ status: 'acknowledged' });
    await until('the bubble to go', async () => (await dunst.displayed()) === 0);
    // No snooze here: no Alertmanager API is configured for this page, so it could not be held silent at the source.
    expect(s.log.lines.join('\n')).not.toMatch(/snooze/);
  });
});

describe('what Baton asks of the notification service, seen by a test-side server on a private bus', () => {
  let server: NotificationServer | undefined;
  let s: Awaited<ReturnType<typeof servicesOn>> | undefined;
  let alertmanager: RealAlertmanager | undefined;
  afterEach(async () => {
    await s?.dispose();
    await server?.stop();
    await alertmanager?.stop();
    s = server = alertmanager = undefined;
  });

  it('sends a page that must stay as critical, resident and never expiring, replaces it on repeat, and withdraws it once handled', async () => {
    server = await startNotificationServer();
    s = await servicesOn(server.address);
    await s.pages.ingest(source, [critical]);
    const [first] = await server.waitForCalls(1);
    expect(first).toMatchObject({ appName: 'Baton', replacesId: 0, summary: critical.title, expireTimeout: 0 });
    expect(first.hints).toMatchObject({ urgency: 2, resident: true, 'desktop-entry': DESKTOP_ENTRY, category: 'im.received' });
    // A click opens the page; Acknowledge is offered; no Snooze without an Alertmanager API to hold it silent.
    expect(first.actions).toEqual(['default', 'Open', 'ack', 'Acknowledge']);
    // This server reads bodies as markup (body-markup): alert text goes escaped.
    expect(first.body).toBe('CRITICAL · payments-am\nAll replicas failing &lt;b&gt;readiness&lt;/b&gt;');

    s.clock.advance(2 * 60_000);
    const [, repeat] = await server.waitForCalls(2);
    expect(repeat).toMatchObject({ replacesId: first.id, id: first.id, summary: `${critical.title} (repeat 1, unacknowledged)` });

    await call(s, 'ackPage', { pageId: critical.pageId, minutes: 30 });
    await until('the bubble to be withdrawn', () => server!.closed.includes(first.id));

    // A warning page is not sticky: normal urgency, the daemon's own expiry, not resident.
    await s.pages.ingest(source, [{ ...critical, pageId: 'am:1111111111111111', dedupKey: '1111111111111111', severity: 'warning', title: 'DiskFilling' }]);
    const [, , warning] = await server.waitForCalls(3);
    expect(warning).toMatchObject({ replacesId: 0, expireTimeout: -1 });
    expect(warning.hints).toMatchObject({ urgency: 1 });
    expect(warning.hints.resident).toBeUndefined();
  });

  it('acknowledges from the bubble, journaled via notification, and ignores actions on notifications that are not Baton\'s', async () => {
    server = await startNotificationServer();
    s = await servicesOn(server.address);
    await s.settings.update({ identity: { name: 'Alice Example' } });
    await s.pages.ingest(source, [critical]);
    const [first] = await server.waitForCalls(1);
    server.invoke(first.id + 100, 'ack');
    server.invoke(first.id, 'ack');
    await until('the ack', () => acks(s!).length > 0);
    await s.activationsSettled();
    expect(acks(s)).toEqual([expect.objectContaining({ pageId: critical.pageId, via: 'notification', by: 'Alice Example' })]);
    const words = s.journal.records().filter((r) => isEvent(r, 'page.acknowledged'));
    expect(words).toHaveLength(1);
    // The same button pressed again on a page already acknowledged says so, and records nothing more.
    server.invoke(first.id, 'ack');
    await until('the notice', () => s!.hub.get().notices.find((n) => n.id === `ack:${critical.pageId}`));
    expect(s.hub.get().notices.find((n) => n.id === `ack:${critical.pageId}`)?.message).toMatch(/already acknowledged/);
    expect(acks(s)).toHaveLength(1);
  });

  it('offers Snooze 15 min where the source can hold the page silent, and snoozes with a real 15-minute silence', async () => {
    alertmanager = await startAlertmanager();
    server = await startNotificationServer();
    // A running clock: Alertmanager refuses silences that end in its past.
    s = await servicesOn(server.address, manualClock(Date.now()));
    const saved = await call(s, 'savePageSource', { name: 'payments-am', url: alertmanager.url, intervalSeconds: 3600 });
    await alertmanager.postAlerts([{ labels: { alertname: 'CheckoutDown', severity: 'critical', team: 'payments' }, annotations: { summary: 'checkout returns 503' } }]);
    await call(s, 'pollPageSource', { id: (saved as { id: string }).id });
    const [first] = await server.waitForCalls(1);
    expect(first.actions).toEqual(['default', 'Open', 'ack', 'Acknowledge', 'snooze', 'Snooze 15 min']);
    const pageId = s.hub.get().pages.open[0].id;

    server.invoke(first.id, 'snooze');
    await until('the snooze', () => acks(s!).length > 0);
    await s.activationsSettled();
    const [ack] = acks(s);
    expect(ack).toMatchObject({ pageId, via: 'notification' });
    expect(Date.parse(ack.until!) - s.clock.now()).toBe(15 * 60_000);
    const silence = (await alertmanager.silences()).find((x) => x.id === ack.silenceId);
    expect(silence?.status.state).toBe('active');
    // When the 15 minutes are up the page is open again and notifies again.
    s.clock.advance(15 * 60_000);
    await until('the page to re-open', () => s!.hub.get().pages.open[0]?.status === 'triggered');
    await server.waitForCalls(2);
  });

  it('opens the Pages view filtered to the group for a grouped (storm) notification', async () => {
    server = await startNotificationServer();
    s = await servicesOn(server.address);
    const storm = Array.from({ length: 5 }, (_, i) => ({ ...critical, pageId: `am:${i}`, dedupKey: String(i), title: `PodCrashLooping ${i}`, severity: 'warning' as const }));
    await s.pages.ingest(source, storm);
    const [group] = await server.waitForCalls(1);
    expect(group.summary).toBe('5 new pages from payments-am: CheckoutDown ×5');
    // A group has no Acknowledge: one button must not acknowledge pages the user has not seen.
    expect(group.actions).toEqual(['default', 'Open']);
    server.invoke(group.id, 'default');
    await until('the click', () => s!.navigated.length > 0);
    expect(s.navigated).toEqual([{ view: 'pages', id: 'source:payments-am' }]);
    expect(s.shown).toHaveLength(1);
  });

  it('falls back to notify-send, and says so in Settings, when the daemon cannot show actions', async () => {
    server = await startNotificationServer({ capabilities: ['body'] });
    const previous = process.env.DBUS_SESSION_BUS_ADDRESS;
    // node-notifier's notify-send is a child process: it finds the bus in the environment.
    process.env.DBUS_SESSION_BUS_ADDRESS = server.address;
    try {
      s = await servicesOn(server.address);
      await s.pages.ingest(source, [critical]);
      const [sent] = await server.waitForCalls(1);
      // notify-send sends no actions; the page still reaches the user.
      expect(sent).toMatchObject({ appName: 'Baton', summary: critical.title, actions: [], expireTimeout: 0 });
      expect(s.hub.get().desktop?.notifier).toEqual({
        backend: 'node-notifier',
        actions: false,
        detail: 'notify-send: clicks and buttons cannot be reported, because baton-test-notifications 1.0 (Baton tests) cannot show buttons or report clicks (no "actions" capability)',
      });
    } finally {
      if (previous === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
      else process.env.DBUS_SESSION_BUS_ADDRESS = previous;
    }
  });

  it('falls back when there is no session bus, with the reason', async () => {
    s = await servicesOn('unix:path=/nonexistent/baton-test-bus');
    await until('the notifier to be chosen', () => s!.hub.get().desktop?.notifier?.backend === 'node-notifier' && !/still being reached/.test(s!.hub.get().desktop!.notifier!.detail));
    expect(s.hub.get().desktop?.notifier?.detail).toMatch(/cannot reach the D-Bus session bus: .*ENOENT/);
  });
});
