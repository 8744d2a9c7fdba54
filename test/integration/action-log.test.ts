import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../helpers/clock';
import { startServices, tempDir, type TestServices, call } from '../helpers/services';
import { actionLogFeature, closeAfterEach, featureKit } from '../helpers/feature';
import { toCsv } from '../../shared/action-log';

const started: TestServices[] = [];
async function start(dataDir = tempDir()) {
  const services = await startServices({ dataDir });
  started.push(services);
  return services;
}
afterEach(async () => {
  for (const s of started.splice(0)) await s.dispose();
});


describe('action log service', () => {
  it('logs notes and follow-ups, closes a follow-up, and rebuilds all of it after a restart', async () => {
    const dataDir = tempDir();
    let services = await start(dataDir);
    const note = await call(services, 'addNote', { text: 'Disk on db-3 at 91 %, watching', pageId: 'p-1' });
    const followup = await call(services, 'addFollowup', {
      text: 'Find out why db-3 fills up',
      noteId: note.id,
      owner: 'Bob',
      due: '2026-11-30',
    });
    const other = await call(services, 'addFollowup', { text: 'Rotate the staging cert' });
    expect(followup.status).toBe('open');
    await call(services, 'closeFollowup', { id: other.id, comment: 'done by Carol' });
    expect(services.hub.get().journal?.openFollowups.map((f) => f.text)).toEqual(['Find out why db-3 fills up']);
    await services.dispose();
    started.pop();

    services = await start(dataDir);
    const slice = services.hub.get().journal;
    expect(slice?.total).toBe(4);
    expect(slice?.openFollowups).toEqual([expect.objectContaining({ id: followup.id, owner: 'Bob', due: '2026-11-30', noteId: note.id })]);
    expect(slice?.recentlyClosed).toEqual([expect.objectContaining({ id: other.id, status: 'closed', closeComment: 'done by Carol' })]);
    const page = await call(services, 'queryLog', { offset: 0, limit: 10 });
    expect(page.entries.map((e) => [e.kind, e.text])).toEqual([
      ['followup', 'Closed follow-up: Rotate the staging cert — done by Carol'],
      ['followup', 'Follow-up: Rotate the staging cert'],
      ['followup', 'Follow-up: Find out why db-3 fills up (owner Bob, due Mon, 30 Nov 2026)'],
      ['note', 'Disk on db-3 at 91 %, watching'],
    ]);
    expect(page.entries[3]).toMatchObject({ pageId: 'p-1', followup: 'open', followupId: followup.id });
  });

  it('carries open follow-ups over shift ends until they are closed', async () => {
    const services = await start();
    const f = await call(services, 'addFollowup', { text: 'Root-cause the 3 a.m. OOM' });
    const shift = { scheduleId: 's', scheduleName: 'Primary', person: 'Alice', start: '2026-11-20T08:00:00Z', end: '2026-11-21T08:00:00Z' };
    await services.journal.append('shift.ended', shift);
    await services.journal.append('shift.started', { ...shift, person: 'Bob' });
    await services.journal.append('shift.ended', { ...shift, person: 'Bob' });
    expect(services.hub.get().journal?.openFollowups).toEqual([expect.objectContaining({ id: f.id, carriedOver: 2 })]);
  });

  it('describes events of other features with links to what they concern, and filters by kind and text', async () => {
    const services = await start();
    await services.journal.append('page.received', {
      pageId: 'am-1:c0ffee0123456789', sourceId: 'am-1', sourceName: 'Alertmanager prod', dedupKey: 'c0ffee0123456789',
      title: 'HighErrorRate api', severity: 'critical', labels: { alertname: 'HighErrorRate' }, annotations: {}, startsAt: '2026-11-20T08:00:00Z',
    });
    await services.journal.append('page.acknowledged', { pageId: 'am-1:c0ffee0123456789', by: 'Alice', via: 'app' });
    await services.journal.append('runbook.step.done', { runbookId: 'rb-api', runbookTitle: 'API errors', step: 'Check the deploy log', done: true });
    await call(services, 'addNote', { text: 'Rolled back api to v41' });

    const pages = await call(services, 'queryLog', { offset: 0, limit: 10, kinds: ['page'] });
    expect(pages.matched).toBe(2);
    expect(pages.total).toBe(4);
    expect(pages.entries[0]).toMatchObject({ text: 'Acknowledged “HighErrorRate api” by Alice via app', pageId: 'am-1:c0ffee0123456789' });
    const search = await call(services, 'queryLog', { offset: 0, limit: 10, text: 'ROLLED back' });
    expect(search.entries.map((e) => e.text)).toEqual(['Rolled back api to v41']);
    const runbook = await call(services, 'queryLog', { offset: 0, limit: 10, kinds: ['runbook'] });
    expect(runbook.entries[0]).toMatchObject({ runbookId: 'rb-api', text: 'Done: “Check the deploy log” in API errors' });
  });

  it('shows handoff events as readable lines of their own kind', async () => {
    const services = await start();
    await services.journal.append('handoff.sent', {
      draftId: 'd-1',
      from: 'Alice',
      to: 'Bob',
      start: '2026-11-16T08:00:00.000Z',
      end: '2026-11-23T08:00:00.000Z',
      openPages: 2,
      openFollowups: 1,
    });
    const page = await call(services, 'queryLog', { offset: 0, limit: 10, kinds: ['handoff'] });
    expect(page.entries.map((e) => [e.kind, e.text])).toEqual([['handoff', 'Handed over to Bob (2 open page(s), 1 follow-up(s))']]);
  });

  it('pages through a large log newest first', async () => {
    const services = await start();
    await Promise.all(Array.from({ length: 1200 }, (_, i) => services.journal.append('note.added', { id: `n${i}`, text: `note ${i}` })));
    const second = await call(services, 'queryLog', { offset: 500, limit: 500 });
    expect(second.total).toBe(1200);
    expect(second.entries[0].text).toBe('note 699');
    expect(second.entries.at(-1)?.text).toBe('note 200');
    const filtered = await call(services, 'queryLog', { offset: 10, limit: 5, text: 'note 11' });
    expect(filtered.matched).toBe(111); // 11, 110-119, 1100-1199
    expect(filtered.entries.map((e) => e.text)).toEqual(['note 1189', 'note 1188', 'note 1187', 'note 1186', 'note 1185']);
  });

  it('refuses a note over 64 KiB with a clear message, and invalid calls through the contract', async () => {
    const services = await start();
    const big = 'ä'.repeat(33 * 1024); // 66 KiB in UTF-8
    await expect(call(services, 'addNote', { text: big })).rejects.toThrow(/invalid-args: addNote: text: A note can hold at most 64 KiB; this one is 66.0 KiB/);
    await expect(call(services, 'addNote', { text: '   ' })).rejects.toThrow(/A note needs some text/);
    await expect(call(services, 'addFollowup', { text: 'x', due: 'next Friday' })).rejects.toThrow(/invalid-args.*due/);
    await expect(call(services, 'queryLog', { offset: -1, limit: 10 })).rejects.toThrow(/invalid-args/);
    await expect(call(services, 'addNote', { text: 'x', html: '<b>' })).rejects.toThrow(/invalid-args/);
    await expect(call(services, 'closeFollowup', { id: 'nope' })).rejects.toThrow(/no follow-up with that id/);
    expect(services.journal.records()).toHaveLength(0);
  });

  it('on a full disk refuses the note with a visible error and keeps nothing half-saved', async () => {
    const dataDir = tempDir();
    const clock = manualClock('2026-11-30T23:59:00Z');
    const services = await startServices({ dataDir, clock });
    started.push(services);
    await call(services, 'addNote', { text: 'before' });
    // The next append opens December's segment, which lives on a device that is always full.
    clock.advance(120_000);
    const december = path.join(dataDir, 'journal', '2026-12.jsonl');
    fs.symlinkSync('/dev/full', december);
    await expect(call(services, 'addNote', { text: 'typed during the incident' })).rejects.toThrow(
      /Your note was not saved: .*the disk is full.*still in the editor/,
    );
    expect(services.hub.get().notices).toEqual([expect.objectContaining({ id: 'journal-write-failed', level: 'error' })]);
    expect(services.hub.get().journal?.total).toBe(1);
    fs.rmSync(december);
    await call(services, 'addNote', { text: 'typed during the incident' });
    expect(services.hub.get().notices.find((n) => n.id === 'journal-write-failed')).toBeUndefined();
    expect(services.hub.get().journal?.total).toBe(2);
  });

  it('starts with an unwritable journal folder and says so, instead of failing', async () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, 'journal'), 'not a folder');
    const services = await start(dataDir);
    expect(services.hub.get().journal?.unavailable).toMatch(/Could not open the journal/);
    expect(services.hub.get().notices.map((n) => n.id)).toContain('journal-unavailable');
    await expect(call(services, 'addNote', { text: 'x' })).rejects.toThrow(/not saved/);
  });

  it('exports a time range as JSON Lines and as CSV with quoting and formulas neutralised', async () => {
    const services = await start();
    await call(services, 'addNote', { text: '=HYPERLINK("http://evil.example","click")' });
    await call(services, 'addNote', { text: 'line one\nline "two", three' });
    await call(services, 'addNote', { text: '@SUM(A1)' });
    const all = services.journal.records();
    const from = all[1].ts;
    const csv = await call(services, 'exportLog', { format: 'csv' });
    expect(csv.count).toBe(3);
    const text = fs.readFileSync(csv.path!, 'utf8');
    expect(text.split('\r\n')[0]).toBe('seq,time_utc,kind,type,text,page_id,runbook_id,note_id,followup_id');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(text).toContain('"line one\nline ""two"", three"');
    expect(text).toContain(",'@SUM(A1),");
    const jsonl = await call(services, 'exportLog', { format: 'jsonl', from, to: '2999-01-01T00:00:00Z' });
    const lines = fs.readFileSync(jsonl.path!, 'utf8').trim().split('\n').map((l): { type: string; ts: string } => JSON.parse(l));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.every((l) => l.type === 'note.added' && l.ts >= from)).toBe(true);
    await expect(call(services, 'exportLog', { format: 'csv', from: '2026-11-21T00:00:00Z', to: '2026-11-20T00:00:00Z' })).rejects.toThrow(/ends before it starts/);
  });

  it('offers "Add note…" in the tray, which shows the window and opens the note editor', async () => {
    const services = await start();
    const item = services.tray().menu.find((m) => m.type === 'action' && m.id === 'add-note');
    expect(item).toMatchObject({ label: 'Add note…', enabled: true });
    const navigations: unknown[] = [];
    services.hub.connect((name, payload) => name === 'navigate' && navigations.push(payload));
    let shown = 0;
    services.trayAction('add-note', { showWindow: () => shown++, quit: () => undefined });
    expect(shown).toBe(1);
    expect(navigations).toEqual([{ view: 'log', id: 'new-note' }]);
  });
});

