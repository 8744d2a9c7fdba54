import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDunst, type Dunst } from '../helpers/dunst';
import { manualClock } from '../helpers/clock';
import { appSender, startServices, type TestServices } from '../helpers/services';
import { createNodeNotifier } from '../../electron/node-notifier';
import type { IncomingAlert } from '../../electron/pages/normalise';

const critical: IncomingAlert = {
  pageId: 'am:0123456789abcdef',
  kind: 'alertmanager',
  dedupKey: '0123456789abcdef',
  title: 'CheckoutDown: checkout returns 503',
  severity: 'critical',
  labels: { alertname: 'CheckoutDown', severity: 'critical', team: 'payments' },
  annotations: { summary: 'checkout returns 503', description: 'All replicas failing readiness <a href="https://evil.example/">details</a>' },
  startsAt: '2026-11-20T08:59:00.000Z',
  firing: true,
};

/** node-notifier runs notify-send as a child of this process: point it at the test's own D-Bus session. */
function useBus(address: string | undefined): void {
  if (address === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
  else process.env.DBUS_SESSION_BUS_ADDRESS = address;
}

describe('page notifications shown by a real notification daemon (dunst) through node-notifier', () => {
  let dunst: Dunst;
  let s: TestServices | undefined;
  const previousBus = process.env.DBUS_SESSION_BUS_ADDRESS;
  beforeAll(async () => {
    dunst = await startDunst();
  });
  afterAll(async () => {
    await s?.dispose();
    useBus(previousBus);
    await dunst?.stop();
  });

  it('shows a critical page that never expires and repeats it until acknowledged', async () => {
    useBus(dunst.env.DBUS_SESSION_BUS_ADDRESS);
    const clock = manualClock('2026-11-20T09:00:00Z');
    s = await startServices({ clock, notifier: createNodeNotifier({ appName: 'Baton' }) });
    await s.pages.ingest({ id: 'am-payments', name: 'payments-am' }, [critical]);
    const [first] = await dunst.waitFor((shown) => shown.length >= 1);
    expect(first).toMatchObject({ appName: 'Baton', summary: critical.title, urgency: 'CRITICAL', timeout: 0 });
    expect(first.body).toContain('CRITICAL · payments-am');
    // Alert text reaches the daemon escaped, so it shows as text and never as markup (links, images).
    expect(first.body).toContain('All replicas failing readiness &lt;a href="https://evil.example/"&gt;details&lt;/a&gt;');

    // Still on screen a while later: it has no expiry.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await dunst.displayed()).toBeGreaterThanOrEqual(1);

    clock.advance(2 * 60_000);
    await dunst.waitFor((shown) => shown.length >= 2);
    clock.advance(2 * 60_000);
    const shown = await dunst.waitFor((list) => list.length >= 3);
    expect(shown.map((n) => n.summary)).toEqual([
      critical.title,
      `${critical.title} (repeat 1, unacknowledged)`,
      `${critical.title} (repeat 2, unacknowledged)`,
    ]);
    expect(shown.every((n) => n.timeout === 0 && n.urgency === 'CRITICAL')).toBe(true);

    const ack = await s.dispatch('ackPage', { pageId: critical.pageId, minutes: 30 }, appSender);
    expect(ack.ok).toBe(true);
    clock.advance(10 * 60_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(dunst.shown()).toHaveLength(3);
    expect(s.hub.get().notices.filter((n) => n.id === 'notify-failed')).toEqual([]);
  });

  it('makes a failed notification visible in the app when no daemon answers', async () => {
    await s?.dispose();
    useBus('unix:path=/nonexistent/baton-test-bus');
    s = await startServices({ notifier: createNodeNotifier({ appName: 'Baton' }) });
    await s.pages.ingest({ id: 'am-payments', name: 'payments-am' }, [{ ...critical, pageId: 'am:fedcba9876543210' }]);
    const notice = s.hub.get().notices.find((n) => n.id === 'notify-failed');
    expect(notice?.level).toBe('error');
    expect(notice?.message).toMatch(/Baton could not show a notification/);
    expect(s.log.lines.some((l) => l.startsWith('ERROR notification'))).toBe(true);
    expect(s.hub.get().pages.open).toHaveLength(1);
  });
});
