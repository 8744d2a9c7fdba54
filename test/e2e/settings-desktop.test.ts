import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './fixture';
import { lookAtWidths } from './layout-checks';
import { startNotificationServer, type NotificationServer } from '../helpers/notification-server';
import { tempDir } from '../helpers/services';
import { memoryLogger } from '../../electron/log';
import { createDesktopNotifier } from '../../electron/notify/desktop';
import { xdgAutostart, AUTOSTART_FILE } from '../../electron/desktop/xdg-autostart';
import type { UpdaterEvent } from '../../electron/updates';

/** Settings → On this desktop: the notifier in use (a real D-Bus notification service) and launch at login (a real autostart entry). */
describe('Settings: on this desktop', () => {
  const updateListeners: ((event: UpdaterEvent) => void)[] = [];
  let server: NotificationServer;
  const configHome = tempDir('baton-e2e-xdg-');
  const entry = path.join(configHome, 'autostart', AUTOSTART_FILE);
  // Registered before useApp's, so the notification service is up when the app starts.
  beforeAll(async () => {
    server = await startNotificationServer();
  });
  const app = useApp({
    launch: () => ({
      startAt: '2026-11-20T09:00:00Z',
      deps: {
        notifier: createDesktopNotifier({ appName: 'Baton', log: memoryLogger(), platform: 'linux', busAddress: server.address }),
        loginItem: xdgAutostart({ configHome, exec: ['/opt/Baton/baton'] }),
        // The Settings side of updates; electron-updater itself is tested through the built app (test/electron/updates.test.ts).
        updater: {
          inactiveReason: () => null,
          async check() {
            for (const event of [{ type: 'checking' }, { type: 'current' }] as const) updateListeners.forEach((l) => l(event));
          },
          onEvent: (listener) => void updateListeners.push(listener),
          install: () => true,
        },
      },
    }),
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('says how notifications are shown, switches launch at login, and reads well at 360, 720 and 1100 px, light and dark', async () => {
    await app.page.keyboard.press('Control+6');
    const card = app.page.locator('[aria-labelledby="desktop-title"]');
    await card.getByText('a click opens the page, and Acknowledge works from the notification.').waitFor();
    await card.getByText(/Shown through baton-test-notifications 1\.0 \(Baton tests\), over D-Bus/).waitFor();

    const box = card.getByRole('checkbox', { name: 'Start Baton when I log in' });
    expect(await box.isChecked()).toBe(false);
    await card.getByText(/Turned on by itself when you add your first shift/).waitFor();
    await box.check();
    await expect.poll(() => fs.existsSync(entry)).toBe(true);
    expect(await box.isChecked()).toBe(true);
    await card.getByText(`Baton starts in the tray, without its window. Set in ${entry}.`).waitFor();

    await card.getByText(/^Updates: Baton 0\.0\.0-test\. Updates are checked once a day\.$/).waitFor();
    await card.getByRole('button', { name: 'Check for updates' }).click();
    await card.getByText(/Baton 0\.0\.0-test is the latest version\. Last checked Fri 20 Nov, 10:0\d CET\./).waitFor();

    await lookAtWidths(app.page, { height: 800, axe: ['[aria-labelledby="desktop-title"]'] }, async (width, colorScheme) => {
      await card.scrollIntoViewIfNeeded();
      await app.screenshot(`settings-desktop-${width}-${colorScheme}`);
    });
    await box.uncheck();
    await expect.poll(() => fs.existsSync(entry)).toBe(false);
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
  });
});
