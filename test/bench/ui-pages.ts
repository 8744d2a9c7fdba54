import type { Browser } from 'playwright-core';
import { launchApp } from '../e2e/harness';
import { sidewaysScrollers, visiblePageRows } from '../e2e/layout-checks';
import { postStorm, postToWebhook, STORM } from '../helpers/storm';
import { VIEWS } from '../../renderer/navigation';
import { until } from '../helpers/wait';
import { progress, type Metric } from './metric';

/** Key presses allowed before the measurement gives up (a path that long has failed anyway). */
const MAX_KEYS = 60;

/**
 * The shell's and the Pages view's figures of `npm run bench -- ui`, measured in real Chromium
 * against the real services: views that scroll sideways at 360 px, page rows visible at 1100×750
 * with 30 open pages, and key presses from a page's arrival to its acknowledgement.
 */
export const pagesUi = {
  metrics: ['ui.overflow_views_360', 'ui.pages_visible_1100', 'ui.tabs_to_ack'],
  async measure(browser: Browser): Promise<Metric[]> {
    return [await overflowViews360(browser), await pagesVisible1100(browser), await keysToAck(browser)];
  },
};

/** Every view at 360×750, with a storm of pages in (so Pages and the views that show pages have content). */
async function overflowViews360(browser: Browser): Promise<Metric> {
  const app = await launchApp(browser, { viewport: { width: 360, height: 750 } });
  try {
    await postStorm(app.services);
    const overflowing: string[] = [];
    for (const view of VIEWS) {
      await app.page.keyboard.press(`Control+${view.digit}`);
      await app.page.waitForFunction((label) => document.getElementById('view-title')?.textContent === label, view.label);
      await app.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const scrollers = await sidewaysScrollers(app.page);
      if (scrollers.length > 0) overflowing.push(`${view.id} (${scrollers.slice(0, 3).join(', ')})`);
    }
    progress(`views scrolling sideways at 360 px: ${overflowing.join('; ') || 'none'}`);
    return { metric: 'ui.overflow_views_360', value: overflowing.length, unit: 'count', budget: 0, better: 'lower' };
  } finally {
    await app.close();
  }
}

async function pagesVisible1100(browser: Browser): Promise<Metric> {
  const app = await launchApp(browser, { viewport: { width: 1100, height: 750 } });
  try {
    await postStorm(app.services);
    await app.page.keyboard.press('Control+2');
    await app.page.getByText(`${STORM.total} open pages`, { exact: false }).waitFor();
    await app.page.locator('.page-list [aria-current="true"]').waitFor();
    const rows = await visiblePageRows(app.page);
    progress(`page rows visible at 1100×750 with ${STORM.total} open pages: ${rows}`);
    return { metric: 'ui.pages_visible_1100', value: rows, unit: 'count', budget: 12, better: 'higher' };
  } finally {
    await app.close();
  }
}

/**
 * The user is on another view (Shift, where Baton opens) when a critical page arrives through the
 * webhook. The keys: Ctrl+2 to Pages, then `j` until the new page is the selected one, then `a`;
 * counted until the page's acknowledgement is journaled.
 */
async function keysToAck(browser: Browser): Promise<Metric> {
  const app = await launchApp(browser, { viewport: { width: 1100, height: 750 } });
  try {
    // Pages already open and acknowledged are what a busy shift looks like; the new one must be found among them.
    await postStorm(app.services);
    await app.services.handlers.ackPages({ pageIds: app.services.hub.get().pages.open.map((p) => p.id), minutes: 60 });
    await postToWebhook(app.services, { title: 'Checkout API down in eu-west-1', severity: 'critical', source: 'synthetics', dedupKey: 'checkout-down' });
    // Saved is not yet published: wait for the window's slice to have it.
    const pageId = (await until('the new page in the pages slice', () => app.services.hub.get().pages.open.find((p) => p.status === 'triggered'))).id;
    let keys = 0;
    const press = async (key: string) => {
      keys++;
      await app.page.keyboard.press(key);
    };
    await press('Control+2');
    await app.page.locator('.page-list [aria-current="true"]').waitFor();
    while (keys < MAX_KEYS && !(await app.page.locator('.page-list [aria-current="true"]').innerText()).includes('Checkout API down')) await press('j');
    await press('a');
    await until('the page to be acknowledged', () =>
      app.services.journal.records().some((r) => r.type === 'page.acknowledged' && (r.data as { pageId: string }).pageId === pageId),
    );
    progress(`keys from the page's arrival to its acknowledgement: ${keys}`);
    return { metric: 'ui.tabs_to_ack', value: keys, unit: 'count', budget: 3, better: 'lower' };
  } finally {
    await app.close();
  }
}
