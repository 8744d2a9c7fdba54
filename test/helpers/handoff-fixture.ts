import type { EventData, EventType } from '../../shared/events';
import { JOURNAL_VERSION } from '../../shared/events';
import { parseRecord, type JournalRecord } from '../../shared/records';
import { buildHandoff, HandoffSettingsSchema, type HandoffReport } from '../../shared/handoff';

/**
 * A small, fixed night shift (Sat 21 Nov 2026 18:00 → Sun 22 Nov 09:00 CET) with text an attacker
 * could put in an alert (HTML, Markdown links, an HTML-comment terminator), used by the golden
 * Markdown test, the HTML screenshot and the e2e tests.
 */
export const NIGHT = { start: Date.UTC(2026, 10, 21, 17, 0), end: Date.UTC(2026, 10, 22, 8, 0) };

export const HOSTILE_TITLE = 'Disk <img src=x onerror=alert(1)> [click](javascript:alert(2)) *full* --> on db-1';

type Planned = [ts: string, type: EventType, data: EventData<EventType>];

export function nightEvents(): Planned[] {
  const ev = <T extends EventType>(ts: string, type: T, data: EventData<T>): Planned => [ts, type, data as EventData<EventType>];
  const am = { sourceId: 'am-payments', sourceName: 'payments-alertmanager' };
  return [
    ev('2026-11-21T17:00:00.000Z', 'shift.started', { scheduleId: 'payments-primary', scheduleName: 'Payments primary', person: 'Alice Example', start: '2026-11-21T17:00:00.000Z', end: '2026-11-22T08:00:00.000Z' }),
    ev('2026-11-21T19:12:05.000Z', 'page.received', {
      pageId: 'am-payments:a1b2c3d4e5f60718:1', ...am, dedupKey: 'a1b2c3d4e5f60718', title: 'HighErrorRate checkout', severity: 'critical',
      labels: { alertname: 'HighErrorRate', service: 'checkout' }, annotations: { summary: '5xx above 5 %', runbook_url: 'https://runbooks.example.com/payments/high-error-rate' },
      runbookUrl: 'https://runbooks.example.com/payments/high-error-rate', startsAt: '2026-11-21T19:11:30.000Z',
    }),
    ev('2026-11-21T19:15:05.000Z', 'page.acknowledged', { pageId: 'am-payments:a1b2c3d4e5f60718:1', by: 'Alice Example', via: 'notification' }),
    ev('2026-11-21T19:20:00.000Z', 'runbook.step.done', { runbookId: 'rb-her', runbookTitle: 'High error rate', step: 'Roll back the last deploy', done: true, pageId: 'am-payments:a1b2c3d4e5f60718:1' }),
    ev('2026-11-21T19:41:05.000Z', 'page.resolved', { pageId: 'am-payments:a1b2c3d4e5f60718:1', via: 'source' }),
    ev('2026-11-21T23:30:10.000Z', 'page.received', {
      pageId: 'am-platform:9a8b7c6d5e4f3021:1', sourceId: 'am-platform', sourceName: 'platform-alertmanager', dedupKey: '9a8b7c6d5e4f3021', title: HOSTILE_TITLE, severity: 'warning',
      labels: { alertname: 'DiskWillFillIn4h', instance: 'db-1' }, annotations: {}, startsAt: '2026-11-21T23:29:00.000Z',
    }),
    ev('2026-11-21T23:52:10.000Z', 'page.acknowledged', { pageId: 'am-platform:9a8b7c6d5e4f3021:1', by: 'Alice Example', via: 'app', comment: 'expanding the volume' }),
    ev('2026-11-21T23:58:00.000Z', 'note.added', { id: 'n-1', text: 'Volume at 93 %.\nExpansion needs a maintenance window.', pageId: 'am-platform:9a8b7c6d5e4f3021:1' }),
    ev('2026-11-22T00:05:00.000Z', 'silence.created', {
      silenceId: '0b7e3c52-91a4-4d11-8f0e-2c3d4e5f6a7b', sourceId: 'am-platform',
      matchers: [{ name: 'alertname', value: 'DiskWillFillIn4h', isRegex: false, isEqual: true }],
      startsAt: '2026-11-22T00:05:00.000Z', endsAt: '2026-11-22T12:00:00.000Z', createdBy: 'Alice Example', comment: 'Until the maintenance window', pageId: 'am-platform:9a8b7c6d5e4f3021:1',
    }),
    ev('2026-11-22T00:10:00.000Z', 'followup.added', { id: 'fu-disk', text: 'Expand db-1 volume in the maintenance window', owner: 'Bob Example', due: '2026-11-24' }),
    // The laptop slept 20 minutes (02:10 to 02:30 CET); the gap is journaled when it wakes.
    ev('2026-11-22T01:30:02.000Z', 'coverage.gap', { reason: 'asleep', start: '2026-11-22T01:10:00.000Z', end: '2026-11-22T01:30:00.000Z' }),
    ev('2026-11-22T03:20:00.000Z', 'page.received', {
      pageId: 'am-payments:0f1e2d3c4b5a6978:1', ...am, dedupKey: '0f1e2d3c4b5a6978', title: 'PaymentLatencyP99 gateway', severity: 'high',
      labels: { alertname: 'PaymentLatencyP99' }, annotations: {}, startsAt: '2026-11-22T03:19:00.000Z',
    }),
    ev('2026-11-22T03:30:00.000Z', 'page.resolved', { pageId: 'am-payments:0f1e2d3c4b5a6978:1', via: 'source' }),
    ev('2026-11-22T03:45:00.000Z', 'page.received', {
      pageId: 'am-payments:0f1e2d3c4b5a6978:2', ...am, dedupKey: '0f1e2d3c4b5a6978', title: 'PaymentLatencyP99 gateway', severity: 'high',
      labels: { alertname: 'PaymentLatencyP99' }, annotations: {}, startsAt: '2026-11-22T03:44:00.000Z',
    }),
    ev('2026-11-22T03:55:00.000Z', 'page.resolved', { pageId: 'am-payments:0f1e2d3c4b5a6978:2', via: 'source' }),
    ev('2026-11-22T04:10:00.000Z', 'page.received', {
      pageId: 'am-payments:0f1e2d3c4b5a6978:3', ...am, dedupKey: '0f1e2d3c4b5a6978', title: 'PaymentLatencyP99 gateway', severity: 'high',
      labels: { alertname: 'PaymentLatencyP99' }, annotations: {}, startsAt: '2026-11-22T04:09:00.000Z',
    }),
    ev('2026-11-22T07:30:00.000Z', 'followup.added', { id: 'fu-latency', text: 'Tune PaymentLatencyP99: it flaps at night', owner: 'Alice Example' }),
  ];
}

/** The fixture as journal records, read the way the journal reads them at open (for the pure builder). */
export function nightRecords(): JournalRecord[] {
  return nightEvents().map(([ts, type, data], i) => parseRecord({ v: JOURNAL_VERSION, seq: i + 1, ts, type, data }));
}

/** Alice's report of the night for Bob on Payments primary, with the default settings; override what a test varies. */
export function nightReport(overrides: Partial<Parameters<typeof buildHandoff>[0]> = {}): HandoffReport {
  return buildHandoff({
    records: nightRecords(),
    window: { start: NIGHT.start, end: NIGHT.end, timeZone: 'Europe/Berlin' },
    now: NIGHT.end + 15 * 60_000,
    scheduleId: 'payments-primary',
    scheduleName: 'Payments primary',
    outgoing: 'Alice Example',
    incoming: 'Bob Example',
    settings: HandoffSettingsSchema.parse({}),
    ...overrides,
  });
}
