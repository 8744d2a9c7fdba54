import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { artifactsDir } from './harness';
import { useApp, useBrowser } from './fixture';
import { manualClock } from '../helpers/clock';
import { printWithChromium } from '../helpers/print';
import { HOSTILE_TITLE, NIGHT, nightEvents, nightReport } from '../helpers/handoff-fixture';
import { renderHtml, renderMarkdown } from '../../shared/handoff';

/** Carol's handoff from the shift before Alice's, as the file she would have sent. */
function carolsMarkdown(): string {
  const report = nightReport({ now: NIGHT.end, scheduleId: 'payments-secondary', scheduleName: 'Payments secondary', outgoing: 'Carol Example', incoming: 'Alice Example' });
  return renderMarkdown({ ...report, header: { ...report.header, summary: { mood: 'quiet', text: 'Quiet apart from the disk.', edited: true } }, notesForNext: 'Watch db-1 disk.' });
}

describe('Handoff view in Chromium, wired to the real services', () => {
  const clock = manualClock(NIGHT.start - 60_000);
  const app = useApp({
    launch: (browser) => ({ deps: { clock, printToPdf: printWithChromium(browser) }, viewport: { width: 1280, height: 900 } }),
    async ready(app) {
      app.services.settings.update({ identity: { name: 'Alice Example' } });
      for (const [ts, type, data] of nightEvents()) {
        clock.set(Date.parse(ts));
        await app.services.journal.append(type, data as never);
      }
      clock.set(NIGHT.end + 10 * 60_000);
    },
  });

  it('shows the draft of the last shift with a live preview that renders alert text as text', async () => {
    const { page } = app;
    await page.keyboard.press('Control+5');
    await page.getByRole('heading', { name: 'Before you hand over' }).waitFor();
    const preview = page.getByRole('article', { name: 'Handoff preview' });
    await preview.getByRole('heading', { name: 'Handoff: Payments primary' }).waitFor();
    await expect(preview.getByText(HOSTILE_TITLE).first().isVisible()).resolves.toBe(true);
    await expect(preview.locator('img, script, iframe').count()).resolves.toBe(0);
    // No schedule names the next person here (see handoff-shifts.test.ts for that): the field is empty.
    await expect(page.getByLabel('Handing over to').inputValue()).resolves.toBe('');
    await app.screenshot('handoff-view');
    await page.emulateMedia({ colorScheme: 'dark' });
    await app.screenshot('handoff-view-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('edits the summary and a next step: the preview follows as you type, the edits are journaled on leaving the form', async () => {
    const { page } = app;
    await page.getByLabel('Handing over to').fill('Bob Example');
    await page.getByLabel('Shift was').selectOption('noisy');
    await page.getByLabel('Summary').fill('Latency flapped all night; disk silenced until noon.');
    await page.getByLabel('Next step for PaymentLatencyP99 gateway').fill('Check the vendor status page at 09:30');
    const preview = page.getByRole('article', { name: 'Handoff preview' });
    await preview.getByText('Latency flapped all night; disk silenced until noon.').waitFor();
    await preview.getByText('Check the vendor status page at 09:30').waitFor();
    await page.getByLabel('Notes for the next on-call').fill('Deploy freeze until Tuesday.\nAsk Dana about the vendor call.');
    await page.getByRole('button', { name: 'Copy Markdown' }).click();
    await page.getByText('Markdown copied to the clipboard.').waitFor();
    const edits = app.services.journal.records().filter((r) => r.type === 'handoff.edited');
    // Each field is journaled when the user leaves it (the mood and the text of the summary separately).
    expect([...new Set(edits.flatMap((r) => Object.keys(r.data as object).filter((k) => k !== 'draftId')))].sort()).toEqual(['incoming', 'nextStep', 'notes', 'summary']);
    const copied = app.services.copied.at(-1)!;
    expect(copied).toContain('> **Noisy:** Latency flapped all night; disk silenced until noon.');
    expect(copied).toContain('Next step: Check the vendor status page at 09:30');
    expect(copied).toContain('> Deploy freeze until Tuesday.');
    await app.screenshot('handoff-edited');
  });

  it('saves the PDF (printed by Chromium) and hands over', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Save PDF' }).click();
    await page.getByText('Saved handoff-payments-primary-2026-11-22.pdf.').waitFor();
    const pdf = fs.readFileSync(app.services.saved.at(-1)!);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.getByRole('button', { name: 'Hand over' }).click();
    await page.getByText(/^Handed over to Bob Example at Sun 22 Nov, 09:10/).first().waitFor();
    const sent = app.services.journal.records().filter((r) => r.type === 'handoff.sent');
    expect(sent).toHaveLength(1);
    expect(sent[0].data).toMatchObject({ from: 'Alice Example', to: 'Bob Example', openPages: 2 });
  });

  it('imports the previous on-call’s Markdown: it shows as handed over to you, and its follow-ups become yours', async () => {
    const { page } = app;
    await page.getByLabel('Import a handoff').setInputFiles({ name: 'handoff-payments-secondary-2026-11-22.md', mimeType: 'text/markdown', buffer: Buffer.from(carolsMarkdown()) });
    await page.getByText('Imported the handoff from Carol Example: 2 open page(s), 2 follow-up(s).').waitFor();
    const card = page.getByRole('heading', { name: 'Handed over to you by Carol Example' });
    await card.waitFor();
    await page.getByText('Quiet apart from the disk.').waitFor();
    const received = app.services.journal.records().find((r) => r.type === 'handoff.received');
    expect(received?.data).toMatchObject({ from: 'Carol Example', followupIds: ['fu-disk', 'fu-latency'], notes: 'Watch db-1 disk.' });
    expect(app.services.journal.records().at(-1)?.type).toBe('handoff.received');
    await app.screenshot('handoff-received');
  });

  it('says why a file is not a handoff, and keeps going', async () => {
    const { page } = app;
    await page.getByLabel('Import a handoff').setInputFiles({ name: 'notes.md', mimeType: 'text/markdown', buffer: Buffer.from('# My notes\n\nnothing here') });
    await page.getByText(/Not imported: .*not a Baton handoff/).waitFor();
  });

  it('drafts a range of the user’s choice, in the display zone', async () => {
    const { page } = app;
    await page.getByLabel('A range of my choice').check();
    await page.getByLabel('From (Europe/Berlin)').fill('2026-11-22T04:00');
    await page.getByLabel('To (Europe/Berlin)').fill('2026-11-22T06:00');
    const preview = page.getByRole('article', { name: 'Handoff preview' });
    await preview.getByText('Pages: 3 (high 3)').waitFor();
    await preview.getByText(/Window: Sun 22 Nov, 04:00 CET → Sun 22 Nov, 06:00 CET/).waitFor();
    await app.screenshot('handoff-range');
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
  });
});

describe('the handoff HTML export in Chromium', () => {
  const browser = useBrowser();

  it('renders escaped and self-contained, screenshots, and prints to PDF', async () => {
    const report = nightReport({ now: NIGHT.end });
    const context = await browser().newContext({ viewport: { width: 900, height: 1200 } });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const dialogs: string[] = [];
    page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
    await page.setContent(renderHtml(report), { waitUntil: 'load' });
    await expect(page.locator('img, script, iframe').count()).resolves.toBe(0);
    await expect(page.getByText(HOSTILE_TITLE).first().isVisible()).resolves.toBe(true);
    await expect(page.getByRole('heading', { name: 'Still open (2)' }).isVisible()).resolves.toBe(true);
    expect(requests.filter((u) => !u.startsWith('about:') && !u.startsWith('data:'))).toEqual([]);
    expect(dialogs).toEqual([]);
    const dir = path.join(artifactsDir, 'screenshots');
    fs.mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, 'handoff-html.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    fs.writeFileSync(path.join(artifactsDir, 'handoff-night.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await context.close();
  });
});
