import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useApp } from './fixture';
import { lookAtWidths } from './layout-checks';
import { tempDir } from '../helpers/services';
import { generateYear, WEEK, YEAR_START } from '../helpers/load-year';
import { encodeRecord, segmentName } from '../../electron/journal';
import { buildTrends, LoadHoursSchema } from '../../shared/trends';

/**
 * The Load view over a year of generated shifts, written as journal files before Baton starts
 * (52 weekly shifts, 60 events each): the charts, their numbers as tables, configurable hours,
 * themed light and dark at 360, 720 and 1100 px, and the charting library loaded with this view only.
 */
const records = generateYear(60);
const NOW = new Date(YEAR_START + 52 * WEEK + 3_600_000).toISOString();

function journalFolder(): string {
  const dataDir = tempDir('baton-load-');
  const dir = path.join(dataDir, 'journal');
  fs.mkdirSync(dir, { recursive: true });
  for (const r of records) fs.appendFileSync(path.join(dir, segmentName(r.ts)), `${encodeRecord({ v: r.v, seq: r.seq, ts: r.ts, type: r.type, data: r.data })}\n`);
  return dataDir;
}

describe('the Load view in Chromium', () => {
  const app = useApp({ launch: () => ({ dataDir: journalFolder(), startAt: NOW, viewport: { width: 1100, height: 900 } }) });

  it('charts the last 52 shifts with their numbers as tables', async () => {
    const { page } = app;
    const chunks: string[] = [];
    page.on('request', (r) => chunks.push(r.url()));
    await page.keyboard.press('Control+7');
    await page.getByRole('heading', { name: 'Load', level: 1 }).waitFor();
    await page.getByLabel('Shifts').selectOption('52');
    const interruptions = page.getByRole('figure', { name: 'Pages per shift, by when they came' });
    await interruptions.locator('.recharts-bar-rectangle').first().waitFor();
    expect(await page.getByRole('figure').count()).toBe(5);

    const expected = buildTrends({ records, now: Date.parse(NOW), count: 52, hours: LoadHoursSchema.parse({}), timeZone: 'Europe/Berlin' });
    expect(expected.shifts).toHaveLength(52);
    await interruptions.getByText('Numbers').click();
    const rows = interruptions.locator('tbody tr');
    expect(await rows.count()).toBe(52);
    const last = expected.shifts.at(-1)!;
    expect((await rows.last().locator('td').allTextContents()).map(Number)).toEqual([last.pages, last.interruptions.business, last.interruptions.off, last.interruptions.sleep]);
    const gaps = page.getByRole('figure', { name: /Coverage gaps/ });
    await gaps.getByText('Numbers').click();
    expect((await gaps.locator('tbody td').allTextContents()).filter((t) => t === '20')).toHaveLength(expected.shifts.filter((s) => s.uncoveredMinutes === 20).length);
    const noisy = page.getByRole('figure', { name: 'Noisiest alerts over time' });
    await noisy.getByText('Numbers').click();
    expect(await noisy.locator('tbody th').allTextContents()).toEqual(expected.noisiest.map((a) => a.title));
  });

  it('counts again with other business and sleep hours', async () => {
    const { page } = app;
    await page.getByText('Business, off and sleep hours').click();
    await page.getByLabel('Sleep hours from').fill('23:00');
    await page.getByLabel('Sleep hours from').locator('xpath=ancestor::div[1]').getByLabel('to').last().fill('07:00');
    await page.getByRole('button', { name: 'Save hours' }).click();
    await page.getByText('Saved; the charts are counted again.').waitFor();
    const saved = await app.services.dispatch('getTrends', { shifts: 4 }, { frameUrl: 'app://baton/index.html', isMainFrame: true, isAppWindow: true });
    expect(saved.ok && (saved.value as { hours: { sleep: unknown } }).hours.sleep).toEqual({ start: '23:00', end: '07:00' });
  });

  it('keeps the charting library out of the first bundle', async () => {
    const app_js = fs.readFileSync(path.resolve(import.meta.dirname, '../../dist/renderer/app.js'), 'utf8');
    expect(app_js).not.toMatch(/recharts/);
    const chunk = fs.readdirSync(path.resolve(import.meta.dirname, '../../dist/renderer/chunks')).find((f) => /^LoadView-.*\.js$/.test(f));
    expect(chunk).toBeDefined();
  });

  it('looks right at 360, 720 and 1100 px, light and dark, with no serious accessibility problem', async () => {
    const { page } = app;
    await lookAtWidths(page, { height: 900, axe: ['.load-view'] }, async (width, colorScheme) => {
      await page.getByRole('heading', { name: 'Load', level: 1 }).scrollIntoViewIfNeeded();
      await app.screenshot(`load-${width}-${colorScheme}`);
      await page.getByRole('figure', { name: 'Noisiest alerts over time' }).scrollIntoViewIfNeeded();
      await app.screenshot(`load-noisy-${width}-${colorScheme}`);
    });
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
  });
});
