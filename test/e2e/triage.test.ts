import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useApp } from './fixture';
import { postStorm, STORM } from '../helpers/storm';
import { call, tempDir } from '../helpers/services';
import { sidewaysScrollers } from './layout-checks';

/** What has the keyboard focus, as text (the row's or the heading's words). */
const focused = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
/** The selected row's text. */
const selectedRow = (page: Page) => page.locator('.page-list [aria-current="true"]').innerText();
/** True when the page, or any element in it, scrolls sideways. */
const overflowsSideways = async (page: Page) => (await sidewaysScrollers(page)).length > 0;

describe('a storm of 30 pages, triaged from the keyboard in a 360 px wide window', () => {
  const runbooks = tempDir('baton-e2e-triage-runbooks-');
  beforeAll(() => {
    fs.writeFileSync(path.join(runbooks, 'NodeMemoryHigh.md'), ['# Node memory high', '', '## Diagnose', '', '- [ ] Find the biggest process with `top -o %MEM`'].join('\n'));
  });
  afterAll(() => fs.rmSync(runbooks, { recursive: true, force: true }));
  const app = useApp({
    launch: { viewport: { width: 360, height: 640 } },
    async ready(app) {
      await app.services.settings.update({ identity: { name: 'Alice Example' } });
      await call(app.services, 'runbookSourceAdd', { kind: 'folder', name: 'Team runbooks', path: runbooks });
      await app.services.runbooks.idle();
    },
  });

  it('selects the most urgent page on arrival, acknowledges pages and whole groups with a, and moves on to the next one each time', async () => {
    const { page, services } = app;
    await postStorm(services);
    // Critical pages are announced assertively, the rest politely.
    await expect.poll(() => page.getByTestId('announce-assertive').innerText()).toMatch(/critical/);

    await page.keyboard.press('Control+2');
    await page.getByText(`${STORM.total} open pages, ${STORM.total} unacknowledged.`).waitFor();
    expect(await selectedRow(page)).toMatch(/critical/i);
    const first = await selectedRow(page);
    expect(await overflowsSideways(page)).toBe(false);
    await app.screenshot('triage-360-storm');

    // a: the first critical page is acknowledged and the focus is on the second one.
    await page.keyboard.press('a');
    await expect.poll(() => focused(page)).toMatch(/critical/i);
    expect(await selectedRow(page)).not.toBe(first);
    await page.getByText(/^Checkout success rate below 90%: Acknowledged\.$|^Payments database primary unreachable: Acknowledged\.$/).waitFor();

    // Enter opens it as its own screen (the list is hidden), with Acknowledge in view; Escape goes back.
    await page.keyboard.press('Enter');
    const heading = page.locator('#page-detail-title');
    await heading.waitFor();
    await expect.poll(() => focused(page)).toMatch(/Payments database|Checkout success/);
    expect(await page.getByRole('list', { name: 'Pages' }).isVisible()).toBe(false);
    expect(await page.getByRole('search', { name: 'Filter pages' }).isVisible()).toBe(false);
    const ack = page.getByRole('button', { name: /^Acknowledge/ });
    const box = (await ack.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    expect(box.y + box.height).toBeLessThanOrEqual(640);
    expect(await overflowsSideways(page)).toBe(false);
    await app.screenshot('triage-360-detail');
    await page.keyboard.press('Escape');
    await page.getByRole('list', { name: 'Pages' }).waitFor();
    await expect.poll(() => focused(page)).toMatch(/critical/i);

    // a again: the second critical page; the next unacknowledged one is a NodeMemoryHigh page.
    await page.keyboard.press('a');
    await expect.poll(() => focused(page)).toMatch(/node-\d has less than 5% memory/);
    // r: its runbook opens with the focus on its title; Ctrl+2 comes back to the same page.
    await page.keyboard.press('r');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('runbook-title');
    expect(await focused(page)).toBe('Node memory high');
    await page.keyboard.press('Control+2');
    await page.locator('.page-list [aria-current="true"]').focus();
    await expect.poll(() => focused(page)).toMatch(/node-\d has less than 5% memory/);
    // ←: its group collapses to one row with its count, which a acknowledges whole.
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => focused(page)).toMatch(/NodeMemoryHigh\s*×4/);
    await page.keyboard.press('a');
    await page.getByText('4 pages acknowledged.').waitFor();
    await expect.poll(() => focused(page)).toMatch(/checkout-api-\d\d is restarting/);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => focused(page)).toMatch(/KubePodCrashLooping\s*×24/);
    await app.screenshot('triage-360-group');
    await page.keyboard.press('a');
    await page.getByText('24 pages acknowledged.').waitFor();
    await page.getByText(`${STORM.total} open pages, 0 unacknowledged.`).waitFor();

    const acks = services.journal.records().filter((r) => r.type === 'page.acknowledged');
    expect(acks).toHaveLength(STORM.total);
    expect(new Set(acks.map((r) => (r.data as { pageId: string }).pageId)).size).toBe(STORM.total);
    expect(acks.every((r) => (r.data as { by: string }).by === 'Alice Example')).toBe(true);
    expect(services.hub.get().pages.open.every((p) => p.status === 'acknowledged')).toBe(true);
    expect(await overflowsSideways(page)).toBe(false);

    // Un-acknowledging replaces its button with the Acknowledge form: the focus goes to the page's title.
    // k twice: from the crash-looping group past the memory group to the second critical page.
    await page.keyboard.press('k');
    await page.keyboard.press('k');
    await expect.poll(() => focused(page)).toMatch(/critical/i);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Un-acknowledge' }).click();
    await page.getByText('Acknowledgement withdrawn; the page will notify again.').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('page-detail-title');
    await page.getByRole('button', { name: /^Acknowledge/ }).waitFor();
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
  });

  it('shows every shortcut in a dialog on ?, searches on /, and closes with Escape', async () => {
    const { page } = app;
    await page.keyboard.press('?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await sheet.waitFor();
    for (const text of ['Acknowledge the selected page (or group), then go to the next', 'Add a note', 'Search pages', 'Go to Pages']) await sheet.getByText(text, { exact: true }).waitFor();
    await app.screenshot('triage-360-shortcuts');
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement).type)).toBe('search');
    await page.keyboard.type('node-3');
    await expect.poll(() => page.getByRole('list', { name: 'Pages' }).getByRole('button').count()).toBe(1);
    await page.keyboard.press('Escape');
    await page.getByLabel(/^Search/).fill('');
  });

  it('takes n for a note from a checkbox and from a button', async () => {
    const { page } = app;
    await page.keyboard.press('Control+6');
    const checkbox = page.getByRole('checkbox').first();
    await checkbox.focus();
    await page.keyboard.press('n');
    await expect.poll(() => page.locator('#view-title').innerText()).toBe('Log');
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
  });
});