describe('the action log on its own (a real journal and settings, no app)', () => {
  const cleanup = closeAfterEach();
  async function alone(dataDir = tempDir()) {
    const kit = await featureKit({ dataDir, clock: manualClock('2026-11-20T10:00:00Z') });
    cleanup.add(kit.close);
    const feature = actionLogFeature(kit);
    cleanup.add(feature.dispose);
    return { kit, ...feature };
  }

  it('publishes the journal slice as notes and follow-ups are added, and folds the same slice again from the journal', async () => {
    const dataDir = tempDir();
    const first = await alone(dataDir);
    const note = await first.handlers.addNote({ text: 'Disk on db-3 at 91 %' });
    const followup = await first.handlers.addFollowup({ text: 'Find out why db-3 fills up', noteId: note.id });
    expect(first.latest()).toMatchObject({ total: 2, notes: 1, openFollowups: [expect.objectContaining({ id: followup.id, noteId: note.id })] });
    await cleanup.run();

    const again = await alone(dataDir);
    expect(again.slices).toHaveLength(1);
    expect(again.latest()).toEqual(first.latest());
  });

  it('exports through the save function it is given, dated by the injected clock', async () => {
    const { handlers, saved } = await alone();
    await handlers.addNote({ text: 'Rolled back api to v41' });
    const result = await handlers.exportLog({ format: 'csv' });
    expect(result).toEqual({ path: saved[0], count: 1 });
    expect(path.basename(saved[0])).toBe('baton-log-2026-11-20.csv');
    expect(fs.readFileSync(saved[0], 'utf8')).toContain('Rolled back api to v41');
  });

  it('tells a journal that could not be opened as a notice, and in its slice', async () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, 'journal'), 'not a folder');
    const { kit, latest } = await alone(dataDir);
    expect(latest().unavailable).toMatch(/Could not open the journal/);
    expect(kit.noticed).toEqual([expect.objectContaining({ level: 'error', message: expect.stringMatching(/Nothing new can be saved/) })]);
  });
});

describe('csv', () => {
  it('quotes only where needed and neutralises every formula lead', () => {
    const entry = { seq: 1, ts: '2026-11-20T08:00:00.000Z', type: 'note.added', kind: 'note' as const, text: '' };
    const rows = ['plain', '+1 555', '-x', '\tcmd', 'a,b'].map((text) => toCsv([{ ...entry, text }]).split('\r\n')[1].split(',').slice(4).join(','));
    expect(rows).toEqual(['plain,,,,', "'+1 555,,,,", "'-x,,,,", "'\tcmd,,,,", '"a,b",,,,']);
  });
});
