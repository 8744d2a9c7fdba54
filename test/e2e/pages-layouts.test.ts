import { AxeBuilder } from '@axe-core/playwright';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useApp } from './fixture';
import { postStorm, STORM } from '../helpers/storm';
import { POPOVER_SIZE } from '../../electron/window-layout';
import { sidewaysScrollers, visiblePageRows } from './layout-checks';

const WIDTHS = [360, 720, 1100] as const;
const SCHEMES = ['light', 'dark'] as const;
const HEIGHT = 750;

/** Critical and serious axe findings inside the given parts of the page. */
async function axeProblems(page: Page, ...parts: string[]): Promise<string[]> {
  let builder = new AxeBuilder({ page });
  for (const part of parts) builder = builder.include(part);
  const results = await builder.analyze();
  return results.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Each state of the Pages view, the shortcut sheet and the tray popover at 360, 720 and 1100 px, light and dark: looked at, checked with axe, never scrolling sideways. */
describe('Pages, the shortcut sheet and the tray popover at every size and theme', () => {
  const app = useApp({
    launch: { viewport: { width: 1100, height: HEIGHT }, startAt: '2026-11-30T03:02:00.000Z' },
    ready: (app) => void app.services.settings.update({ identity: { name: 'Alice Example' } }),
  });

  async function look(name: string, ...parts: string[]) {
    for (const colorScheme of SCHEMES) {
      await app.page.emulateMedia({ colorScheme });
      await app.screenshot(`${name}-${colorScheme}`);
      expect(await axeProblems(app.page, ...parts), `${name} ${colorScheme}`).toEqual([]);
    }
    expect(await sidewaysScrollers(app.page), name).toEqual([]);
  }

  it('the empty view', async () => {
    await app.page.keyboard.press('Control+2');
    await app.page.getByText('No pages yet.').waitFor();
    for (const width of WIDTHS) {
      await app.page.setViewportSize({ width, height: HEIGHT });
      await look(`pages-empty-${width}`, '.pages-view', '.sidebar');
    }
  });

  it('a storm of 30, grouped; the selected page; the small-window detail screen; the shortcut sheet', async () => {
    await postStorm(app.services);
    await app.page.getByText(`${STORM.total} open pages, ${STORM.total} unacknowledged.`).waitFor();
    for (const width of WIDTHS) {
      await app.page.setViewportSize({ width, height: HEIGHT });
      await app.page.locator('.page-list [aria-current="true"]').waitFor();
      await look(`pages-storm-${width}`, '.pages-view', '.sidebar');
      if (width >= 820) {
        // Side by side: the selection's details are in view beside the list.
        await app.page.keyboard.press('j');
        await app.page.locator('#page-detail-title').waitFor();
        await look(`pages-detail-${width}`, '.pages-view');
      } else {
        await app.page.locator('.page-list [aria-current="true"]').focus();
        await app.page.keyboard.press('Enter');
        await app.page.locator('#page-detail-title').waitFor();
        await look(`pages-detail-screen-${width}`, '.pages-view');
        await app.page.keyboard.press('Escape');
        await app.page.getByRole('list', { name: 'Pages' }).waitFor();
      }
      await app.page.keyboard.press('?');
      await app.page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      await look(`shortcut-sheet-${width}`, '.shortcut-sheet');
      await app.page.keyboard.press('Escape');
      await app.page.getByRole('dialog').waitFor({ state: 'detached' });
    }
  });

  it('the view shows at least 12 page rows at 1100×750 with 30 open pages', async () => {
    await app.page.setViewportSize({ width: 1100, height: HEIGHT });
    const visible = await visiblePageRows(app.page);
    expect(visible).toBeGreaterThanOrEqual(12);
  });

  it('never scrolls sideways from 360 to 1920 px, across the breakpoints of the sidebar and the list', async () => {
    for (const width of [360, 400, 599, 600, 819, 820, 999, 1000, 1400, 1920]) {
      await app.page.setViewportSize({ width, height: HEIGHT });
      await app.page.locator('.page-list [aria-current="true"]').waitFor();
      expect(await sidewaysScrollers(app.page), `${width} px`).toEqual([]);
    }
  });

  it('the tray popover: the shift, open pages grouped with Ack, and Open Baton', async () => {
    const { page, services } = app;
    await page.setViewportSize(POPOVER_SIZE);
    // The popover is the same renderer at #popover: a new document, as the popover window loads it.
    await page.goto(`${app.origin}/index.html#popover`);
    await page.reload();
    await page.getByRole('heading', { name: `${STORM.total} open pages, ${STORM.total} unacknowledged` }).waitFor();
    await look('popover', '.popover');
    await page.getByRole('button', { name: 'Ack 4 NodeMemoryHigh pages' }).click();
    await page.getByText('NodeMemoryHigh: 4 pages acknowledged.').waitFor();
    await page.getByRole('heading', { name: `${STORM.total} open pages, ${STORM.total - 4} unacknowledged` }).waitFor();
    expect(services.journal.records().filter((r) => r.type === 'page.acknowledged')).toHaveLength(4);
    await page.emulateMedia({ colorScheme: 'light' });
    await app.screenshot('popover-after-ack-light');

    const before = services.windowShown;
    await page.getByRole('button', { name: 'Open Baton' }).click();
    await expect.poll(() => services.windowShown).toBe(before + 1);
    await page.getByRole('list', { name: 'Open pages' }).getByRole('button', { name: 'Payments database primary unreachable', exact: true }).click();
    await expect.poll(() => services.windowShown).toBe(before + 2);
    await page.setViewportSize({ width: 720, height: HEIGHT });
    expect(await sidewaysScrollers(page)).toEqual([]);
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
  });
});
