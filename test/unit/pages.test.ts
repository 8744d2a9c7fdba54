import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../helpers/clock';
import { until } from '../helpers/wait';
import { startServices, tempDir, appSender, type TestServices } from '../helpers/services';
import { AlertmanagerWebhookSchema, fromWebhookAlert } from '../../electron/pages/normalise';
import { matches, parseMatcher, severityFrom, shouldNotify } from '../../shared/pages';
import { trayModel } from '../../shared/tray';
import { NOT_PAUSED } from '../../shared/pause';
import type { IncomingAlert } from '../../electron/pages/normalise';

const START = '2026-11-20T09:00:00Z';

function alert(n: number, overrides: Partial<IncomingAlert> = {}): IncomingAlert {
  const fingerprint = n.toString(16).padStart(16, '0');
  return {
    pageId: `am:${fingerprint}`,
    kind: 'alertmanager',
    dedupKey: fingerprint,
    title: `PaymentsLatencyHigh: p99 above 2s on api-${n}`,
    severity: 'critical',
    labels: { alertname: 'PaymentsLatencyHigh', instance: `api-${n}:9100`, severity: 'critical', team: 'payments' },
    annotations: { summary: `p99 above 2s on api-${n}`, runbook_url: 'https://runbooks.example.com/payments/latency' },
    runbookUrl: 'https://runbooks.example.com/payments/latency',
    startsAt: '2026-11-20T08:59:30.000Z',
    firing: true,
    ...overrides,
  };
}

const source = { id: 'am-test', name: 'payments-am' };

describe('alert normalisation and rules', () => {
  it('parses an Alertmanager 0.34 webhook with notification_reason, routeLabels and truncatedAlerts', () => {
    const body = {
      receiver: 'baton',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'DiskFull', severity: 'page', instance: 'db-1' },
          annotations: { summary: 'Disk 97% full', runbook_url: 'https://runbooks.example.com/disk', description: 'line one\nline two' },
          startsAt: '2026-11-20T08:00:00.000Z',
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://prometheus.example:9090/graph?g0.expr=up',
          fingerprint: 'c0ffee0123456789',
        },
      ],
      groupLabels: { alertname: 'DiskFull' },
      commonLabels: { alertname: 'DiskFull' },
      commonAnnotations: {},
      externalURL: 'http://alertmanager.example:9093',
      version: '4',
      groupKey: '{}:{alertname="DiskFull"}',
      truncatedAlerts: 0,
      notification_reason: 'new_alerts',
      routeLabels: { team: 'storage' },
    };
    const parsed = AlertmanagerWebhookSchema.parse(body);
    const page = fromWebhookAlert(parsed.alerts[0]);
    expect(page).toMatchObject({
      pageId: 'am:c0ffee0123456789',
      severity: 'critical',
      title: 'DiskFull: Disk 97% full',
      runbookUrl: 'https://runbooks.example.com/disk',
      firing: true,
    });
  });

  it('drops links that are not http(s) instead of keeping them', () => {
    const page = fromWebhookAlert({
      status: 'firing',
      labels: { alertname: 'X' },
      annotations: { runbook_url: 'javascript:alert(1)' },
      startsAt: '2026-11-20T08:00:00Z',
      generatorURL: 'file:///etc/passwd',
    });
    expect(page.runbookUrl).toBeUndefined();
    expect(page.generatorUrl).toBeUndefined();
    expect(page.pageId).toMatch(/^am:[0-9a-f]{16}$/);
  });

  it('maps severities, never losing an unknown one', () => {
    expect(severityFrom('P1')).toBe('critical');
    expect(severityFrom('warning')).toBe('warning');
    expect(severityFrom('info')).toBe('info');
    expect(severityFrom(undefined)).toBe('high');
    expect(severityFrom('something-else')).toBe('high');
  });

  it('parses and applies label matchers; the first matching rule decides', () => {
    expect(parseMatcher('team="payments"')).toEqual({ name: 'team', op: '=', value: 'payments' });
    expect(parseMatcher('env=~"prod|staging"')).toEqual({ name: 'env', op: '=~', value: 'prod|staging' });
    expect(parseMatcher('not a matcher')).toBeNull();
    expect(matches({ env: 'prod' }, { name: 'env', op: '=~', value: 'prod|staging' })).toBe(true);
    expect(matches({ env: 'dev' }, { name: 'env', op: '!~', value: 'prod|staging' })).toBe(true);
    const rules = [
      { sourceId: '', severities: ['critical' as const], matchers: [], action: 'notify' as const },
      { sourceId: '', severities: [], matchers: [{ name: 'env', op: '=' as const, value: 'dev' }], action: 'mute' as const },
    ];
    expect(shouldNotify({ sourceId: 'x', severity: 'critical', labels: { env: 'dev' } }, rules)).toBe(true);
    expect(shouldNotify({ sourceId: 'x', severity: 'warning', labels: { env: 'dev' } }, rules)).toBe(false);
    expect(shouldNotify({ sourceId: 'x', severity: 'warning', labels: { env: 'prod' } }, rules)).toBe(true);
  });

  it('puts the latest open pages in the tray menu with an Ack item carrying the page id', () => {
    const model = trayModel({
      now: Date.parse(START),
      timeZone: 'UTC',
      pause: NOT_PAUSED,
      shift: null,
      openPages: 1,
      latestPages: [
        { id: 'am:1', title: 'DiskFull', severity: 'critical', status: 'triggered' },
        { id: 'am:2', title: 'CPU', severity: 'warning', status: 'acknowledged' },
      ],
    });
    expect(model.icon).toBe('paging');
    const acks = model.menu.filter((i) => i.type === 'action' && i.id === 'ack-page');
    expect(acks).toEqual([{ type: 'action', id: 'ack-page', pageId: 'am:1', label: 'Acknowledge “DiskFull”', enabled: true }]);
  });
});

