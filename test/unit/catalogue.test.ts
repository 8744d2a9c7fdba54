import { describe, expect, it } from 'vitest';
import { catalogue, type EventData, type EventType, type WordsContext } from '../../shared/events';
import { describeRecord, isEvent, kindOfType, parseRecord, type JournalRecord } from '../../shared/records';
import { followupsProjection, logEntryAt, logProjection, notesProjection } from '../../shared/action-log';
import { pagesProjection } from '../../shared/page-fold';
import { fold } from '../../electron/projection';

const TS = '2026-11-21T19:15:00.000Z';
let seq = 0;
const record = <T extends EventType>(type: T, data: EventData<T>, ts = TS): JournalRecord => parseRecord({ v: 1, seq: ++seq, ts, type, data });

const PAGE = 'am:0000000000000007';
const received: EventData<'page.received'> = {
  pageId: PAGE,
  sourceId: 'am',
  sourceName: 'payments-am',
  dedupKey: '0000000000000007',
  title: 'HighErrorRate checkout',
  severity: 'critical',
  labels: { alertname: 'HighErrorRate' },
  annotations: {},
  startsAt: '2026-11-21T19:10:00.000Z',
  kind: 'alertmanager',
};
const silence: EventData<'silence.created'> = {
  silenceId: 's-1',
  sourceId: 'am',
  matchers: [{ name: 'alertname', value: 'HighErrorRate', isRegex: false, isEqual: true }],
  startsAt: TS,
  endsAt: '2026-11-21T20:15:00.000Z',
  createdBy: 'Alice',
  comment: 'deploying a fix',
  pageId: PAGE,
};

/** Where pages are named (the Log, the handoff timeline) and where they are not (a page's own history). */
const naming: WordsContext = { pageTitle: (id) => (id === PAGE ? received.title : id), followupText: (id) => (id === 'f-1' ? 'Find the root cause' : undefined) };
const words = (r: JournalRecord, context: WordsContext = naming) => describeRecord(r, context).text;

