import { describe, expect, it } from 'vitest';
import { useApp } from './fixture';
import { lookAtWidths } from './layout-checks';
import { connect } from '../../electron/cli/client';

/**
 * What an assistant read, in the Log: journaled by the app as it serves `baton mcp`'s requests
 * (the same client over the local API), shown under the Assistant kind, in every width and scheme.
 */
describe('assistant reads in the Log', () => {
  const app = useApp();
  const rows = () => app.page.getByRole('list', { name: 'Log entries' }).getByRole('listitem');

  it('lists each read under Assistant, names the page it read, and filters to them', async () => {
    const { services, page } = app;
    await services.pages.ingest({ id: 'webhook', name: 'payments-am' }, [
      { pageId: 'webhook:crash-1', kind: 'generic', dedupKey: 'crash-1', title: 'payments-api is crash looping', severity: 'critical', labels: {}, annotations: {}, startsAt: new Date(services.deps.clock.now()).toISOString(), firing: true },
    ]);
    await services.journal.append('note.added', { id: 'n-1', text: 'Rolled back payments-api' });
    for (const tool of [{ name: 'open_pages' }, { name: 'page_details', pageId: 'webhook:crash-1' }] as const) {
      const c = await connect(services.deps.dataDir, 'assistant', tool);
      if (!c) throw new Error('the local API is not listening');
      await c.call('getState');
      c.close();
    }
    await page.keyboard.press('Control+4');
    await rows().filter({ hasText: 'its history and runbook' }).waitFor();
    expect(await rows().filter({ hasText: 'Assistant read the page “payments-api is crash looping”, its history and runbook (page_details)' }).count()).toBe(1);

    await page.getByRole('checkbox', { name: 'Assistant', exact: true }).click();
    await page.getByText(/^2 of \d+ entries match/).waitFor();
    expect((await rows().allInnerTexts()).map((t) => t.includes('Assistant read'))).toEqual([true, true]);

    await lookAtWidths(page, { height: 700, axe: ['main'], noSideways: false }, async (width, colorScheme) => {
      await rows().first().scrollIntoViewIfNeeded();
      await app.screenshot(`log-assistant-${width}-${colorScheme}`);
    });
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
  });
});
