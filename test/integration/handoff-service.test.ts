import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appSender, startServices, type TestServices, call } from '../helpers/services';
import { manualClock, type ManualClock } from '../helpers/clock';
import { printWithChromium } from '../helpers/print';
import { useBrowser } from '../e2e/fixture';
import { nightEvents, NIGHT, HOSTILE_TITLE } from '../helpers/handoff-fixture';
import { renderMarkdown, type HandoffReport } from '../../shared/handoff';
import { lastShiftInJournal } from '../../electron/handoff';
import { parseRecord } from '../../shared/records';


async function seed(services: TestServices, clock: ManualClock): Promise<void> {
  for (const [ts, type, data] of nightEvents()) {
    clock.set(Date.parse(ts));
    await services.journal.append(type, data as never);
  }
}

describe('handoff service: drafts, edits, exports, hand over and import, through the checked dispatch', () => {
  const browser = useBrowser();
  let alice: TestServices;
  let bob: TestServices;
  let clock: ManualClock;

  beforeAll(async () => {
    clock = manualClock(NIGHT.start - 60_000);
    alice = await startServices({ clock, printToPdf: printWithChromium(browser()) });
    await alice.settings.update({ identity: { name: 'Alice Example' } });
    await seed(alice, clock);
    clock.set(NIGHT.end + 10 * 60_000);
    bob = await startServices({ clock });
    bob.settings.update({ identity: { name: 'Bob Example' } });
  });
  afterAll(async () => {
    await alice?.dispose();
    await bob?.dispose();
  });

  it('drafts the last shift from the journal and journals edits of its free text', async () => {
    const { report } = await call(alice, 'getHandoffDraft', { kind: 'shift' });
    expect(report.header).toMatchObject({ scheduleName: 'Payments primary', outgoing: 'Alice Example', summary: { edited: false } });
    const latency = report.openPages.find((p) => p.title === 'PaymentLatencyP99 gateway')!;
    await call(alice, 'editHandoff', { draftId: report.id, summary: { mood: 'noisy', text: 'Latency flapped all night; disk silenced.' } });
    await call(alice, 'editHandoff', { draftId: report.id, nextStep: { pageId: latency.pageId, text: 'Check the vendor status page at 09:30' } });
    await call(alice, 'editHandoff', { draftId: report.id, notes: 'Deploy freeze until Tuesday.', incoming: 'Bob Example' });
    const edits = alice.journal.records().filter((r) => r.type === 'handoff.edited');
    expect(edits).toHaveLength(3);
    const { report: edited } = await call(alice, 'getHandoffDraft', { kind: 'shift' });
    // The preview the view renders from the rebuilt draft.
    const markdown = renderMarkdown(edited, { embedJson: false });
    expect(edited.header.summary).toEqual({ mood: 'noisy', text: 'Latency flapped all night; disk silenced.', edited: true });
    expect(edited.header.incoming).toBe('Bob Example');
    expect(edited.openPages.find((p) => p.pageId === latency.pageId)?.nextStep).toBe('Check the vendor status page at 09:30');
    expect(markdown).toContain('> Deploy freeze until Tuesday.');
    // The preview's Markdown has no data block; exports do.
    expect(markdown).not.toContain('<!-- baton-handoff');
  });

  it('exports Markdown to the clipboard and to files named for the schedule and date', async () => {
    const copied = await call(alice, 'exportHandoff', { range: { kind: 'shift' }, format: 'markdown-copy' });
    expect(copied).toMatchObject({ copied: true, savedTo: null });
    expect(alice.copied.at(-1)).toContain('# Handoff: Payments primary');
    for (const [format, ext] of [['markdown', 'md'], ['html', 'html'], ['json', 'json']] as const) {
      const result = await call(alice, 'exportHandoff', { range: { kind: 'shift' }, format });
      expect(result.fileName).toBe(`handoff-payments-primary-2026-11-22.${ext}`);
      expect(result.savedTo && fs.existsSync(result.savedTo)).toBe(true);
    }
    const json = JSON.parse(fs.readFileSync(path.join(alice.deps.dataDir, 'saved/handoff-payments-primary-2026-11-22.json'), 'utf8')) as HandoffReport;
    expect(json).toMatchObject({ schema: 'baton.handoff', version: 1, header: { incoming: 'Bob Example' } });
  });

  it('prints the same HTML to PDF with Chromium', async () => {
    const result = await call(alice, 'exportHandoff', { range: { kind: 'shift' }, format: 'pdf' });
    expect(result.fileName).toBe('handoff-payments-primary-2026-11-22.pdf');
    const pdf = fs.readFileSync(result.savedTo!);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
  });

  it('reports a failed PDF print as a readable error', async () => {
    const result = await bob.dispatch('exportHandoff', { range: { kind: 'shift' }, format: 'pdf' }, appSender);
    expect(result).toMatchObject({ ok: false, error: { message: /could not print the handoff to PDF/ } });
  });

  it('marks the draft sent when handed over (journaled, and in the state slice)', async () => {
    const sent = await call(alice, 'handOver', { kind: 'shift' });
    const record = alice.journal.records().at(-1)!;
    expect(record.type).toBe('handoff.sent');
    expect(record.data).toMatchObject({ draftId: sent.draftId, from: 'Alice Example', to: 'Bob Example', openPages: 2, openFollowups: 2 });
    expect(alice.hub.get().handoff?.lastSent).toEqual({ draftId: sent.draftId, at: sent.sentAt, to: 'Bob Example' });
  });

  it('round trip: Bob imports Alice’s Markdown; her open pages, follow-ups and notes are handed over to him', async () => {
    const markdown = alice.copied.at(-1)!;
    const result = await call(bob, 'importHandoff', { text: markdown });
    expect(result).toMatchObject({ from: 'Alice Example', openPages: 2, followups: 2, alreadyImported: false });
    const received = bob.hub.get().handoff?.received[0];
    expect(received).toMatchObject({ from: 'Alice Example', to: 'Bob Example', notes: 'Deploy freeze until Tuesday.' });
    expect(received?.openPages.map((p) => p.title).sort()).toEqual([HOSTILE_TITLE, 'PaymentLatencyP99 gateway'].sort());

    // In Bob's own draft the follow-ups are open follow-ups, and the pages are open, "handed over by Alice".
    const { report } = await call(bob, 'getHandoffDraft', { kind: 'shift' });
    expect(report.followups.map((f) => [f.id, f.text, f.owner, f.handedOverBy])).toEqual([
      ['fu-disk', 'Expand db-1 volume in the maintenance window', 'Bob Example', 'Alice Example'],
      ['fu-latency', 'Tune PaymentLatencyP99: it flaps at night', 'Alice Example', 'Alice Example'],
    ]);
    expect(report.openPages.map((p) => p.handedOverBy)).toEqual(['Alice Example', 'Alice Example']);
    expect(report.openPages.find((p) => p.title === 'PaymentLatencyP99 gateway')?.nextStep).toBe('Check the vendor status page at 09:30');

    // The pages are Bob's open pages now, in his Pages view (and Log), from Alice's handoff; his tray counts them.
    const pages = bob.hub.get().pages.open;
    expect(pages.map((p) => [p.title, p.sourceName, p.status]).sort()).toEqual(
      [[HOSTILE_TITLE, "Alice Example's handoff", 'triggered'], ['PaymentLatencyP99 gateway', "Alice Example's handoff", 'triggered']].sort(),
    );
    expect(pages.find((p) => p.title === 'PaymentLatencyP99 gateway')?.annotations).toMatchObject({ handed_over_by: 'Alice Example', next_step: 'Check the vendor status page at 09:30' });
    expect(bob.journal.records().filter((r) => r.type === 'page.received').map((r) => r.data)).toHaveLength(2);
  });

  it('imports the JSON too, and a second import of the same handoff adds nothing', async () => {
    const before = bob.journal.records().length;
    const json = fs.readFileSync(path.join(alice.deps.dataDir, 'saved/handoff-payments-primary-2026-11-22.json'), 'utf8');
    const again = await call(bob, 'importHandoff', { text: json });
    expect(again.alreadyImported).toBe(true);
    expect(bob.journal.records().length).toBe(before);
  });

  it('refuses text that is not a handoff with a message for the user and records nothing', async () => {
    const before = bob.journal.records().length;
    const result = await bob.dispatch('importHandoff', { text: '# Notes\n\nNothing to see' }, appSender);
    expect(result).toMatchObject({ ok: false, error: { code: 'failed', message: /not a Baton handoff/ } });
    expect(bob.journal.records().length).toBe(before);
  });

  it('drafts any chosen range, and refuses a backwards one', async () => {
    const { report } = await call(alice, 'getHandoffDraft', { kind: 'custom', start: '2026-11-22T03:00:00.000Z', end: '2026-11-22T05:00:00.000Z' });
    expect(report.stats.pages).toBe(3);
    expect(report.id).toBe('range:2026-11-22T03:00:00.000Z');
    const backwards = await alice.dispatch('getHandoffDraft', { kind: 'custom', start: '2026-11-22T05:00:00.000Z', end: '2026-11-22T03:00:00.000Z' }, appSender);
    expect(backwards).toMatchObject({ ok: false, error: { message: /must end after it starts/ } });
  });

  it('keeps its hours in settings, validated', async () => {
    const next = await call(alice, 'updateHandoffSettings', { businessHours: { days: [1, 2, 3, 4], start: '08:00', end: '16:00' }, sleepHours: { start: '22:00', end: '06:00' }, flapMinutes: 15, noisyThreshold: 4 });
    expect(alice.hub.get().handoff?.settings).toEqual(next);
    const { report } = await call(alice, 'getHandoffDraft', { kind: 'shift' });
    expect(report.stats.settings.flapMinutes).toBe(15);
    const bad = await alice.dispatch('updateHandoffSettings', { businessHours: { days: [1], start: '25:00', end: '16:00' }, sleepHours: { start: '22:00', end: '06:00' }, flapMinutes: 15, noisyThreshold: 4 }, appSender);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-args' } });
  });

  it('takes my own last shift even when the next person’s has started, and names them as incoming', () => {
    const mine = { scheduleId: 's', scheduleName: 'S', start: '2026-11-21T17:00:00.000Z', end: '2026-11-22T08:00:00.000Z' };
    const next = { scheduleId: 's', scheduleName: 'S', start: '2026-11-22T08:00:00.000Z', end: '2026-11-23T08:00:00.000Z' };
    const records = [
      { v: 1, seq: 1, ts: mine.start, type: 'shift.started', data: { ...mine, person: 'Alice Example' } },
      { v: 1, seq: 2, ts: next.start, type: 'shift.started', data: { ...next, person: 'Bob Example' } },
    ].map(parseRecord);
    expect(lastShiftInJournal(records, ['alice example'])).toMatchObject({ outgoing: 'Alice Example', incoming: 'Bob Example', start: Date.parse(mine.start) });
    expect(lastShiftInJournal(records, [])).toMatchObject({ outgoing: 'Bob Example', incoming: '' });
    expect(lastShiftInJournal(records, ['Carol'])).toMatchObject({ outgoing: 'Bob Example' });
    expect(lastShiftInJournal([], ['Alice'])).toBeNull();
  });

  it('opens the draft at the end of a shift by asking the window for the Handoff view', () => {
    const seen: unknown[] = [];
    const disconnect = alice.hub.connect((name, payload) => seen.push([name, payload]));
    alice.handoff.openHandoffDraft();
    disconnect();
    expect(seen).toEqual([['navigate', { view: 'handoff' }]]);
  });
});