describe('the journal catalogue: how each event reads, in one place', () => {
  it('words every page event, naming the page where the reader needs it', () => {
    const cases: [JournalRecord, string, string][] = [
      [record('page.received', received), 'Paged “HighErrorRate checkout” (critical) from payments-am', 'Paged (critical) from payments-am'],
      [
        record('page.acknowledged', { pageId: PAGE, by: 'Alice', via: 'app', until: '2026-11-21T19:30:00.000Z', comment: 'On it' }),
        'Acknowledged “HighErrorRate checkout” by Alice via app for 15 min — On it',
        'Acknowledged by Alice via app for 15 min — On it',
      ],
      [record('page.unacknowledged', { pageId: PAGE, by: 'Alice' }), 'Acknowledgement of “HighErrorRate checkout” withdrawn by Alice', 'Acknowledgement withdrawn by Alice'],
      [record('page.resolved', { pageId: PAGE, via: 'source' }), 'Resolved “HighErrorRate checkout” at the source', 'Resolved at the source'],
      [record('page.resolved', { pageId: PAGE, via: 'app', by: 'Bob' }), 'Marked “HighErrorRate checkout” handled by Bob', 'Marked handled by Bob'],
      [record('page.resolved', { pageId: PAGE, via: 'app' }), 'Marked “HighErrorRate checkout” handled by someone', 'Marked handled by someone'],
      [record('page.reopened', { pageId: PAGE, reason: 'ack-expired' }), 'Re-opened “HighErrorRate checkout”: the acknowledgement ran out', 'Re-opened: the acknowledgement ran out'],
      [record('page.reopened', { pageId: PAGE, reason: 'fired-again' }), 'Re-opened “HighErrorRate checkout”: it fired again', 'Re-opened: it fired again'],
      [record('page.reopened', { pageId: PAGE }), 'Re-opened “HighErrorRate checkout”', 'Re-opened'],
      [
        record('page.updated', { pageId: PAGE, service: { service: 'pagerduty', id: 'PINC1', assignees: ['Bob'], urgency: 'high' } }),
        'Updated “HighErrorRate checkout” at PagerDuty: assigned to Bob, urgency high',
        'Updated at PagerDuty: assigned to Bob, urgency high',
      ],
    ];
    for (const [r, named, unnamed] of cases) {
      expect(words(r)).toBe(named);
      expect(words(r, {})).toBe(unnamed);
    }
  });

  it('words silences, notes, follow-ups, shifts, runbook steps and handoffs', () => {
    expect(words(record('silence.created', silence))).toBe('Silenced by Alice until 2026-11-21T20:15:00.000Z (alertname="HighErrorRate"): deploying a fix');
    expect(words(record('silence.created', silence), { time: () => 'Sat 21 Nov, 21:15 CET' })).toBe('Silenced by Alice until Sat 21 Nov, 21:15 CET (alertname="HighErrorRate"): deploying a fix');
    expect(words(record('silence.expired', { silenceId: 's-1', sourceId: 'am', by: 'Bob' }))).toBe('Silence s-1 ended by Bob');
    expect(words(record('silence.expired', { silenceId: 's-1', sourceId: 'am' }))).toBe('Silence s-1 ended');
    expect(words(record('note.added', { id: 'n-1', text: 'Rolled back api to v41' }))).toBe('Rolled back api to v41');
    expect(words(record('followup.added', { id: 'f-1', text: 'Find the root cause', owner: 'Bob', due: '2026-11-30' }))).toBe('Follow-up: Find the root cause (owner Bob, due Mon, 30 Nov 2026)');
    expect(words(record('followup.added', { id: 'f-2', text: 'Rotate the cert' }))).toBe('Follow-up: Rotate the cert');
    expect(words(record('followup.closed', { id: 'f-1', comment: 'found it' }))).toBe('Closed follow-up: Find the root cause — found it');
    expect(words(record('followup.closed', { id: 'f-9' }))).toBe('Closed follow-up: f-9');
    const shift = { scheduleId: 'p', scheduleName: 'Payments primary', person: 'Alice', start: TS, end: TS };
    expect(words(record('shift.started', shift))).toBe('Alice went on call (Payments primary)');
    expect(words(record('shift.ended', shift))).toBe('Alice went off call (Payments primary)');
    expect(words(record('runbook.step.done', { runbookId: 'rb', runbookTitle: 'API errors', step: 'Check the deploy log', done: true }))).toBe('Done: “Check the deploy log” in API errors');
    expect(words(record('runbook.step.done', { runbookId: 'rb', runbookTitle: 'API errors', step: 'Check the deploy log', done: false }))).toBe('Undone: “Check the deploy log” in API errors');
    expect(words(record('handoff.sent', { draftId: 'd', from: 'Alice', to: 'Bob Example', start: TS, end: TS, openPages: 2, openFollowups: 1 }))).toBe('Handed over to Bob Example (2 open page(s), 1 follow-up(s))');
    expect(words(record('handoff.sent', { draftId: 'd', from: 'Alice', to: '', start: TS, end: TS, openPages: 0, openFollowups: 0 }))).toBe('Handed over (0 open page(s), 0 follow-up(s))');
    const openPage = { pageId: 'p', title: 't', severity: 'high' as const, since: TS, lastAction: '', nextStep: '' };
    const handoff = { handoffId: 'h', from: 'Carol', to: 'Bob', scheduleName: 'S', start: TS, end: TS, summary: '', notes: '', openPages: [openPage], followupIds: ['a', 'b'] };
    expect(words(record('handoff.received', handoff))).toBe('Handed over to you by Carol: 1 open page(s) (t), 2 follow-up(s)');
    expect(words(record('handoff.received', { ...handoff, from: '' }))).toBe('Handed over to you by the previous on-call: 1 open page(s) (t), 2 follow-up(s)');
    expect(words(record('handoff.edited', { draftId: 'x', summary: { mood: 'quiet', text: '' }, nextStep: { pageId: 'p', text: 't' } }))).toBe('Edited the handoff: summary, a next step');
    expect(words(record('handoff.edited', { draftId: 'x' }))).toBe('Edited the handoff: nothing');
  });

  it('words what an assistant read, with the tool and the argument that matters', () => {
    const cases: [EventData<'assistant.read'>, string, string][] = [
      [{ tool: 'connect' }, 'An assistant connected to Baton (baton mcp)', 'An assistant connected to Baton (baton mcp)'],
      [{ tool: 'who_is_on_call' }, 'Assistant read who is on call (who_is_on_call)', 'Assistant read who is on call (who_is_on_call)'],
      [{ tool: 'who_is_on_call', schedule: 'Payments primary' }, 'Assistant read who is on call in Payments primary (who_is_on_call)', 'Assistant read who is on call in Payments primary (who_is_on_call)'],
      [{ tool: 'open_pages' }, 'Assistant read the open pages (open_pages)', 'Assistant read the open pages (open_pages)'],
      [{ tool: 'page_details', pageId: PAGE }, 'Assistant read the page “HighErrorRate checkout”, its history and runbook (page_details)', 'Assistant read a page, its history and runbook (page_details)'],
      [{ tool: 'handoff_draft' }, 'Assistant read the handoff draft (handoff_draft)', 'Assistant read the handoff draft (handoff_draft)'],
      // A tool a newer Baton adds still reads as something.
      [{ tool: 'search_runbooks' }, 'Assistant used search_runbooks', 'Assistant used search_runbooks'],
    ];
    for (const [data, named, unnamed] of cases) {
      expect(words(record('assistant.read', data))).toBe(named);
      expect(words(record('assistant.read', data), {})).toBe(unnamed);
    }
    expect(describeRecord(record('assistant.read', { tool: 'page_details', pageId: PAGE })).links).toEqual({ pageId: PAGE });
  });

  it('words holds, digests and escalations of pages', () => {
    expect(words(record('page.held', { pageId: 'p', until: '2026-11-23T08:00:00.000Z' }), { time: () => 'Mon 23 Nov, 09:00 CET' })).toBe('Held until support hours (Mon 23 Nov, 09:00 CET)');
    expect(words(record('page.digest', { pageIds: ['a', 'b'], left: ['c'], reason: 'support-hours' }))).toBe('Digest of 2 page(s) held outside support hours delivered');
    expect(words(record('page.digest', { pageIds: ['a'], left: [], reason: 'critical' }))).toBe('A held page became critical and broke through');
    expect(words(record('page.escalated', { pageId: 'p', severity: 'critical', from: 'warning' }))).toBe('Escalated “p” from warning to critical');
  });

  it('words coverage gaps with their length and reason, and acceptances from either side', () => {
    const gap = { reason: 'asleep' as const, start: '2026-11-21T01:40:00.000Z', end: '2026-11-21T02:00:00.000Z' };
    expect(words(record('coverage.gap', gap), { time: (iso) => iso.slice(11, 16) })).toBe('Could not page you for 20 min (01:40 to 02:00): the computer was asleep');
    expect(words(record('coverage.gap', { ...gap, reason: 'unreachable' }))).toBe(
      'Could not page you for 20 min (2026-11-21T01:40:00.000Z to 2026-11-21T02:00:00.000Z): every alert source was unreachable',
    );
    const accepted = { handoffId: 'h', by: 'Bob', from: 'Alice', at: '2026-11-21T08:03:00.000Z', side: 'peer' as const };
    expect(words(record('handoff.accepted', accepted), { time: () => 'Sat 21 Nov, 09:03 CET' })).toBe('Bob accepted the handoff at Sat 21 Nov, 09:03 CET');
    expect(words(record('handoff.accepted', { ...accepted, side: 'me' }))).toBe('I have it: accepted the handoff from Alice');
    expect(words(record('handoff.accepted', { ...accepted, verifiedAt: '2026-11-21T07:52:00.000Z' }), { time: (iso) => iso.slice(11, 16) })).toBe('Bob accepted the handoff at 08:03; alerting verified at 07:52');
  });

  it('words investigation notes on a page, and readiness checks', () => {
    const time = { ...naming, time: (iso: string) => iso.slice(11, 16) };
    expect(words(record('page.investigation', { pageId: PAGE, kind: 'tried', text: 'Rolled back 4.2' }), time)).toBe('Tried “HighErrorRate checkout”: Rolled back 4.2');
    expect(words(record('page.investigation', { pageId: PAGE, kind: 'ruled-out', text: 'the database' }), {})).toBe('Ruled out: the database');
    expect(words(record('page.investigation', { pageId: PAGE, kind: 'checkpoint', text: 'error rate below 1 %?', checkpointAt: '2026-11-21T20:30:00.000Z' }), time)).toBe(
      'Next checkpoint “HighErrorRate checkout” at 20:30: error rate below 1 %?',
    );
    expect(words(record('readiness.checked', { checkId: 'c', problems: [], warnings: 1, tookMs: 80 }))).toBe('Readiness check: Baton can reach you (1 thing(s) to look at)');
    expect(words(record('readiness.checked', { checkId: 'c', problems: [{ id: 'daemon', label: 'Notification service', detail: 'none' }], warnings: 0, tookMs: 80 }))).toBe('Readiness check: 1 problem(s): Notification service');
    expect(words(record('readiness.confirmed', { checkId: 'c', saw: true }))).toBe('Verified alerting: the test notification was seen and heard');
  });

  it('gives every event type a kind from the Log filter, and links to what it concerns', () => {
    expect(Object.entries(catalogue).map(([type, spec]) => [type, spec.kind])).toEqual([
      ['note.added', 'note'],
      ['followup.added', 'followup'],
      ['followup.closed', 'followup'],
      ['page.received', 'page'],
      ['page.acknowledged', 'page'],
      ['page.unacknowledged', 'page'],
      ['page.resolved', 'page'],
      ['page.updated', 'page'],
      ['page.reopened', 'page'],
      ['silence.created', 'silence'],
      ['silence.expired', 'silence'],
      ['shift.started', 'shift'],
      ['shift.ended', 'shift'],
      ['runbook.step.done', 'runbook'],
      ['handoff.edited', 'handoff'],
      ['handoff.sent', 'handoff'],
      ['handoff.received', 'handoff'],
      ['coverage.gap', 'shift'],
      ['handoff.accepted', 'handoff'],
      ['page.investigation', 'page'],
      ['readiness.checked', 'shift'],
      ['readiness.confirmed', 'shift'],
      ['assistant.read', 'assistant'],
      ['page.held', 'page'],
      ['escalation.rules', 'shift'],
      ['page.escalated', 'page'],
      ['page.digest', 'page'],
    ]);
    expect(describeRecord(record('page.held', { pageId: PAGE, until: TS })).links).toEqual({ pageId: PAGE });
    expect(describeRecord(record('note.added', { id: 'n', text: 'x', pageId: PAGE, runbookId: 'rb' })).links).toEqual({ noteId: 'n', pageId: PAGE, runbookId: 'rb' });
    expect(describeRecord(record('followup.added', { id: 'f', text: 'x', noteId: 'n' })).links).toMatchObject({ followupId: 'f', noteId: 'n' });
    expect(describeRecord(record('silence.created', silence)).links).toEqual({ pageId: PAGE });
    expect(describeRecord(record('runbook.step.done', { runbookId: 'rb', runbookTitle: 'T', step: 's', done: true, pageId: PAGE })).links).toEqual({ pageId: PAGE, runbookId: 'rb' });
    expect(kindOfType('page.teleported')).toBe('page');
    expect(kindOfType('status.changed')).toBe('other');
  });
});

