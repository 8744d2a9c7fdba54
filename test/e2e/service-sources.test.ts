import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page as Tab } from 'playwright-core';
import { useApp } from './fixture';
import { lookAtWidths } from './layout-checks';
import { runningClock } from '../helpers/clock';
import { startPagerDuty, type PagerDutyServer, type PdUser } from '../helpers/pagerduty';
import { startIncidentIo } from '../helpers/incidentio';
import { call } from '../helpers/services';

/**
 * A PagerDuty account added in Settings, tested, and used from the Pages view, in Chromium against
 * the real services and a local PagerDuty that checks every request against PagerDuty's API description.
 */
const START = '2026-03-02T09:00:00Z';
const alice: PdUser = { id: 'PALICE1', name: 'Alice Example', email: 'alice@example.com' };

/** After a resize: the view has re-rendered for its new width (two animation frames). */
const settled = (tab: Tab) => tab.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));

describe('PagerDuty in the window: add, test, see, acknowledge', () => {
  let pd: PagerDutyServer;
  beforeAll(async () => {
    pd = await startPagerDuty({ users: [alice], tokens: { 'u+alice-key': alice.id }, now: runningClock(START).now });
    pd.addIncident({ id: 'PINC001', number: 1201, title: 'Checkout 5xx above 2%', assignee: alice, priority: 'P1', serviceName: 'Checkout API', createdAt: '2026-03-02T08:52:00Z' });
  });
  afterAll(async () => {
    await pd.close();
  });
  const app = useApp({ launch: { startAt: START } });

  it('adds an account with "Test connection" showing whose key it is and what it sees', async () => {
    await app.page.keyboard.press('Control+6');
    const form = app.page.getByRole('form', { name: 'Add a PagerDuty account' });
    await form.getByLabel('Name (to tell accounts apart)').fill('Work');
    await form.getByLabel('API URL').fill(pd.url);
    await form.getByLabel('REST API key').fill('u+alice-key');
    await form.getByRole('button', { name: 'Test connection' }).click();
    const report = form.getByRole('status', { name: 'Connection test result' });
    await report.getByText('Key of Alice Example <alice@example.com>').waitFor();
    await report.getByText("1 open incident(s) match this source's filters").waitFor();
    await form.scrollIntoViewIfNeeded();
    await lookAtWidths(app.page, { height: 900, axe: ['form[aria-label="Add a PagerDuty account"]'], noSideways: false }, async (width, colorScheme) => {
      await report.scrollIntoViewIfNeeded();
      await app.screenshot(`service-source-form-${width}-${colorScheme}`);
    });
    await app.page.emulateMedia({ colorScheme: 'light' });
    await app.page.setViewportSize({ width: 1100, height: 720 });
    await form.getByRole('button', { name: 'Add PagerDuty account' }).click();
    await app.page.getByText('Work added.').waitFor();
    const row = app.page.locator('.source-row', { hasText: 'Work' });
    await row.getByText('API key stored encrypted').waitFor();
    expect(await app.page.content()).not.toContain('u+alice-key');
  });

  it('shows the incident with PagerDuty’s own fields, only the buttons PagerDuty has, and acknowledges it there', async () => {
    await app.page.keyboard.press('Control+2');
    const items = app.page.getByRole('list', { name: 'Pages' }).getByRole('button');
    await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(1);
    await items.nth(0).click();
    const detail = app.page.getByRole('article');
    await detail.getByRole('heading', { name: 'Checkout 5xx above 2%' }).waitFor();
    const fields = detail.locator('dl.service-fields');
    await expect.poll(() => fields.innerText()).toMatch(/Incident\s+#1201[\s\S]*Urgency\s+high[\s\S]*Priority\s+P1[\s\S]*Assigned to\s+Alice Example[\s\S]*Escalation policy\s+Checkout escalation[\s\S]*Service\s+Checkout API/);
    await detail.getByRole('button', { name: 'Snooze in PagerDuty' }).waitFor();
    await detail.getByRole('link', { name: 'Open in PagerDuty' }).waitFor();
    await lookAtWidths(app.page, { height: 900, axe: ['article.page-detail'], noSideways: false }, async (width, colorScheme) => {
      // Below the split width the list and the details are two screens: open the details.
      await settled(app.page);
      if (!(await detail.isVisible())) await items.nth(0).click();
      await detail.waitFor();
      await app.screenshot(`service-page-${width}-${colorScheme}`);
    });
    await app.page.emulateMedia({ colorScheme: 'light' });
    await app.page.setViewportSize({ width: 1100, height: 720 });

    await detail.getByRole('button', { name: 'Acknowledge in PagerDuty' }).click();
    // The view says how it went in its status line, above the list and the details.
    await app.page.getByText(/Acknowledged in PagerDuty “Work” \(incident #1201\)/).waitFor();
    expect(pd.incidents.get('PINC001')!.status).toBe('acknowledged');
    // PagerDuty has no un-acknowledge: no button, and the detail says why.
    await detail.getByText('PagerDuty has no un-acknowledge in its API.').waitFor();
    expect(await detail.getByRole('button', { name: 'Un-acknowledge' }).count()).toBe(0);

    await detail.getByLabel('Note (saved in Baton and sent to PagerDuty)').fill('Rolled back deploy 4411');
    await detail.getByRole('button', { name: 'Send note' }).click();
    await detail.getByText('Note added to the incident in Work.').waitFor();
    expect(pd.notes.map((n) => n.content)).toEqual(['Rolled back deploy 4411']);
    await app.screenshot('service-page-acknowledged');
    expect(pd.violations).toEqual([]);
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
  });

  it('offers Grafana IRM and Jira Service Management, and flags the Opsgenie fallback with its end date', async () => {
    await app.page.getByRole('navigation').getByText('Settings').click();
    // The form is named for the service chosen.
    const form = app.page.locator('form.service-form');
    await form.getByLabel(/^Service(?![s-])/).selectOption('grafana-irm');
    await app.page.getByRole('form', { name: 'Add a Grafana IRM account' }).waitFor();
    await form.getByLabel('Grafana stack URL (sent as X-Grafana-URL)').waitFor();
    await form.getByText('Service-account token', { exact: true }).waitFor();
    await form.getByLabel(/^Service(?![s-])/).selectOption('jsm');
    await form.getByLabel('Atlassian site URL (its cloudId is looked up)').waitFor();
    await form.getByLabel(/^API(?! URL)/).selectOption('legacy');
    const note = form.getByRole('note');
    await note.getByText('Opsgenie’s REST API stops on 2027-04-05.', { exact: false }).waitFor();
    await form.getByText('Opsgenie API key (GenieKey)', { exact: true }).waitFor();
    expect(await form.getByLabel('API URL').inputValue()).toBe('https://api.opsgenie.com');
    await lookAtWidths(app.page, { height: 900, axe: ['form.service-form'], noSideways: false }, async (width, colorScheme) => {
      await note.scrollIntoViewIfNeeded();
      await app.screenshot(`service-source-opsgenie-${width}-${colorScheme}`);
    });
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
  });

  it('shows an incident.io escalation without an acknowledge button, and says where to acknowledge it', async () => {
    const iio = await startIncidentIo({ key: 'inc_key', now: runningClock(START).now });
    try {
      iio.addEscalation({ id: '01HESC0001', title: 'Payments API 5xx', priority: 'P1' });
      const source = await call(app.services, 'saveServiceSource', { kind: 'incidentio', name: 'Acme incident.io', apiUrl: iio.url, token: 'inc_key', intervalSeconds: 3600 });
      await call(app.services, 'pollPageSource', { id: source.id });
      await app.page.getByRole('navigation').getByText('Pages').click();
      const item = app.page.getByRole('list', { name: 'Pages' }).getByRole('button', { name: /Payments API 5xx/ });
      await item.click();
      const detail = app.page.getByRole('article');
      await detail.getByRole('heading', { name: 'Payments API 5xx' }).waitFor();
      await detail.getByText('incident.io’s public API has no acknowledge: use “Open in incident.io” to acknowledge it there; Baton sees it at the next poll.').waitFor();
      await detail.getByRole('link', { name: 'Open in incident.io' }).waitFor();
      expect(await detail.getByRole('button', { name: /Acknowledge/ }).count()).toBe(0);
      await lookAtWidths(app.page, { height: 800, axe: ['article.page-detail'], noSideways: false }, async (width, colorScheme) => {
        await settled(app.page);
        if (!(await detail.isVisible())) await item.click();
        await detail.waitFor();
        await app.screenshot(`service-page-incidentio-${width}-${colorScheme}`);
      });
      await detail.getByRole('link', { name: 'Open in incident.io' }).click();
      await expect.poll(() => app.services.opened).toContain('https://app.incident.io/acme/on-call/escalations/01HESC0001');
      expect(iio.violations).toEqual([]);
      expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
    } finally {
      await iio.close();
    }
  });
});
