import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlertmanager, type RealAlertmanager } from '../helpers/alertmanager';
import { appSender, startServices, type TestServices } from '../helpers/services';
import { manualClock, type ManualClock } from '../helpers/clock';
import { until } from '../helpers/wait';
import { berlin, WEEK_END, WEEK_START } from '../helpers/handoff-week';
import type { HandoffReport } from '../../shared/handoff';

/**
 * A week of pages through the real flow: Debian's Alertmanager routes alerts to Baton's own webhook
 * receiver, the pages feature turns them into journal records, the on-call acks, notes and files a
 * follow-up through the contract, and the handoff is drafted from that journal. Baton's clock is
 * moved by hand through Berlin's last week of summer time (Alertmanager keeps real time; Baton stamps
 * what it receives with its own clock). Expectations are worked out by hand from the script below.
 */

const ALERTS = {
  checkout: { alertname: 'CheckoutErrors', severity: 'critical', team: 'payments', service: 'checkout' },
  gateway: { alertname: 'GatewayLatency', severity: 'high', team: 'payments', instance: 'gw-1:9100' },
  disk: { alertname: 'DiskWillFill', severity: 'warning', team: 'payments', instance: 'db-1:9100' },
  cert: { alertname: 'CertificateExpiry', severity: 'info', team: 'payments', host: 'ingress' },
} as const;
type AlertKey = keyof typeof ALERTS;

type Step =
  | { at: number; fire: AlertKey }
  | { at: number; resolve: AlertKey }
  | { at: number; ack: AlertKey; comment: string; minutes?: number }
  | { at: number; note: string; on: AlertKey }
  | { at: number; step: AlertKey }
  | { at: number; followup: string; owner: string; due: string };

// Day 0 is Monday 19 October 2026; summer time ends early on day 6 (Sunday 25 October).
const SCRIPT: Step[] = [
  { at: berlin(0, 10, 15), fire: 'checkout' },
  { at: berlin(0, 10, 20), ack: 'checkout', comment: 'rolling back' },
  { at: berlin(0, 10, 22), step: 'checkout' },
  { at: berlin(0, 10, 40), resolve: 'checkout' },
  { at: berlin(1, 2, 30), fire: 'gateway' },
  { at: berlin(1, 2, 41), ack: 'gateway', comment: 'vendor incident' },
  { at: berlin(1, 3, 30), resolve: 'gateway' },
  { at: berlin(1, 14, 0), fire: 'disk' },
  { at: berlin(1, 15, 0), resolve: 'disk' },
  { at: berlin(1, 15, 10), fire: 'disk' },
  { at: berlin(1, 15, 20), resolve: 'disk' },
  { at: berlin(1, 15, 35), fire: 'disk' },
  { at: berlin(1, 16, 0), resolve: 'disk' },
  { at: berlin(3, 22, 0), fire: 'cert' },
  { at: berlin(4, 9, 30), resolve: 'cert' },
  { at: berlin(5, 12, 0), fire: 'gateway' },
  { at: berlin(5, 12, 5), ack: 'gateway', comment: 'same vendor issue' },
  { at: berlin(5, 12, 10), note: 'Gateway vendor confirms a routing fault on their side.', on: 'gateway' },
  { at: berlin(5, 13, 0), resolve: 'gateway' },
  { at: berlin(6, 4, 10), fire: 'checkout' },
  // Acked for three days: Alertmanager may notify the group again later, and a shorter ack would
  // (rightly) reopen the page then.
  { at: berlin(6, 4, 12), ack: 'checkout', comment: 'looking', minutes: 3 * 24 * 60 },
  { at: berlin(6, 4, 30), followup: 'Root cause of the Sunday checkout errors', owner: 'Alice Example', due: '2026-10-28' },
  { at: berlin(6, 23, 30), fire: 'disk' },
  { at: berlin(7, 8, 0), fire: 'gateway' },
];

/** A real Alertmanager groups and sends in its own time. */
const waitFor = <T>(what: string, check: () => T | undefined | false) => until(what, check, 20_000);