describe('records the catalogue cannot read', () => {
  const odd = [
    { v: 1, seq: 1, ts: TS, type: 'page.acknowledged', data: null },
    { v: 1, seq: 2, ts: TS, type: 'page.acknowledged', data: { pageId: PAGE, by: 'Alice', via: 'carrier pigeon' } },
    { v: 2, seq: 3, ts: TS, type: 'page.teleported', data: { pageId: PAGE, to: 'Bob' } },
  ].map(parseRecord);

  it('become explicit unknown records that say why, keeping type and payload', () => {
    expect(odd.map((r) => r.problem)).toEqual([
      'Invalid input: expected object, received null',
      expect.stringMatching(/^via: /),
      'page.teleported is not an event this version of Baton knows',
    ]);
    expect(odd.map((r) => [r.seq, r.type, r.data])).toEqual([
      [1, 'page.acknowledged', null],
      [2, 'page.acknowledged', { pageId: PAGE, by: 'Alice', via: 'carrier pigeon' }],
      [3, 'page.teleported', { pageId: PAGE, to: 'Bob' }],
    ]);
    expect(odd.some((r) => isEvent(r, 'page.acknowledged'))).toBe(false);
  });

  it('show in the Log as unreadable, of their kind and linked to their page, while every projection folds past them', () => {
    const records = [record('page.received', received), ...odd, record('note.added', { id: 'n', text: 'still here' })];
    const errors: number[] = [];
    const log = fold(logProjection, records, (r) => errors.push(r.seq));
    const entries = log.records.map((_, i) => logEntryAt(log, i));
    expect(entries.map((e) => e.text)).toEqual([
      'Paged “HighErrorRate checkout” (critical) from payments-am',
      'Unreadable page.acknowledged record (Invalid input: expected object, received null): null',
      expect.stringMatching(/^Unreadable page\.acknowledged record \(via: .*\): \{"pageId":"am:0000000000000007","by":"Alice","via":"carrier pigeon"\}$/),
      'Unreadable page.teleported record (page.teleported is not an event this version of Baton knows): {"pageId":"am:0000000000000007","to":"Bob"}',
      'still here',
    ]);
    expect(entries.slice(1, 4).map((e) => [e.kind, e.pageId])).toEqual([
      ['page', undefined],
      ['page', PAGE],
      ['page', PAGE],
    ]);
    const pages = fold(pagesProjection, records, (r) => errors.push(r.seq));
    expect(pages.pages.get(PAGE)?.status).toBe('triggered');
    expect(fold(notesProjection, records, (r) => errors.push(r.seq)).byId.size).toBe(1);
    expect(fold(followupsProjection, records, (r) => errors.push(r.seq)).byId.size).toBe(0);
    expect(errors).toEqual([]);
  });
});
