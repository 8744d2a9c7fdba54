import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchApp, launchChromium, type AppUnderTest } from './harness';
import { tempDir } from '../helpers/services';
import { writeFiles } from '../helpers/runbooks';
import { hugoSite } from '../helpers/doc-sites';
import type { PickPurpose } from '../../shared/pick';

describe('a Hugo runbook site in Chromium: picked with the native picker, read with its links, details and images', () => {
  let browser: Browser;
  let app: AppUnderTest;
  const site = tempDir('baton-e2e-hugo-');
  const picks: PickPurpose[] = [];

  beforeAll(async () => {
    writeFiles(site, hugoSite());
    browser = await launchChromium();
    app = await launchApp(browser, {
      deps: {
        pickPath: async (purpose) => {
          picks.push(purpose);
          return site;
        },
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await browser?.close();
    fs.rmSync(site, { recursive: true, force: true });
  });

  it('adds the folder through the picker, leaving out what is not a runbook', async () => {
    const page = app.page;
    await page.keyboard.press('Control+3');
    await page.getByLabel('Kind').selectOption('folder');
    await page.getByLabel('Name').fill('Monitoring runbooks');
    await page.getByRole('button', { name: 'Choose the folder' }).click();
    await expect.poll(() => page.getByLabel('Folder', { exact: true }).inputValue()).toBe(site);
    expect(picks).toEqual(['runbook-folder']);
    await page.getByRole('button', { name: 'Add source' }).click();
    const row = page.getByRole('listitem', { name: 'Source Monitoring runbooks' });
    await row.getByText('3 runbooks').waitFor();
    await row.getByText(/file\(s\) left out/).click();
    await expect(row.innerText()).resolves.toMatch(/content\/runbooks\/_index\.md: a Hugo section page/);
    const list = page.getByRole('list', { name: 'All runbooks' });
    await expect(list.getByRole('button').allInnerTexts()).resolves.toEqual([
      expect.stringMatching(/^Kube Pod Crash Looping/),
      expect.stringMatching(/^Kube Pod Not Ready/),
      expect.stringMatching(/^Node filesystem almost out of space/),
    ]);
  });

  it('shows details with their summary, local images, anchors, cross-links and mail addresses as text', async () => {
    const page = app.page;
    await page.getByRole('list', { name: 'All runbooks' }).getByRole('button', { name: /Kube Pod Crash Looping/ }).click();
    await page.locator('#runbook-title').getByText('Kube Pod Crash Looping').waitFor();
    const body = page.locator('.runbook-body');
    await expect(page.locator('.front-matter').innerText()).resolves.not.toMatch(/weight|aliases|menu/);
    await expect(body.innerText()).resolves.not.toMatch(/\{\{|hint info/);

    // Images: data: URLs main built, decoded by Chromium.
    const images = body.locator('img.runbook-image');
    await expect(images.count()).resolves.toBe(2);
    const decoded = await images.evaluateAll((els) => Promise.all(els.map(async (el) => (await (el as HTMLImageElement).decode(), [(el as HTMLImageElement).naturalWidth, el.getAttribute('src')?.slice(0, 22)]))));
    expect(decoded).toEqual([
      [240, 'data:image/svg+xml;bas'],
      [360, 'data:image/png;base64,'],
    ]);

    // <details> is collapsed with its summary, and opens.
    const details = body.locator('details.runbook-details');
    await expect(details.locator('summary').innerText()).resolves.toBe('Why does the backoff grow?');
    await expect(details.evaluate((el) => (el as HTMLDetailsElement).open)).resolves.toBe(false);
    await details.locator('summary').click();
    await details.getByText('up to five minutes').waitFor();
    await expect(details.locator('pre code').innerText()).resolves.toContain('restartCount');

    // mailto: is the address, as text; a link to a runbook that is not cached is plain text too.
    await expect(body.getByText('the platform team (platform-oncall@example.com)').evaluate((el) => el.tagName)).resolves.toBe('SPAN');
    expect(await body.locator('a[href^="mailto:"]').count()).toBe(0);
    await expect(body.locator('.dead-link').innerText()).resolves.toBe('old runbook');

    // #anchor scrolls within the runbook.
    await body.getByRole('button', { name: 'flow of a restart' }).click();
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.anchor)).toBe('diagnosis');

    await screenshots('runbook-layouts-hugo', async () => {
      await details.scrollIntoViewIfNeeded();
    });

    // A Hugo ref opens the other runbook in the app; its link back lands on the section it names.
    await body.getByRole('button', { name: 'KubePodNotReady', exact: true }).click();
    await page.locator('#runbook-title').getByText('Kube Pod Not Ready').waitFor();
    await body.getByRole('button', { name: 'crash looping' }).click();
    await page.locator('#runbook-title').getByText('Kube Pod Crash Looping').waitFor();
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.anchor)).toBe('meaning');
    // The leaf bundle, by relref to its folder.
    await body.getByRole('button', { name: 'the node runbook' }).click();
    await page.locator('#runbook-title').getByText('Node filesystem almost out of space').waitFor();
    await expect(body.locator('img.runbook-image').count()).resolves.toBe(1);
    expect(app.services.opened).toEqual([]);
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
  });

  async function screenshots(name: string, frame: () => Promise<void>) {
    for (const scheme of ['light', 'dark'] as const) {
      await app.page.emulateMedia({ colorScheme: scheme });
      for (const width of [360, 720, 1100]) {
        await app.page.setViewportSize({ width, height: 760 });
        await frame();
        await app.screenshot(`${name}-${width}-${scheme}`);
        const sideways = await app.page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
        expect(sideways, `sideways scroll at ${width} px`).toBe(false);
      }
    }
    await app.page.emulateMedia({ colorScheme: 'light' });
    await app.page.setViewportSize({ width: 1100, height: 720 });
  }
});
