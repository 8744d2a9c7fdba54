import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { artifactsDir } from '../e2e/harness';
import { useBrowser } from '../e2e/fixture';
import { startDunst, type Dunst } from '../helpers/dunst';
import { tempDir } from '../helpers/services';
import { APP_ENTRY } from '../../electron/origin';
import { bootBuiltApp, freePort, ROOT, type BootedApp } from './stand-in/boot';
import { until } from '../helpers/wait';
import { chromiumDriver, SERVED_ORIGIN } from './stand-in/chromium';

/**
 * The app as shipped: the built main bundle with its own protocol handler, the built preload in
 * the page, the built renderer, real Chromium, a real notification daemon. Nothing of Baton is
 * replaced; only Electron itself is the stand-in (test/electron/stand-in).
 */
describe('the shipped app in Chromium: built main, preload and renderer bundles', () => {
  const browser = useBrowser();
  let dunst: Dunst;
  let app: BootedApp;
  let page: Page;
  let pageErrors: () => string[];
  let driver: ReturnType<typeof chromiumDriver> | null = null;
  let webhook: { url: string; token: string } | null = null;
  const savedTo = tempDir('baton-saved-');
  const runbooks = tempDir('baton-shipped-runbooks-');
  const previousBus = process.env.DBUS_SESSION_BUS_ADDRESS;

  beforeAll(async () => {
    fs.writeFileSync(
      path.join(runbooks, 'CheckoutErrorRate.md'),
      ['# Checkout error rate', '', '## Diagnose', '', '- [ ] Check the last deploy of checkout-api', '- [ ] Look at the 5xx by route'].join('\n'),
    );
    dunst = await startDunst();
    // node-notifier runs notify-send with this process's environment: the app talks to this daemon.
    process.env.DBUS_SESSION_BUS_ADDRESS = dunst.env.DBUS_SESSION_BUS_ADDRESS;
    app = await bootBuiltApp({
      // A user who moved the webhook receiver to another port (the default may be taken on this machine).
      settings: { pageSources: { webhook: { port: await freePort() } } },
      beforeStart(electron) {
        driver = chromiumDriver(electron, browser(), { viewport: { width: 1100, height: 720 } });
        electron.control.answerSaveDialogs((options) => ({ canceled: false, filePath: path.join(savedTo, path.basename(options.defaultPath ?? 'export')) }));
      },
    });
    const window = await until('the main window to show', () => app.control.windows().find((w) => w.isVisible()));
    page = driver!.pageOf(window);
    pageErrors = () => driver!.errorsOf(window);
    await page.waitForSelector('#view-title');
    await page.waitForFunction(() => document.documentElement.dataset.viewsReady === 'true');
  });
  afterAll(async () => {
    await app?.quit();
    await dunst?.stop();
    process.env.DBUS_SESSION_BUS_ADDRESS = previousBus;
    fs.rmSync(runbooks, { recursive: true, force: true });
  });

  it('is served by the app’s own protocol handler with its CSP, and the page sees only window.baton', async () => {
    expect(page.url()).toBe(`${SERVED_ORIGIN}/index.html`);
    expect(app.control.windows()[0].webContents.mainFrame.url).toBe(APP_ENTRY);
    // The page's own requests are answered by the app's handler, CSP included.
    const csp = await page.evaluate(async () => (await fetch('/app.css')).headers.get('content-security-policy'));
    expect(csp).toMatch(/^default-src 'self'; script-src 'self'/);
    const exposed = await page.evaluate(() => ({
      keys: Object.keys(window.baton),
      frozen: Object.isFrozen(window.baton),
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      leftover: typeof (window as unknown as { __standinPreloadRequire?: unknown }).__standinPreloadRequire,
    }));
    expect(exposed.keys).toContain('getState');
    expect(exposed.keys).not.toContain('invoke');
    expect(exposed).toMatchObject({ frozen: true, require: 'undefined', process: 'undefined', leftover: 'undefined' });
    const state = await page.evaluate(() => window.baton.getState());
    expect(state.app.version).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('blocks a script from another origin by CSP, and keeps navigation in the app', async () => {
    const blocked = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.src = 'https://cdn.example/evil.js';
      const result = new Promise<string>((resolve) => {
        script.onerror = () => resolve('blocked');
        script.onload = () => resolve('loaded');
      });
      document.head.append(script);
      return result;
    });
    expect(blocked).toBe('blocked');
    // Chromium reports the violation on the console: expected here, and taken out of the errors.
    const errors = pageErrors();
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.includes("violates the following Content Security Policy directive: \"script-src 'self'\""))).toBe(true);
    errors.splice(0);
    await page.evaluate(() => window.open('https://grafana.example/d/checkout'));
    await until('the link to go to the browser', () => app.control.record.openedExternally.includes('https://grafana.example/d/checkout'));
    expect(app.control.windows()).toHaveLength(1);
  });

  it('loads every view', async () => {
    const items = page.locator('nav.sidebar [aria-current], nav.sidebar .nav-item');
    const titles: string[] = [];
    for (let n = 0; n < 6; n++) {
      await page.keyboard.press(`Control+${n + 1}`);
      await page.locator('nav.sidebar .nav-item').nth(n).and(page.locator('[aria-current="page"]')).waitFor();
      titles.push(await page.locator('#view-title').innerText());
    }
    expect(await items.count()).toBeGreaterThanOrEqual(6);
    expect(new Set(titles).size).toBe(6);
    fs.mkdirSync(path.join(artifactsDir, 'screenshots'), { recursive: true });
    await page.screenshot({ path: path.join(artifactsDir, 'screenshots', 'shipped-settings.png') });
    expect(pageErrors(), pageErrors().join('\n')).toEqual([]);
  });

  it('a night on call: webhook page → notification → runbook → step → ack → note → handoff export', async () => {
    await page.evaluate((folder) => window.baton.runbookSourceAdd({ kind: 'folder', name: 'Team runbooks', path: folder }), runbooks);

    // The webhook address and token, as a user gets them: Settings → Copy with token.
    await page.keyboard.press('Control+6');
    await page.getByRole('button', { name: 'Copy with token' }).click();
    const curl = await until('the example on the clipboard', () => app.control.record.clipboard.find((t) => t.startsWith('curl ')));
    const url = /'(http:\/\/127\.0\.0\.1:\d+\/webhook)'/.exec(curl)![1];
    const token = /Bearer ([^']+)'/.exec(curl)![1];
    webhook = { url, token };

    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'CheckoutErrorRate: 5xx above 2% for 5 minutes',
        severity: 'critical',
        source: 'grafana',
        dedupKey: 'checkout-5xx',
        labels: { alertname: 'CheckoutErrorRate', service: 'checkout' },
      }),
    });
    expect(response.status).toBe(200);
    const shown = await dunst.waitFor((all) => all.some((n) => n.summary.includes('CheckoutErrorRate')));
    expect(shown.find((n) => n.summary.includes('CheckoutErrorRate'))).toMatchObject({ appName: 'Baton', urgency: 'CRITICAL', timeout: 0 });

    await page.keyboard.press('Control+2');
    await page.getByRole('list', { name: 'Pages' }).getByRole('button', { name: /CheckoutErrorRate/ }).click();
    await page.getByRole('article').getByRole('button', { name: 'Open runbook' }).click();
    await page.locator('#runbook-title').getByText('Checkout error rate').waitFor();
    await page.getByRole('checkbox', { name: 'Check the last deploy of checkout-api' }).check();

    await page.keyboard.press('Control+2');
    await page.getByRole('list', { name: 'Pages' }).getByRole('button', { name: /CheckoutErrorRate/ }).click();
    await page.getByRole('article').getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await page.getByText(/1 open page, 0 unacknowledged/).waitFor();
    // The tray follows: the page is listed as acknowledged, with nothing left to acknowledge.
    const tray = app.control.record.trays[0];
    await until('the tray to show the acknowledged page', () => tray.contextMenu!.items.some((i) => /CRITICAL · CheckoutErrorRate.*\(acknowledged\)/.test(i.label)));

    await page.keyboard.press('Control+4');
    await page.keyboard.press('n');
    await page.keyboard.type('Rolled back checkout-api; 5xx back under 0.1%');
    await page.keyboard.press('Control+Enter');
    const log = page.locator('.log-row');
    await log.filter({ hasText: 'Rolled back checkout-api' }).waitFor();
    await log.filter({ hasText: 'Done: “Check the last deploy of checkout-api” in Checkout error rate' }).waitFor();
    await log.filter({ hasText: /Acknowledged “CheckoutErrorRate/ }).waitFor();

    await page.keyboard.press('Control+5');
    const preview = page.getByRole('article', { name: 'Handoff preview' });
    await preview.getByText(/Rolled back checkout-api/).first().waitFor();
    await page.getByRole('button', { name: 'Save Markdown' }).click();
    await page.getByText(/Saved .*\.md\./).waitFor();
    const saved = fs.readdirSync(savedTo).find((f) => f.endsWith('.md'))!;
    const markdown = fs.readFileSync(path.join(savedTo, saved), 'utf8');
    expect(markdown).toContain('CheckoutErrorRate: 5xx above 2% for 5 minutes');
    expect(markdown).toContain('Rolled back checkout-api');
    expect(app.control.record.saveDialogs.at(-1)?.defaultPath).toBe(saved);

    // Everything is in the journal on disk.
    const journal = fs.readdirSync(path.join(app.userData, 'journal')).filter((f) => f.endsWith('.jsonl') && f !== 'quarantine.jsonl');
    const types = journal.flatMap((f) => fs.readFileSync(path.join(app.userData, 'journal', f), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { type: string }).type));
    expect(types).toEqual(expect.arrayContaining(['page.received', 'runbook.step.done', 'page.acknowledged', 'note.added']));
    expect(pageErrors(), pageErrors().join('\n')).toEqual([]);
  });

  it('prints the handoff to PDF in a hidden window with JavaScript off', async () => {
    await page.getByRole('button', { name: 'Save PDF' }).click();
    await page.getByText(/Saved .*\.pdf/).waitFor();
    const pdf = fs.readdirSync(savedTo).find((f) => f.endsWith('.pdf'))!;
    expect(fs.readFileSync(path.join(savedTo, pdf)).subarray(0, 5).toString()).toBe('%PDF-');
    // The print window is gone again; only the app window is left.
    await until('the print window to close', () => app.control.windows().length === 1);
  });

  it('opens the tray popover by the icon: its own window of the same renderer, acknowledging a page and opening Baton', async () => {
    const response = await fetch(webhook!.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${webhook!.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Disk almost full on db-1', severity: 'high', source: 'cron', dedupKey: 'disk-db-1' }),
    });
    expect(response.status).toBe(200);
    const main = app.control.windows()[0];
    main.hide();
    app.control.record.trays[0].click({ x: 1880, y: 4, width: 24, height: 24 });
    const popover = await until('the popover window', () => app.control.windows().find((w) => w !== main && w.isVisible()));
    // Shown at once; its page loads from app://baton/index.html#popover through the app's protocol.
    const popoverPage = await until('the popover page', () => {
      try {
        return driver!.pageOf(popover);
      } catch {
        return null;
      }
    });
    const pages = popoverPage.getByRole('list', { name: 'Open pages' });
    await pages.getByRole('button', { name: 'Ack Disk almost full on db-1' }).click();
    await popoverPage.getByText('Disk almost full on db-1: Acknowledged.').waitFor();
    const journal = fs.readdirSync(path.join(app.userData, 'journal')).filter((f) => f.endsWith('.jsonl') && f !== 'quarantine.jsonl');
    const acks = journal.flatMap((f) => fs.readFileSync(path.join(app.userData, 'journal', f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; data: { via?: string } })).filter((r) => r.type === 'page.acknowledged');
    expect(acks).toHaveLength(2);
    fs.mkdirSync(path.join(artifactsDir, 'screenshots'), { recursive: true });
    await popoverPage.screenshot({ path: path.join(artifactsDir, 'screenshots', 'shipped-popover.png') });

    await popoverPage.getByRole('button', { name: 'Open Baton' }).click();
    await until('the main window to show', () => main.isVisible() && main.isFocused());
    expect(popover.isVisible()).toBe(false);
    expect(driver!.errorsOf(popover)).toEqual([]);
  });
});
