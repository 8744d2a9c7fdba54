import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './fixture';
import { lookAtWidths } from './layout-checks';
import { call } from '../helpers/services';
import { emptySessionBus } from '../helpers/session-bus';
import { freePort } from '../helpers/alertmanager';
import { linuxDesktop } from '../../electron/readiness/desktop';

/**
 * The readiness card in the Shift view, an hour before Alice's shift: offered, run, a dead
 * notification service and an unreachable source each shown with their fix, the test notification
 * confirmed. (The notification service check asks a real, empty session bus.)
 */
const START = '2026-03-11T09:30:00.000Z'; // Wed 10:30 Berlin; Alice's daily turn starts 11:30

describe('the readiness check in the Shift view', () => {
  let bus: Awaited<ReturnType<typeof emptySessionBus>>;
  beforeAll(async () => {
    bus = await emptySessionBus();
  });
  afterAll(async () => {
    await bus?.stop();
  });
  const app = useApp({
    launch: () => ({ startAt: START, viewport: { width: 1100, height: 900 }, deps: { desktop: linuxDesktop({ DBUS_SESSION_BUS_ADDRESS: bus.address }) } }),
    async ready(app) {
      await call(app.services, 'updateSettings', { identity: { name: 'Alice Example', emails: [] } });
      await call(app.services, 'addScheduleSource', {
        kind: 'rotation',
        name: 'Payments primary',
        rotation: { members: ['Bob Builder', 'Alice Example'], handoffTime: '11:30', handoffWeekday: 1, length: 'daily', startDate: '2026-03-10', timeZone: 'Europe/Berlin', overrides: [] },
      });
      await call(app.services, 'savePageSource', { name: 'payments-am', url: `http://127.0.0.1:${await freePort()}`, intervalSeconds: 3600 });
    },
  });

  it('is offered before the shift, and shows what is wrong with how to fix it', async () => {
    const { page } = app;
    await page.getByText('Your shift starts Wed 11 Mar, 11:30 CET: check that pages reach you.').waitFor();
    await page.getByRole('button', { name: 'Run readiness check' }).click();
    const card = page.getByRole('region', { name: 'Readiness check' });
    await card.getByText(/problem\(s\): pages may not reach you/).waitFor();
    await card.getByText('No notification service answers on the session bus.').waitFor();
    await card.getByText(/Fix: Start your desktop’s notification service/).first().waitFor();
    await card.getByText(/Alert source payments-am/).waitFor();
    await card.getByText(/could not be reached \(ECONNREFUSED\)/).waitFor();
    await card.getByRole('button', { name: 'Yes, I saw and heard it' }).click();
    await card.getByText('You confirmed you saw and heard it: alerting verified.').waitFor();
    const types = app.services.journal.records().map((r) => r.type);
    expect(types).toContain('readiness.checked');
    expect(types).toContain('readiness.confirmed');
  });

  it('looks right at 360, 720 and 1100 px, light and dark, with no serious accessibility problem', async () => {
    const { page } = app;
    await lookAtWidths(page, { height: 900, axe: ['.readiness'] }, async (width, colorScheme) => {
      await page.getByRole('heading', { name: 'Readiness check' }).scrollIntoViewIfNeeded();
      await app.screenshot(`readiness-${width}-${colorScheme}`);
    });
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
  });
});
