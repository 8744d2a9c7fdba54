import { describe, expect, it } from 'vitest';
import { useApp } from './fixture';
import { lookAtWidths } from './layout-checks';
import { WEBHOOK_SOURCE_ID } from '../../electron/pages';

/** Investigation notes on a page in the Pages view: tried, ruled out, a checkpoint in the user's zone. */
const START = '2026-11-10T21:00:00.000Z'; // Tue 22:00 Berlin

describe('investigation notes in the Pages view', () => {
  const app = useApp({
    launch: { startAt: START, viewport: { width: 1100, height: 900 } },
    async ready(app) {
      await app.services.pages.ingest({ id: WEBHOOK_SOURCE_ID, name: 'payments' }, [
        { pageId: `${WEBHOOK_SOURCE_ID}:CheckoutErrors`, kind: 'generic', dedupKey: 'CheckoutErrors', title: 'CheckoutErrors', severity: 'critical', labels: { alertname: 'CheckoutErrors' }, annotations: {}, startsAt: START, firing: true },
      ]);
    },
  });

  it('adds what was tried and ruled out, and a checkpoint Baton reminds at', async () => {
    const { page } = app;
    await page.keyboard.press('Control+2');
    await page.getByRole('list', { name: 'Pages' }).getByRole('button').first().click();
    const detail = page.getByRole('article');
    await detail.getByRole('heading', { name: 'Investigation' }).waitFor();
    await detail.getByLabel('What').fill('Rolled back checkout 4.2');
    await detail.getByRole('button', { name: 'Add' }).click();
    await detail.getByText('Saved; it goes into the handoff.').waitFor();
    await detail.getByRole('combobox', { name: /^Note/ }).selectOption('ruled-out');
    await detail.getByLabel('What').fill('the database: latency normal');
    await detail.getByRole('button', { name: 'Add' }).click();
    await detail.getByRole('combobox', { name: /^Note/ }).selectOption('checkpoint');
    await detail.getByLabel('At (Europe/Berlin)').fill('2026-11-10T22:45');
    await detail.getByLabel('What').fill('error rate below 1 %?');
    await detail.getByRole('button', { name: 'Add' }).click();
    await detail.getByText('Baton reminds you at Tue 10 Nov, 22:45 CET.').waitFor();
    const list = detail.locator('.investigation-list li');
    await expect.poll(() => list.count()).toBe(3);
    expect(await list.nth(2).innerText()).toMatch(/^Next checkpoint at Tue 10 Nov, 22:45 CET: error rate below 1 %\?/);
    const checkpoint = app.services.journal.records().find((r) => r.type === 'page.investigation' && (r.data as { kind: string }).kind === 'checkpoint');
    expect(checkpoint?.data).toMatchObject({ checkpointAt: '2026-11-10T21:45:00.000Z' });
  });

  it('looks right at 360, 720 and 1100 px, light and dark, with no serious accessibility problem', async () => {
    const { page } = app;
    const back = async (width: number) => {
      if (width < 820) {
        await page.keyboard.press('Escape');
        await page.getByRole('list', { name: 'Pages' }).waitFor();
      }
    };
    await lookAtWidths(page, { height: 900, axe: ['.investigation'], noSideways: false, after: back }, async (width, colorScheme) => {
      // Below 820 px the list and the details are two screens: open the page's screen.
      if (width < 820) {
        await page.locator('.page-list [aria-current="true"]').focus();
        await page.keyboard.press('Enter');
      }
      await page.locator('#page-detail-title').waitFor();
      await page.getByRole('heading', { name: 'Investigation' }).scrollIntoViewIfNeeded();
      await app.screenshot(`investigation-${width}-${colorScheme}`);
    });
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
  });
});
