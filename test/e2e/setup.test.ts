import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { useApp } from './fixture';
import { call, tempDir } from '../helpers/services';
import { CRASHLOOP_RUNBOOK, writeFiles } from '../helpers/runbooks';
import { until } from '../helpers/wait';

/** First run: a checklist across views, ticked from the real state, each step a link to where it is done. */
describe('first-run setup in Chromium, wired to the real services', () => {
  const app = useApp();
  const folders: string[] = [];
  afterAll(() => {
    for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
  });
  const checklist = () => app.page.getByRole('region', { name: /Set up Baton/ });

  it('starts with nothing done and links each step to where it is done', async () => {
    const { page } = app;
    await checklist().getByText('0 of 5 done').waitFor();
    await checklist().getByRole('button', { name: 'Set your name in Settings' }).click();
    await page.locator('#view-title', { hasText: 'Settings' }).waitFor();
    // The link lands on the field itself: typing goes straight in.
    await until('the name field to have the focus', () => page.evaluate(() => document.activeElement?.closest('form')?.getAttribute('aria-labelledby') === 'general-title'));
    await page.keyboard.type('Alice Example');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await until('the name saved', () => app.services.settings.get().identity.name === 'Alice Example');

    await page.keyboard.press('Control+1');
    await checklist().getByText('1 of 5 done').waitFor();
    await expect(checklist().getByRole('listitem').first().innerText()).resolves.toMatch(/Who you are\s*: done/);
    await checklist().getByRole('button', { name: 'Add a runbook folder or repository' }).click();
    await page.locator('#view-title', { hasText: 'Runbooks' }).waitFor();
    await until('the runbook sources heading to have the focus', () => page.evaluate(() => document.activeElement?.id === 'sources-title'));
  });

  it('ticks the steps as the real state changes, and sends a real test notification', async () => {
    const { page } = app;
    const folder = tempDir('baton-e2e-setup-');
    folders.push(folder);
    writeFiles(folder, { 'crash.md': CRASHLOOP_RUNBOOK });
    await call(app.services, 'runbookSourceAdd', { kind: 'folder', name: 'Team runbooks', path: folder });
    await page.keyboard.press('Control+1');
    await checklist().getByText('2 of 5 done').waitFor();

    await checklist().getByRole('button', { name: 'Send a test notification' }).click();
    await checklist().getByText('3 of 5 done').waitFor();
    expect(app.services.notified.map((n) => n.title)).toEqual(['Baton test notification']);
    expect(app.services.settings.get().setup.testNotificationAt).not.toBe('');
    await app.screenshot('setup-checklist');
  });

  it('shows where to send pages with the token on request, and that address takes a page', async () => {
    const { page } = app;
    await page.keyboard.press('Control+2');
    const address = page.getByLabel('Webhook URL with its token');
    await expect(address.innerText()).resolves.toMatch(/\?token=•+$/);
    expect(await page.content()).not.toContain(app.services.pages.webhookToken());
    await page.getByRole('button', { name: 'Show token' }).click();
    await expect.poll(() => address.innerText()).toContain(app.services.pages.webhookToken());
    const url = await address.innerText();
    await page.getByRole('button', { name: 'Copy URL' }).click();
    await expect.poll(() => app.services.copied.at(-1)).toBe(url);
    // A sender that cannot set a header posts to exactly that.
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Disk almost full on db-1', severity: 'warning', source: 'cron', dedupKey: 'disk-db-1' }) });
    expect(response.status).toBe(200);
    await page.getByText('Disk almost full on db-1').first().waitFor();
  });

  it('asks before removing, keeps on Escape with the focus back on Remove, and removes on Yes', async () => {
    const { page } = app;
    await page.keyboard.press('Control+3');
    const remove = page.getByRole('button', { name: 'Remove “Team runbooks”' });
    await remove.click();
    const ask = page.getByRole('group', { name: 'Remove “Team runbooks”?' });
    await expect(ask.getByRole('button', { name: 'Keep' }).evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.keyboard.press('Escape');
    await until('the focus back on Remove', () => remove.evaluate((el) => el === document.activeElement));
    expect(app.services.hub.get().runbooks.sources.map((s) => s.name)).toContain('Team runbooks');

    await remove.click();
    await ask.getByRole('button', { name: 'Yes, remove' }).click();
    await until('the source removed', () => !app.services.hub.get().runbooks.sources.some((s) => s.name === 'Team runbooks'));
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
  });
});
