import { describe, expect, it } from 'vitest';
import { useApp } from './fixture';
import { lookAtWidths } from './layout-checks';
import { pageLink, sourcePagesLink } from '../../shared/links';
import type { IncomingAlert } from '../../electron/pages/normalise';

const alert = (n: number, title: string): IncomingAlert => ({
  pageId: `wh:e2e-${n}`,
  kind: 'generic',
  dedupKey: `e2e-${n}`,
  title,
  severity: 'warning',
  labels: { alertname: title.split(':')[0] },
  annotations: {},
  startsAt: '2026-11-20T08:55:00.000Z',
  firing: true,
});

/** Where a grouped notification's click (or any baton:// link) takes the window: through main's openLink, as the edge calls it. */
describe('Pages opened from a notification or a baton:// link', () => {
  const app = useApp({
    launch: { startAt: '2026-11-20T09:00:00Z' },
    async ready(app) {
      await app.services.pages.ingest({ id: 'payments-am', name: 'payments-am' }, [alert(1, 'PodCrashLooping: api-1'), alert(2, 'PodCrashLooping: api-2'), alert(3, 'CheckoutSlow: p99')]);
      await app.services.pages.ingest({ id: 'search-am', name: 'search-am' }, [alert(4, 'IndexLag: 5 min')]);
      await app.services.pages.ack('wh:e2e-3', 30, '', 'app');
    },
  });

  it('a group opens Pages filtered to that source’s unacknowledged pages; a page link selects the page', async () => {
    expect(app.services.openLink(sourcePagesLink('payments-am'))).toBe(true);
    const filters = app.page.getByRole('search', { name: 'Filter pages' });
    await expect.poll(() => filters.getByLabel('Source').inputValue()).toBe('payments-am');
    expect(await filters.getByLabel('Show').inputValue()).toBe('unacknowledged');
    const list = app.page.getByRole('list', { name: 'Pages' });
    // The two crash-looping pages of payments-am, as one group of two; nothing else.
    const rows = list.locator('[data-row-key]');
    await expect.poll(() => rows.allInnerTexts().then((t) => t.join('\n'))).toMatch(/PodCrashLooping[\s\S]*×2[\s\S]*2 unacknowledged/);
    const shown = (await rows.allInnerTexts()).join('\n');
    expect(shown).toMatch(/api-1/);
    expect(shown).toMatch(/api-2/);
    expect(shown).not.toMatch(/CheckoutSlow|IndexLag/);

    await lookAtWidths(app.page, { height: 750, axe: ['.pages-view'], noSideways: false }, async (width, colorScheme) => {
      await app.screenshot(`pages-group-link-${width}-${colorScheme}`);
    });

    expect(app.services.openLink(pageLink('wh:e2e-4'))).toBe(true);
    await app.page.getByRole('article').getByText('IndexLag: 5 min').first().waitFor();
    // No filter left from the group hides the page in the list.
    await expect.poll(() => filters.getByLabel('Source').inputValue()).toBe('');
    await list.getByRole('button', { name: /IndexLag/ }).waitFor();
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
  });
});
