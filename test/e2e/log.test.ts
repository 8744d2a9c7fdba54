import fs from 'node:fs';
import path from 'node:path';
import { until } from '../helpers/wait';
import { describe, expect, it } from 'vitest';
import { launchApp } from './harness';
import { useApp } from './fixture';
import { tempDir } from '../helpers/services';
import { seedJournal } from '../helpers/journal';
import { segmentName } from '../../electron/journal';

describe('Log view in Chromium, wired to the real journal', () => {
  const app = useApp();

  const rows = () => app.page.getByRole('list', { name: 'Log entries' }).getByRole('listitem');

  it('adds a note with one keystroke from another view', async () => {
    const { page } = app;
    await expect(page.locator('#view-title').innerText()).resolves.toBe('Shift');
    await page.keyboard.press('n');
    await expect(page.locator('#view-title').innerText()).resolves.toBe('Log');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('new-note');
    await page.keyboard.type('Checked db-3: disk at 91 %, cleanup job stuck');
    await page.keyboard.press('Control+Enter');
    await rows().filter({ hasText: 'cleanup job stuck' }).waitFor();
    await expect(page.locator('#new-note').inputValue()).resolves.toBe('');
    const row = await rows().first().innerText();
    expect(row).toMatch(/CET|CEST|GMT\+1/); // the time names the zone (Europe/Berlin)
    expect(row).toMatch(/Note/i);
  });

  it('adds a follow-up with Ctrl+Shift+N and one from a logged note, then closes one', async () => {
    const { page } = app;
    await page.keyboard.press('Control+1');
    await page.keyboard.press('Control+Shift+N');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('new-note');
    await page.keyboard.type('Find out why the cleanup job hangs');
    await page.getByLabel('Mark as a follow-up').check();
    await page.getByLabel('Owner (optional)').fill('Bob');
    await page.getByLabel('Due (optional)').fill('2026-11-30');
    await page.getByRole('button', { name: 'Save follow-up' }).click();
    const followups = page.getByRole('region', { name: /Open follow-ups/ });
    await followups.getByText('Find out why the cleanup job hangs').waitFor();
    await expect(followups.innerText()).resolves.toMatch(/owner Bob · due Mon, 30 Nov 2026/);

    await rows().filter({ hasText: 'cleanup job stuck' }).getByRole('button', { name: /Follow up this note/ }).click();
    await expect(page.locator('#new-note').inputValue()).resolves.toBe('Checked db-3: disk at 91 %, cleanup job stuck');
    await page.getByRole('button', { name: 'Save follow-up' }).click();
    await followups.getByText('Checked db-3: disk at 91 %, cleanup job stuck').waitFor();
    await expect(page.getByRole('heading', { name: 'Open follow-ups (2)' }).isVisible()).resolves.toBe(true);

    await page.getByRole('button', { name: 'Close follow-up: Checked db-3' }).click();
    await page.getByRole('heading', { name: 'Open follow-ups (1)' }).waitFor();
    await app.screenshot('log-notes-followups');
  });

  it('keeps notes, follow-ups and the closed state across a restart of the services', async () => {
    const { page } = app;
    await app.restart();
    await page.keyboard.press('Control+4');
    await page.getByRole('heading', { name: 'Open follow-ups (1)' }).waitFor();
    await expect(page.getByRole('region', { name: /Open follow-ups/ }).innerText()).resolves.toMatch(/Find out why the cleanup job hangs/);
    await page.getByText('Recently closed (1)').click();
    await page.locator('.followup-list.closed').getByText('Checked db-3').waitFor();
    await expect(rows().count()).resolves.toBe(5); // note, 2 follow-ups (one note saved with it), close
    const texts = await rows().allInnerTexts();
    expect(texts[0]).toMatch(/Closed follow-up: Checked db-3/);
    expect(texts.at(-1)).toMatch(/cleanup job stuck/);
    // Notes show what became of their follow-up instead of offering a second one.
    expect(texts.at(-1)).toMatch(/Follow-up closed/);
    expect(texts.at(-2)).toMatch(/Find out why the cleanup job hangs[\s\S]*Follow-up open/);
  });

  it('filters by kind and by text', async () => {
    const { page } = app;
    await page.getByRole('checkbox', { name: 'Follow-up', exact: true }).click();
    await page.getByText('3 of 5 entries match').waitFor();
    await page.getByPlaceholder('Filter by text').fill('hangs');
    await page.getByText('1 of 5 entries match').waitFor();
    await expect(rows().allInnerTexts()).resolves.toEqual([expect.stringMatching(/Follow-up: Find out why the cleanup job hangs \(owner Bob, due Mon, 30 Nov 2026\)/)]);
    await page.getByPlaceholder('Filter by text').fill('');
    await page.getByRole('checkbox', { name: 'Follow-up', exact: true }).click();
    await page.getByText('5 entries, newest first').waitFor();
  });

  it('opens the note editor from the tray menu', async () => {
    const { page } = app;
    await page.keyboard.press('Control+2');
    let shown = 0;
    app.services.trayAction('add-note', { showWindow: () => shown++, quit: () => undefined });
    await page.waitForFunction(() => document.activeElement?.id === 'new-note');
    expect(shown).toBe(1);
    await expect(page.locator('#view-title').innerText()).resolves.toBe('Log');
  });

  it('refuses a note over 64 KiB in the editor and through the contract', async () => {
    const { page } = app;
    await page.locator('#new-note').fill('x'.repeat(64 * 1024 + 1));
    await expect(page.locator('#note-size').innerText()).resolves.toBe('64.0 of 64 KiB');
    await expect(page.getByRole('button', { name: 'Save note' }).isDisabled()).resolves.toBe(true);
    const message = await page.evaluate(async () => {
      try {
        await window.baton.addNote({ text: 'ö'.repeat(40_000) });
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      }
    });
    expect(message).toMatch(/A note can hold at most 64 KiB; this one is 78.1 KiB/);
    await page.locator('#new-note').fill('');
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
  });

  it('keeps a typed note in the editor when the disk is full, and saves it once there is room', async () => {
    const full = await launchApp(app.browser, { dataDir: tempDir('baton-e2e-full-') });
    try {
      const { page } = full;
      // The first append opens this month's segment, which lives on a device that is always full.
      const segment = path.join(full.dataDir, 'journal', segmentName(new Date().toISOString()));
      fs.symlinkSync('/dev/full', segment);
      await page.keyboard.press('n');
      const text = 'Failover of db-3 started 03:12, replica lag 40 s — do not lose this';
      await page.keyboard.type(text);
      await page.keyboard.press('Control+Enter');
      await page.locator('.note-editor .error-text').getByText(/not saved: .*the disk is full/).waitFor();
      await page.getByRole('alert').filter({ hasText: 'Your note was not saved' }).first().waitFor();
      await expect(page.locator('#new-note').inputValue()).resolves.toBe(text);
      await full.screenshot('log-disk-full');

      await page.keyboard.press('Control+1');
      await page.keyboard.press('Control+4');
      await expect(page.locator('#new-note').inputValue()).resolves.toBe(text);

      fs.rmSync(segment);
      await page.getByRole('button', { name: 'Save note' }).click();
      await page.getByRole('list', { name: 'Log entries' }).getByText(text).waitFor();
      await expect(page.locator('#new-note').inputValue()).resolves.toBe('');
    } finally {
      await full.close();
    }
  });

  it('scrolls a 100,000-entry log smoothly with only the visible rows in the DOM', async () => {
    const dataDir = tempDir('baton-e2e-100k-');
    seedJournal(path.join(dataDir, 'journal'), 100_000);
    const big = await launchApp(app.browser, { dataDir });
    try {
      const { page } = big;
      await page.keyboard.press('Control+4');
      const list = page.getByRole('list', { name: 'Log entries' });
      // The list sits in a scrolling region (day headers and rows are the list's items).
      const scroller = page.getByRole('region', { name: 'Log entries, newest first' });
      await page.getByText('100,000 entries, newest first').waitFor();
      await list.getByText('Resolved “HighLatency api #99995” at the source').waitFor();
      expect(await list.getByRole('listitem').count()).toBeLessThan(60);
      // The day is a header over its entries (in the display zone, named); each row shows only its time.
      await list.getByRole('heading', { name: 'Sun, 9 Aug 2026 (Europe/Berlin)' }).waitFor();
      await expect(list.getByRole('listitem').first().locator('time').innerText()).resolves.toBe('12:39:00 CEST');

      // Jump to the middle and on to the oldest entry: the rows there load and show.
      await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
      await list.getByText(/^Entry 4\d{4}: restarted/).first().waitFor();
      // Rows are measured as they show, so the end moves a little as the last ones come in: scroll on until it stays.
      const oldest = list.getByText(/^Paged “HighLatency api #0” \(warning\) from Alertmanager prod$/);
      await until('the oldest entry in view', async () => {
        await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
        return oldest.isVisible();
      });

      // Wheel through a stretch the way a user would, then look.
      await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight * 0.3));
      await scroller.hover();
      for (let i = 0; i < 10; i++) await page.mouse.wheel(0, 600);
      await page.waitForFunction(() => !document.querySelector('.log-row .muted'), undefined, { timeout: 5_000 });
      expect(await list.getByRole('listitem').count()).toBeLessThan(60);
      await big.screenshot('log-100k-scrolled');
      await page.emulateMedia({ colorScheme: 'dark' });
      await big.screenshot('log-100k-dark');
      expect(big.pageErrors, big.pageErrors.join('\n')).toEqual([]);
    } finally {
      await big.close();
    }
  });
});
