import { afterEach, describe, expect, it } from 'vitest';
import { wire } from '../../shared/contract';
import { bootBuiltApp, freePort, type BootedApp } from './stand-in/boot';
import { startNotificationServer, type NotificationServer } from '../helpers/notification-server';
import { until } from '../helpers/wait';

/**
 * The built app's notifications through the edge: the app speaks D-Bus to the session bus it finds
 * in its environment (here a test-side notification server on a private bus); a click reaches the
 * window through electron/app, and a button acknowledges the page without the window.
 */
describe('notifications you can act on, in the built app under the Electron stand-in', () => {
  let app: BootedApp | undefined;
  let server: NotificationServer | undefined;
  const previousBus = process.env.DBUS_SESSION_BUS_ADDRESS;
  afterEach(async () => {
    await app?.quit();
    await server?.stop();
    if (previousBus === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
    else process.env.DBUS_SESSION_BUS_ADDRESS = previousBus;
  });

  async function postPage(booted: BootedApp): Promise<void> {
    const window = booted.control.windows()[0];
    const copied = (await booted.module.ipcMain.invoke(window.webContents, window.webContents.mainFrame, wire.request('copyWebhookExample'))) as { ok: boolean };
    expect(copied.ok).toBe(true);
    const curl = booted.control.record.clipboard.at(-1)!;
    const url = /'(http:\/\/127\.0\.0\.1:\d+\/webhook)'/.exec(curl)![1];
    const token = /Bearer ([^']+)'/.exec(curl)![1];
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'CheckoutErrorRate: 5xx above 2%', severity: 'critical', source: 'grafana', dedupKey: 'checkout-5xx' }),
    });
    expect(response.status).toBe(200);
  }

  it('a click brings the hidden window up on the page; Acknowledge from the bubble acknowledges it', async () => {
    server = await startNotificationServer();
    process.env.DBUS_SESSION_BUS_ADDRESS = server.address;
    app = await bootBuiltApp({ settings: { pageSources: { webhook: { port: await freePort() } } } });
    const window = await until('the main window to show', () => app!.control.windows().find((w) => w.isVisible()));
    window.close(); // to the tray
    expect(window.isVisible()).toBe(false);

    await postPage(app);
    const [bubble] = await server.waitForCalls(1);
    expect(bubble).toMatchObject({ appName: 'Baton', summary: 'CheckoutErrorRate: 5xx above 2%', expireTimeout: 0 });
    expect(bubble.actions).toEqual(['default', 'Open', 'ack', 'Acknowledge']);

    server.invoke(bubble.id, 'default', { close: false });
    await until('the window to come up', () => window.isVisible() && window.isFocused());
    const navigate = await until('the window to be sent to the page', () => app!.control.record.sent.find((m) => m.channel === wire.event('navigate')));
    const page = await until('the page in the state', async () => {
      const state = (await app!.module.ipcMain.invoke(window.webContents, window.webContents.mainFrame, wire.request('getState'))) as {
        value: { pages: { open: { id: string; status: string }[] } };
      };
      return state.value.pages.open[0];
    });
    expect(navigate.args[0]).toEqual({ view: 'pages', id: page.id });

    window.hide();
    server.invoke(bubble.id, 'ack');
    await until('the ack to reach the window', () =>
      app!.control.record.sent.some((m) => m.channel === wire.event('state') && JSON.stringify(m.args).includes('"status":"acknowledged"')),
    );
    // Acknowledged from the bubble: the window stayed in the tray.
    expect(window.isVisible()).toBe(false);
  });
});
