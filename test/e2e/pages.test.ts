import { describe, expect, it } from 'vitest';
import { useApp } from './fixture';

/** What Alertmanager 0.27 posts to a webhook receiver. */
const alertmanagerBody = {
  receiver: 'payments-am',
  status: 'firing',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'CheckoutErrorRate', severity: 'critical', team: 'payments', service: 'checkout', env: 'prod' },
      annotations: {
        summary: '5xx above 2% for 5 minutes',
        description: 'checkout-api returns 5xx for 2.4% of requests.\n<script>alert("not html")</script>',
        runbook_url: 'https://runbooks.example.com/payments/checkout-errors',
      },
      startsAt: new Date(Date.now() - 4 * 60_000).toISOString(),
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example:9090/graph?g0.expr=checkout_errors',
      fingerprint: '5e1f0c0de0c0ffee',
    },
  ],
  groupLabels: { alertname: 'CheckoutErrorRate' },
  commonLabels: { alertname: 'CheckoutErrorRate' },
  commonAnnotations: {},
  externalURL: 'http://alertmanager.example:9093',
  version: '4',
  groupKey: '{}:{alertname="CheckoutErrorRate"}',
  truncatedAlerts: 0,
};

describe('Pages view in Chromium, fed by the real webhook receiver', () => {
  const app = useApp({ ready: (app) => void app.services.settings.update({ identity: { name: 'Alice Example' } }) });

  const post = async (body: unknown) => {
    const response = await fetch(app.services.pages.webhookUrl()!, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.services.pages.webhookToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
  };

  it('shows pages posted to the webhook, most urgent first, with details as text', async () => {
    await app.page.keyboard.press('Control+2');
    await app.page.getByText('No pages yet.').waitFor();
    await post({ title: 'Nightly backup failed on db-1', severity: 'warning', source: 'cron', dedupKey: 'backup-db-1', details: { exitCode: 2 } });
    await post(alertmanagerBody);
    const items = app.page.getByRole('list', { name: 'Pages' }).getByRole('button');
    await expect.poll(() => items.count()).toBe(2);
    const first = await items.nth(0).innerText();
    expect(first).toMatch(/CheckoutErrorRate: 5xx above 2% for 5 minutes/);
    await app.page.getByText('2 open pages, 2 unacknowledged.').waitFor();

    await items.nth(0).click();
    const detail = app.page.getByRole('article');
    await detail.getByRole('heading', { name: /CheckoutErrorRate/ }).waitFor();
    // Annotations are text: the script tag is shown, not run.
    await detail.getByText('<script>alert("not html")</script>', { exact: false }).waitFor();
    expect(await app.page.locator('article script').count()).toBe(0);
    await detail.getByText('runbook_url: https://runbooks.example.com/payments/checkout-errors').click();
    await expect.poll(() => app.services.opened).toEqual(['https://runbooks.example.com/payments/checkout-errors']);
    await detail.getByText('Paged (critical) from payments-am').waitFor();
    await app.screenshot('pages-open');
  });

  it('acknowledges from the UI, journals who and when, and shows it in the history', async () => {
    const detail = app.page.getByRole('article');
    await detail.getByLabel('For').selectOption('30');
    await detail.getByLabel('Comment').fill('On it');
    await detail.getByRole('button', { name: 'Acknowledge (silence)' }).click();
    // The view says what happened and moves on to the next unacknowledged page, with the focus on its row.
    await app.page.getByText(/CheckoutErrorRate: 5xx above 2% for 5 minutes: Acknowledged in Baton only/).waitFor();
    await app.page.getByText('2 open pages, 1 unacknowledged.').waitFor();
    await expect.poll(() => app.page.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(/Nightly backup failed/);
    await detail.getByRole('heading', { name: 'Nightly backup failed on db-1' }).waitFor();
    await app.page.getByRole('list', { name: 'Pages' }).getByRole('button', { name: /CheckoutErrorRate/ }).click();
    await detail.getByText('Acknowledged by Alice Example via app for 30 min — On it').waitFor();
    const ack = app.services.journal.records().find((r) => r.type === 'page.acknowledged');
    expect(ack?.data).toMatchObject({ pageId: 'am:5e1f0c0de0c0ffee', by: 'Alice Example', via: 'app', comment: 'On it' });
    expect(app.services.tray().tooltip).toMatch(/1 open page/);
    await app.screenshot('pages-acknowledged');
    await app.page.emulateMedia({ colorScheme: 'dark' });
    await app.screenshot('pages-acknowledged-dark');
    await app.page.emulateMedia({ colorScheme: 'light' });
  });

  it('marks a webhook page handled and hands the runbook hook to the runbooks view', async () => {
    await app.page.getByRole('list', { name: 'Pages' }).getByRole('button', { name: /Nightly backup failed/ }).click();
    const detail = app.page.getByRole('article');
    await detail.getByRole('button', { name: 'Mark handled' }).click();
    await app.page.getByText('1 open page, 0 unacknowledged.').waitFor();
    await app.page.getByLabel('Show').selectOption('resolved');
    await app.page.getByRole('list', { name: 'Pages' }).getByRole('button', { name: /Nightly backup failed/ }).click();
    await detail.getByText(/Marked handled by Alice Example/).waitFor();
    await detail.getByRole('button', { name: 'Open runbook' }).click();
    await expect(app.page.locator('#view-title').innerText()).resolves.toBe('Runbooks');
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
  });

  it('shows the webhook receiver and its curl example in Settings, copying the token only on request', async () => {
    await app.page.keyboard.press('Control+6');
    const example = app.page.getByLabel('curl example');
    await example.waitFor();
    expect(await example.innerText()).toContain('Bearer <token>');
    expect(await app.page.content()).not.toContain(app.services.pages.webhookToken());
    await app.page.getByRole('button', { name: 'Copy with token' }).click();
    await expect.poll(() => app.services.copied.length).toBe(1);
    expect(app.services.copied[0]).toContain(`Bearer ${app.services.pages.webhookToken()}`);
    // A rule: mute info pages from anywhere with env="dev".
    const rules = app.page.getByRole('form', { name: 'Add a notification rule' });
    await rules.getByRole('checkbox', { name: 'info' }).check();
    await rules.getByLabel('Label matchers (one per line)').fill('env="dev"');
    await rules.getByRole('button', { name: 'Add rule' }).click();
    await app.page.getByText('Rule added.').waitFor();
    expect(app.services.hub.get().pages.config.rules).toEqual([
      { action: 'mute', sourceId: '', severities: ['info'], matchers: [{ name: 'env', op: '=', value: 'dev' }] },
    ]);
    await rules.getByLabel('Label matchers (one per line)').fill('not a matcher');
    await rules.getByRole('button', { name: 'Add rule' }).click();
    await app.page.getByText('"not a matcher" is not a matcher like team="payments".').waitFor();
    await app.page.getByRole('heading', { name: 'Alert sources' }).scrollIntoViewIfNeeded();
    await app.screenshot('pages-settings');
  });
});