describe('handoff of a week of pages through a real Alertmanager, across the end of summer time', () => {
  let alertmanager: RealAlertmanager;
  let services: TestServices;
  let clock: ManualClock;
  let report: HandoffReport;
  const pageIds = new Map<AlertKey, string>();

  const call = async (channel: string, args?: unknown) => {
    const result = await services.dispatch(channel, args, appSender);
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
    return result.value;
  };
  const count = (type: string) => services.journal.records().filter((r) => r.type === type).length;

  async function fire(key: AlertKey) {
    const before = count('page.received') + count('page.reopened');
    await alertmanager.postAlerts([{ labels: { ...ALERTS[key] }, annotations: { summary: `${ALERTS[key].alertname} on payments` } }]);
    await waitFor(`${key} to page`, () => count('page.received') + count('page.reopened') > before);
    const page = await waitFor(`${key} in the open pages`, () => services.hub.get().pages.open.find((p) => p.labels.alertname === ALERTS[key].alertname));
    pageIds.set(key, page.id);
  }

  async function resolve(key: AlertKey) {
    const before = count('page.resolved');
    await alertmanager.postAlerts([{ labels: { ...ALERTS[key] }, endsAt: new Date(Date.now() - 1000).toISOString() }]);
    await waitFor(`${key} to resolve`, () => count('page.resolved') > before);
  }

  beforeAll(async () => {
    clock = manualClock(WEEK_START - 3600_000);
    services = await startServices({ clock });
    services.settings.update({ identity: { name: 'Alice Example' } });
    alertmanager = await startAlertmanager({ webhooks: [{ url: services.pages.webhookUrl()!, token: services.pages.webhookToken() }] });
    // What the shifts feature journals when my shift starts.
    clock.set(WEEK_START);
    await services.journal.append('shift.started', {
      scheduleId: 'payments-primary',
      scheduleName: 'Payments primary',
      person: 'Alice Example',
      start: new Date(WEEK_START).toISOString(),
      end: new Date(WEEK_END).toISOString(),
    });
    for (const step of SCRIPT) {
      clock.set(step.at);
      if ('fire' in step) await fire(step.fire);
      else if ('resolve' in step) await resolve(step.resolve);
      else if ('ack' in step) await call('ackPage', { pageId: pageIds.get(step.ack), minutes: step.minutes ?? 60, comment: step.comment });
      else if ('note' in step) await call('addNote', { text: step.note, pageId: pageIds.get(step.on) });
      else if ('followup' in step) await call('addFollowup', { text: step.followup, owner: step.owner, due: step.due });
      else {
        // What the runbooks feature journals when a step is ticked.
        await services.journal.append('runbook.step.done', { runbookId: 'checkout-errors', runbookTitle: 'Checkout errors', step: 'Roll back the last deploy', done: true, pageId: pageIds.get(step.step) });
      }
    }
    clock.set(WEEK_END + 30 * 60_000);
    report = ((await call('getHandoffDraft', { kind: 'shift' })) as { report: HandoffReport }).report;
  }, 180_000);

  afterAll(async () => {
    await services?.dispose();
    await alertmanager?.stop();
  });

  it('recorded the pages as Alertmanager sent them', () => {
    expect(count('page.received')).toBe(4); // one page per alert; firing again reopens it
    expect(count('page.reopened')).toBe(6);
    expect(report.header).toMatchObject({ outgoing: 'Alice Example', scheduleName: 'Payments primary', window: { timeZone: 'Europe/Berlin' } });
  });

  it('counts the pages, by severity and source, and the acknowledgements', () => {
    expect(report.stats.pages).toBe(10);
    expect(report.stats.bySeverity).toEqual({ critical: 2, high: 3, warning: 4, info: 1 });
    expect(report.stats.bySource).toEqual([{ source: 'baton', count: 10 }]);
    expect(report.stats.acknowledged).toBe(4);
    // 5, 11, 5 and 2 minutes.
    expect(report.stats.timeToAcknowledge).toEqual({ count: 4, meanMs: 5.75 * 60_000, medianMs: 5 * 60_000 });
    // 25 min, 60 min, 60, 10, 25 min, 11 h 30 min, 60 min.
    const resolved = [25, 60, 60, 10, 25, 690, 60].map((m) => m * 60_000).sort((a, b) => a - b);
    expect(report.stats.timeToResolve).toEqual({ count: 7, meanMs: Math.round(resolved.reduce((s, x) => s + x, 0) / 7), medianMs: resolved[3] });
  });

  it('judges business and sleep hours by Berlin wall time on both sides of the change', () => {
    // Outside: Tue 02:30, Thu 22:00, Sat 12:00, Sun 04:10 and 23:30 (CET), Mon 08:00.
    expect(report.stats.outsideBusinessHours).toBe(6);
    // Asleep: Tue 02:30 CEST, Sun 04:10 CET, Sun 23:30 CET.
    expect(report.stats.duringSleepHours).toBe(3);
  });

  it('finds the flapping disk alert and the repeated ones', () => {
    expect(report.stats.flapping).toEqual([{ dedupKey: expect.any(String), title: expect.stringContaining('DiskWillFill'), flaps: 2 }]);
    expect(report.stats.repeated.map((r) => [r.title.split(':')[0], r.count])).toEqual([
      ['DiskWillFill', 4],
      ['GatewayLatency', 3],
      ['CheckoutErrors', 2],
    ]);
    const disk = report.noisiest.find((n) => n.title.startsWith('DiskWillFill'));
    expect(disk).toMatchObject({ count: 4, actionTaken: false, needsTuning: true });
  });

  it('hands over what is still open, with the last action, the note and the follow-up', () => {
    const open = Object.fromEntries(report.openPages.map((p) => [p.title.split(':')[0], p]));
    expect(Object.keys(open).sort()).toEqual(['CheckoutErrors', 'DiskWillFill', 'GatewayLatency']);
    expect(open.CheckoutErrors).toMatchObject({ acknowledged: true, lastAction: { text: 'Acknowledged by Alice Example via app for 72 h — looking' } });
    expect(open.GatewayLatency).toMatchObject({ acknowledged: false, lastAction: null });
    expect(report.notes.map((n) => n.text)).toEqual(['Gateway vendor confirms a routing fault on their side.']);
    expect(report.followups).toMatchObject([{ text: 'Root cause of the Sunday checkout errors', owner: 'Alice Example', due: '2026-10-28' }]);
  });
});
