import { describe, expect, it } from 'vitest';
import { useApp } from './fixture';
import { VIEWS } from '../../renderer/navigation';

describe('app shell in Chromium, wired to the real services', () => {
  const app = useApp();

  it('loads the shell with every view in the navigation', async () => {
    const nav = app.page.getByRole('navigation', { name: 'Baton' });
    const labels = await nav.getByRole('list').getByRole('button').allInnerTexts();
    expect(labels.map((l) => l.split('\n')[0])).toEqual(VIEWS.map((v) => v.label));
    await nav.getByRole('button', { name: 'Shortcuts' }).waitFor();
    await expect(app.page.locator('#view-title').innerText()).resolves.toBe('Shift');
  });

  it('navigates by click and by keyboard, and screenshots every view', async () => {
    for (const view of VIEWS) {
      await app.page.getByRole('button', { name: new RegExp(`^${view.label}`) }).click();
      await expect(app.page.locator('#view-title').innerText()).resolves.toBe(view.label);
      await app.screenshot(`shell-${view.id}`);
    }
    await app.page.keyboard.press('Control+4');
    await expect(app.page.locator('#view-title').innerText()).resolves.toBe('Log');
    await app.page.keyboard.press('Control+1');
    await expect(app.page.locator('#view-title').innerText()).resolves.toBe('Shift');
    const current = app.page.locator('[aria-current="page"]');
    await expect(current.innerText()).resolves.toMatch(/^Shift/);
  });

  it('persists a setting changed in the UI in the real settings store, across a restart of the services', async () => {
    await app.page.keyboard.press('Control+6');
    await app.page.getByLabel('Your name').fill('Alice Example');
    await app.page.getByLabel('Your e-mail addresses').fill('alice@example.com, a.example@corp.example');
    await app.page.getByLabel('Time zone').selectOption('America/New_York');
    await app.page.getByRole('button', { name: 'Save settings' }).click();
    await app.page.getByText('Saved.').waitFor();
    expect(app.services.settings.get().identity.name).toBe('Alice Example');

    await app.restart();
    expect(app.services.settings.get().identity).toEqual({
      name: 'Alice Example',
      emails: ['alice@example.com', 'a.example@corp.example'],
    });
    expect(app.services.settings.get().timeZone).toBe('America/New_York');
    await app.page.keyboard.press('Control+6');
    await expect(app.page.getByLabel('Your name').inputValue()).resolves.toBe('Alice Example');
    await app.screenshot('settings-after-restart');
  });

  it('rejects an invalid call through the contract with a readable error', async () => {
    const result = await app.page.evaluate(async () => {
      try {
        // A time zone that does not exist and a field the contract does not know.
        await window.baton.updateSettings({ timeZone: 'Mars/Olympus_Mons' });
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      }
    });
    expect(result).toMatch(/invalid-args|unknown time zone/);
    expect(app.services.settings.get().timeZone).toBe('America/New_York');
  });

  it('refuses calls from a subframe even though it can reach the bridge', async () => {
    const result = await app.page.evaluate(async () => {
      const frame = document.createElement('iframe');
      frame.srcdoc = '<p>untrusted</p>';
      document.body.append(frame);
      await new Promise((resolve) => frame.addEventListener('load', resolve));
      const baton = (frame.contentWindow as Window).baton;
      try {
        await baton.getState();
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      } finally {
        frame.remove();
      }
    });
    expect(result).toMatch(/may not use/);
  });

  it('applies state pushed by main without a reload (pause from the tray)', async () => {
    await app.page.keyboard.press('Control+6');
    app.services.trayAction('pause-15', { showWindow: () => undefined, quit: () => undefined });
    await app.page.getByText(/Paused until/).waitFor();
    await app.screenshot('settings-paused');
    await app.page.getByRole('button', { name: 'Resume now' }).click();
    await app.page.getByText('Notifications are on.').waitFor();
    expect(app.pageErrors, app.pageErrors.join("\n")).toEqual([]);
  });

  it('follows the OS dark mode', async () => {
    await app.page.emulateMedia({ colorScheme: 'dark' });
    const bg = await app.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(22, 24, 29)');
    await app.screenshot('shell-dark');
    await app.page.emulateMedia({ colorScheme: 'light' });
  });
});