describe('pages service (real journal and settings, manual clock, recorded notifications)', () => {
  let services: TestServices | undefined;
  afterEach(async () => {
    await services?.dispose();
    services = undefined;
  });

  let lastClock: ReturnType<typeof manualClock> | undefined;
  const againClock = () => lastClock!;
  async function start(dataDir = tempDir()) {
    const clock = manualClock(START);
    lastClock = clock;
    services = await startServices({ dataDir, clock });
    return { services, clock, dataDir };
  }
  const pagesOf = (s: TestServices) => s.hub.get().pages;
  const call = (s: TestServices, channel: string, args?: unknown) => s.dispatch(channel, args, appSender);

  it('journals a page before notifying, and the notification stays on screen', async () => {
    const { services: s } = await start();
    const { feature } = feat(s);
    await feature.ingest(source, [alert(1)]);
    expect(s.journal.records().map((r) => r.type)).toEqual(['page.received']);
    expect(s.notified).toHaveLength(1);
    expect(s.notified[0]).toMatchObject({ key: 'am:0000000000000001', sticky: true, urgency: 'critical' });
    expect(pagesOf(s).open.map((p) => p.id)).toEqual(['am:0000000000000001']);
    expect(s.tray().tooltip).toMatch(/1 open page/);
  });

  it('repeats a critical page every 2 min until acknowledged, with the repeat count', async () => {
    const { services: s, clock } = await start();
    const { feature } = feat(s);
    await feature.ingest(source, [alert(1)]);
    clock.advance(2 * 60_000);
    await settle();
    clock.advance(2 * 60_000);
    await settle();
    expect(s.notified.map((n) => n.title)).toEqual([
      'PaymentsLatencyHigh: p99 above 2s on api-1',
      'PaymentsLatencyHigh: p99 above 2s on api-1 (repeat 1, unacknowledged)',
      'PaymentsLatencyHigh: p99 above 2s on api-1 (repeat 2, unacknowledged)',
    ]);
    // Acknowledged in the app (a generic ack: this source has no Alertmanager API configured).
    const ack = await call(s, 'ackPage', { pageId: 'am:0000000000000001', minutes: 30 });
    expect(ack.ok).toBe(true);
    clock.advance(10 * 60_000);
    await settle();
    expect(s.notified).toHaveLength(3);
    expect(pagesOf(s).open[0]).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'Baton user' });

    // Withdrawn: it notifies again at once and repeats again.
    expect((await call(s, 'unackPage', { pageId: 'am:0000000000000001' })).ok).toBe(true);
    expect(s.notified).toHaveLength(4);
    clock.advance(2 * 60_000);
    await settle();
    expect(s.notified).toHaveLength(5);
  });

  it('does not repeat warnings, and an acknowledged alert that re-triggers notifies again', async () => {
    const { services: s, clock } = await start();
    const { feature } = feat(s);
    await feature.ingest(source, [alert(2, { severity: 'warning' })]);
    expect(s.notified[0]).toMatchObject({ sticky: false, urgency: 'normal' });
    await call(s, 'ackPage', { pageId: 'am:0000000000000002', minutes: 30 });
    // Same alert, same start: nothing new.
    await feature.ingest(source, [alert(2, { severity: 'warning' })]);
    expect(s.notified).toHaveLength(1);
    // It resolved and fired again (a later startsAt), minutes later.
    clock.advance(5 * 60_000);
    await feature.ingest(source, [alert(2, { severity: 'warning', startsAt: '2026-11-20T09:05:00.000Z' })]);
    expect(s.notified).toHaveLength(2);
    expect(pagesOf(s).open[0]).toMatchObject({ status: 'triggered', fired: 2 });
    expect(s.journal.records().map((r) => r.type)).toEqual(['page.received', 'page.acknowledged', 'page.reopened']);
  });

  it('re-opens a page whose acknowledgement ran out, and notifies again', async () => {
    const { services: s, clock } = await start();
    await s.pages.ingest(source, [alert(7)]);
    await call(s, 'ackPage', { pageId: 'am:0000000000000007', minutes: 15 });
    clock.advance(14 * 60_000);
    await settle();
    expect(s.notified).toHaveLength(1);
    clock.advance(60_000);
    await waitUntil(() => pagesOf(s).open[0]?.status === 'triggered');
    await waitUntil(() => s.notified.length === 2);
    expect(s.journal.records().at(-1)).toMatchObject({ type: 'page.reopened', data: { pageId: 'am:0000000000000007', reason: 'ack-expired' } });
    const history = await call(s, 'pageHistory', { pageId: 'am:0000000000000007' });
    expect(history.ok && (history.value as { summary: string }[]).map((h) => h.summary)).toEqual([
      'Paged (critical) from payments-am',
      'Acknowledged by Baton user via app for 15 min',
      'Re-opened: the acknowledgement ran out',
    ]);
  });

  it('groups many pages arriving together into one notification', async () => {
    const { services: s } = await start();
    const { feature } = feat(s);
    await feature.ingest(source, Array.from({ length: 12 }, (_, i) => alert(i + 1)));
    expect(s.notified).toHaveLength(1);
    expect(s.notified[0].title).toBe('12 new pages from payments-am: PaymentsLatencyHigh ×12');
    expect(s.notified[0].body).toMatch(/… and 9 more/);
    expect(pagesOf(s).open).toHaveLength(12);
  });

  it('holds back pages while paused, except critical ones unless the user opted out', async () => {
    const { services: s } = await start();
    const { feature } = feat(s);
    s.trayAction('pause-60', { showWindow: () => undefined, quit: () => undefined });
    await feature.ingest(source, [alert(1, { severity: 'warning' }), alert(2)]);
    expect(s.notified.map((n) => n.key)).toEqual(['am:0000000000000002']);
    expect((await call(s, 'updatePagesConfig', { criticalBreaksPause: false })).ok).toBe(true);
    await feature.ingest(source, [alert(3)]);
    expect(s.notified).toHaveLength(1);
    // Still journaled and listed: pause mutes, it never drops.
    expect(pagesOf(s).open).toHaveLength(3);
  });

  it('applies rules per source and severity', async () => {
    const { services: s } = await start();
    const { feature } = feat(s);
    const rules = [{ sourceId: 'am-test', severities: ['info'], matchers: [{ name: 'team', op: '=', value: 'payments' }], action: 'mute' }];
    expect((await call(s, 'updatePagesConfig', { rules })).ok).toBe(true);
    await feature.ingest(source, [alert(1, { severity: 'info' }), alert(2, { severity: 'high' })]);
    expect(s.notified.map((n) => n.key)).toEqual(['am:0000000000000002']);
  });

  it('rebuilds open pages from the journal after a restart, with no duplicate page or notification', async () => {
    const { services: s, dataDir } = await start();
    await feat(s).feature.ingest(source, [alert(1), alert(2)]);
    await call(s, 'ackPage', { pageId: 'am:0000000000000002', minutes: 60 });
    await s.dispose();
    const { services: again } = await start(dataDir);
    expect(pagesOf(again).open.map((p) => [p.id, p.status])).toEqual([
      ['am:0000000000000001', 'triggered'],
      ['am:0000000000000002', 'acknowledged'],
    ]);
    await feat(again).feature.ingest(source, [alert(1), alert(2)]);
    expect(again.notified).toHaveLength(0);
    expect(again.journal.records().filter((r) => r.type === 'page.received')).toHaveLength(2);
    // The unacknowledged critical page keeps reminding after the restart; the acknowledged one does not.
    againClock().advance(1);
    await waitUntil(() => again.notified.length === 1);
    expect(again.notified[0]).toMatchObject({ key: 'am:0000000000000001', title: expect.stringMatching(/\(repeat 1, unacknowledged\)$/) });
  });

  it('resolves a page when its source says so, and keeps the history in the journal', async () => {
    const { services: s } = await start();
    const { feature } = feat(s);
    await feature.ingest(source, [alert(1)]);
    await feature.ingest(source, [alert(1, { firing: false })]);
    expect(pagesOf(s).open).toHaveLength(0);
    expect(pagesOf(s).recent[0]).toMatchObject({ id: 'am:0000000000000001', status: 'resolved' });
    const history = await call(s, 'pageHistory', { pageId: 'am:0000000000000001' });
    expect(history.ok && (history.value as { summary: string }[]).map((h) => h.summary)).toEqual([
      'Paged (critical) from payments-am',
      'Resolved at the source',
    ]);
  });

  it('opens a page marked handled again when its source still reports it firing', async () => {
    const { services: s, clock } = await start();
    await s.pages.ingest(source, [alert(4)]);
    expect((await call(s, 'resolvePage', { pageId: 'am:0000000000000004' })).ok).toBe(true);
    expect(pagesOf(s).open).toHaveLength(0);
    clock.advance(60_000);
    await s.pages.ingest(source, [alert(4)]);
    expect(pagesOf(s).open[0]).toMatchObject({ id: 'am:0000000000000004', status: 'triggered', fired: 2 });
    expect(s.notified).toHaveLength(2);
    expect(s.journal.records().map((r) => r.type)).toEqual(['page.received', 'page.resolved', 'page.reopened']);
    expect(s.journal.records()[1].data).toMatchObject({ via: 'app', by: 'Baton user' });
  });

  it('acknowledges from the tray menu', async () => {
    const { services: s } = await start();
    await feat(s).feature.ingest(source, [alert(1)]);
    const item = s.tray().menu.find((i) => i.type === 'action' && i.id === 'ack-page');
    expect(item).toBeDefined();
    s.trayAction({ id: 'ack-page', pageId: 'am:0000000000000001' }, { showWindow: () => undefined, quit: () => undefined });
    await waitUntil(() => pagesOf(s).open[0]?.status === 'acknowledged');
    const ack = s.journal.records().find((r) => r.type === 'page.acknowledged');
    expect(ack?.data).toMatchObject({ via: 'tray', by: 'Baton user' });
    expect(s.tray().tooltip).not.toMatch(/open page/);
  });

  it('shows a notice when the notification could not be shown', async () => {
    const clock = manualClock(START);
    services = await startServices({ clock, notifier: { notify: async () => ({ ok: false, error: 'notify-send: command not found' }) } });
    await feat(services).feature.ingest(source, [alert(1)]);
    const notice = services.hub.get().notices.find((n) => n.id === 'notify-failed');
    expect(notice?.message).toMatch(/could not show a notification: notify-send: command not found/);
    // The page itself is not lost.
    expect(services.hub.get().pages.open).toHaveLength(1);
  });
});

/** The pages feature of running services, reached the way the app reaches it. */
function feat(s: TestServices) {
  return { feature: s.pages };
}

const settle = () => new Promise((r) => setTimeout(r, 20));
const waitUntil = (check: () => boolean) => until('the condition', check, 3000);
