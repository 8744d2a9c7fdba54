import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startServices, type TestServices } from '../helpers/services';
import { startAlertmanager, freePort, type RealAlertmanager } from '../helpers/alertmanager';
import { startDunst, type Dunst } from '../helpers/dunst';
import { emptySessionBus } from '../helpers/session-bus';
import { bearerProxy } from '../helpers/auth-proxy';
import { createNodeNotifier } from '../../electron/node-notifier';
import { linuxDesktop } from '../../electron/readiness/desktop';
import { isEvent } from '../../shared/records';
import type { CheckResult } from '../../shared/readiness';

/**
 * The readiness check against real things: a real notification daemon (dunst) or a session bus
 * where none runs, a real Alertmanager behind a bearer token, a port where nothing listens.
 */
const byLabel = (results: CheckResult[], label: string) => results.find((r) => r.label === label);

/** node-notifier runs notify-send as a child of this process: point it at the test's own bus. */
function useBus(address: string | undefined): void {
  if (address === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
  else process.env.DBUS_SESSION_BUS_ADDRESS = address;
}

describe('the readiness check', () => {
  const previousBus = process.env.DBUS_SESSION_BUS_ADDRESS;
  let alertmanager: RealAlertmanager;
  let proxy: Awaited<ReturnType<typeof bearerProxy>>;
  beforeAll(async () => {
    alertmanager = await startAlertmanager();
    proxy = await bearerProxy(alertmanager.url, 'the-right-token');
  });
  afterAll(async () => {
    useBus(previousBus);
    await proxy?.close();
    await alertmanager?.stop();
  });

  async function baton(bus: string): Promise<TestServices> {
    useBus(bus);
    const services = await startServices({ notifier: createNodeNotifier({ appName: 'Baton' }), desktop: linuxDesktop({ ...process.env, DBUS_SESSION_BUS_ADDRESS: bus }) });
    await call(services, 'savePageSource', { name: 'payments-am', url: proxy.url, auth: 'bearer', secret: 'the-right-token', intervalSeconds: 3600 });
    return services;
  }

  describe('with a notification daemon running (dunst)', () => {
    let dunst: Dunst;
    let s: TestServices;
    beforeAll(async () => {
      dunst = await startDunst();
      s = await baton(dunst.env.DBUS_SESSION_BUS_ADDRESS);
    });
    afterAll(async () => {
      await s?.dispose();
      await dunst?.stop();
    });

    it('shows a real test notification and finds everything in order; "I saw and heard it" is journaled', async () => {
      const result = await call(s, 'runReadinessCheck');
      expect(result.results.filter((r) => r.state === 'problem')).toEqual([]);
      expect(byLabel(result.results, 'Notification service')).toMatchObject({ state: 'ok', detail: 'dunst is running.' });
      expect(byLabel(result.results, 'Do Not Disturb')).toMatchObject({ state: 'ok', detail: 'Off (dunst).' });
      expect(byLabel(result.results, 'Alert source payments-am')).toMatchObject({ state: 'ok' });
      expect(byLabel(result.results, 'Webhook receiver')).toMatchObject({ state: 'ok' });
      expect(byLabel(result.results, 'Data folder')).toMatchObject({ state: 'ok' });
      await dunst.waitFor((shown) => shown.some((n) => n.summary === 'Baton test notification' && n.urgency === 'CRITICAL'));

      const confirmed = await call(s, 'confirmReadiness', { checkId: result.checkId, saw: true });
      expect(confirmed.confirmed).toBe(true);
      const records = s.journal.records();
      expect(records.find((r) => isEvent(r, 'readiness.checked'))?.data).toMatchObject({ checkId: result.checkId, problems: [] });
      expect(records.find((r) => isEvent(r, 'readiness.confirmed'))?.data).toEqual({ checkId: result.checkId, saw: true });
    });

    it('says Do Not Disturb is on when dunst is paused, and that a notification not seen is a problem', async () => {
      const { execFileSync } = await import('node:child_process');
      execFileSync('dunstctl', ['set-paused', 'true'], { env: { ...process.env, ...dunst.env } });
      try {
        const result = await call(s, 'runReadinessCheck');
        expect(byLabel(result.results, 'Do Not Disturb')).toMatchObject({ state: 'problem', detail: 'Do Not Disturb is on (dunst is paused): pages may be held back by the desktop.' });
        const answered = await call(s, 'confirmReadiness', { checkId: result.checkId, saw: false });
        expect(byLabel(answered.results, 'Test notification')).toMatchObject({ state: 'problem', detail: 'The test notification was sent, but you did not see or hear it.' });
      } finally {
        execFileSync('dunstctl', ['set-paused', 'false'], { env: { ...process.env, ...dunst.env } });
      }
    });

    it('catches a wrong token and an unreachable source, each with its fix', async () => {
      await call(s, 'savePageSource', { id: s.hub.get().pages.config.sources[0].id, name: 'payments-am', url: proxy.url, auth: 'bearer', secret: 'an-old-token', intervalSeconds: 3600 });
      const nowhere = await freePort();
      await call(s, 'savePageSource', { name: 'platform-am', url: `http://127.0.0.1:${nowhere}`, intervalSeconds: 3600 });
      const result = await call(s, 'runReadinessCheck');
      expect(byLabel(result.results, 'Alert source payments-am')).toMatchObject({
        state: 'problem',
        detail: expect.stringMatching(/answered 401 Unauthorized — check the credentials/),
        fix: 'The token or password is wrong or expired: edit the source in Pages → Sources and enter a valid one.',
      });
      expect(byLabel(result.results, 'Alert source platform-am')).toMatchObject({
        state: 'problem',
        detail: expect.stringMatching(/could not be reached \(ECONNREFUSED\)/),
        fix: 'Check the URL, that the Alertmanager is running, and your network or VPN; then poll it from Pages → Sources.',
      });
      const journaled = s.journal.records().filter((r) => isEvent(r, 'readiness.checked')).at(-1);
      expect((journaled?.data as { problems: { label: string }[] }).problems.map((p) => p.label)).toEqual(['Alert source payments-am', 'Alert source platform-am']);
    });
  });

  describe('with the notification daemon dead', () => {
    let bus: Awaited<ReturnType<typeof emptySessionBus>>;
    let s: TestServices;
    beforeAll(async () => {
      bus = await emptySessionBus();
      s = await baton(bus.address);
    });
    afterAll(async () => {
      await s?.dispose();
      await bus?.stop();
    });

    it('says no notification service answers, and that the test notification could not be shown, with how to fix it', async () => {
      const result = await call(s, 'runReadinessCheck');
      expect(byLabel(result.results, 'Notification service')).toMatchObject({
        state: 'problem',
        detail: 'No notification service answers on the session bus.',
        fix: expect.stringMatching(/^Start your desktop’s notification service/),
      });
      expect(byLabel(result.results, 'Test notification')).toMatchObject({ state: 'problem', detail: expect.stringMatching(/^It could not be shown: /) });
      expect(byLabel(result.results, 'Do Not Disturb')).toMatchObject({ state: 'unknown' });
    });
  });
});
