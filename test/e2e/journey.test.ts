import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './fixture';
import { call, tempDir } from '../helpers/services';

/**
 * A night on call across every feature, through the UI: a page arrives on the webhook, its
 * runbook opens from the page, a step is ticked, the page is acknowledged, a note is written,
 * and all of it shows up in the Log and in the handoff preview.
 */
describe('a night on call, end to end in Chromium', () => {
  const runbooks = tempDir('baton-e2e-journey-runbooks-');

  beforeAll(async () => {
    fs.writeFileSync(
      path.join(runbooks, 'CheckoutErrorRate.md'),
      [
        '---',
        'service: checkout',
        'team: payments',
        '---',
        '# Checkout error rate',
        '',
        '## Diagnose',
        '',
        '- [ ] Check the last deploy of checkout-api',
        '- [ ] Look at the 5xx by route in the dashboard',
        '',
        '## Mitigate',
        '',
        '```sh',
        'kubectl -n payments rollout undo deploy/checkout-api',
        '```',
      ].join('\n'),
    );
  });
  afterAll(() => fs.rmSync(runbooks, { recursive: true, force: true }));
  const app = useApp({
    async ready(app) {
      await call(app.services, 'updateSettings', { identity: { name: 'Alice Example', emails: ['alice@example.com'] } });
      await call(app.services, 'runbookSourceAdd', { kind: 'folder', name: 'Team runbooks', path: runbooks });
      await app.services.runbooks.idle();
    },
  });

  it('goes from the page to its runbook, the Log and the handoff', async () => {
    const response = await fetch(app.services.pages.webhookUrl()!, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.services.pages.webhookToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'CheckoutErrorRate: 5xx above 2% for 5 minutes',
        severity: 'critical',
        source: 'grafana',
        dedupKey: 'checkout-5xx',
        labels: { alertname: 'CheckoutErrorRate', service: 'checkout', team: 'payments' },
        details: { value: '2.4%' },
      }),
    });
    expect(response.status).toBe(200);
    // The notification went out as a sticky critical one.
    await expect.poll(() => app.services.notified.map((n) => [n.title, n.sticky])).toContainEqual([
      expect.stringContaining('CheckoutErrorRate'),
      true,
    ]);

    await app.page.keyboard.press('Control+2');
    await app.page.getByRole('list', { name: 'Pages' }).getByRole('button', { name: /CheckoutErrorRate/ }).click();
    const detail = app.page.getByRole('article');
    await detail.getByRole('button', { name: 'Open runbook' }).click();
    await app.page.locator('#runbook-title').getByText('Checkout error rate').waitFor();
    await app.page.getByRole('checkbox', { name: 'Check the last deploy of checkout-api' }).check();
    await expect
      .poll(() => app.services.journal.records().filter((r) => r.type === 'runbook.step.done').length)
      .toBe(1);
    await app.screenshot('journey-runbook');

    await app.page.keyboard.press('Control+2');
    await app.page.getByRole('list', { name: 'Pages' }).getByRole('button', { name: /CheckoutErrorRate/ }).click();
    await app.page.getByRole('article').getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await app.page.getByText(/1 open page, 0 unacknowledged/).waitFor();

    await app.page.keyboard.press('Control+4');
    await app.page.keyboard.press('n');
    await app.page.keyboard.type('Rolled back checkout-api; 5xx back under 0.1%');
    await app.page.keyboard.press('Control+Enter');
    const log = app.page.locator('.log-row');
    await log.filter({ hasText: 'Rolled back checkout-api' }).waitFor();
    await log.filter({ hasText: 'Done: “Check the last deploy of checkout-api” in Checkout error rate' }).waitFor();
    await log.filter({ hasText: /Acknowledged “CheckoutErrorRate/ }).waitFor();
    await log.filter({ hasText: /Paged “CheckoutErrorRate: 5xx above 2% for 5 minutes” \(critical\) from grafana/ }).waitFor();
    await app.screenshot('journey-log');

    await app.page.keyboard.press('Control+5');
    const preview = app.page.getByRole('article', { name: 'Handoff preview' });
    await preview.getByText(/CheckoutErrorRate: 5xx above 2% for 5 minutes/).first().waitFor();
    await preview.getByText(/Rolled back checkout-api/).first().waitFor();
    await app.screenshot('journey-handoff');
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
  });
});
