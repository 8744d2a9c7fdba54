import { afterEach, describe, expect, it } from 'vitest';
import { startNotificationServer, type NotificationServer } from '../helpers/notification-server';
import { manualClock } from '../helpers/clock';
import { call, startServices, tempDir, type TestServices } from '../helpers/services';
import { renderMarkdown } from '../../shared/handoff/markdown';
import { until } from '../helpers/wait';
import { createDesktopNotifier } from '../../electron/notify/desktop';
import { memoryLogger } from '../../electron/log';
import { DESKTOP_ENTRY } from '../../electron/app/identity';
import { escalationSection } from '../../electron/escalation';
import { isEvent } from '../../shared/records';
import type { IncomingAlert } from '../../electron/pages/normalise';

const source = { id: 'am-payments', name: 'payments-am' };
const alert = (id: string, severity: IncomingAlert['severity'], firing = true): IncomingAlert => ({
  pageId: `am:${id}`,
  kind: 'alertmanager',
  dedupKey: id,
  title: `${id} (${severity})`,
  severity,
  labels: { alertname: id, severity },
  annotations: {},
  startsAt: '2026-10-24T20:59:00.000Z',
  firing,
});

let running: (TestServices | undefined)[] = [];
let server: NotificationServer | undefined;
afterEach(async () => {
  for (const s of running) await s?.dispose();
  running = [];
  await server?.stop();
  server = undefined;
});

describe('support hours through the real services (recording notifier; the zone is Europe/Berlin)', () => {
  it('holds warning pages on a Saturday night, lets a critical one through, keeps the hold across a restart and delivers one digest at Monday 08:00 CET after the end of DST', async () => {
    const dataDir = tempDir();
    // Saturday 24 Oct 2026, 23:00 CEST; summer time ends on the Sunday.
    const clock = manualClock('2026-10-24T21:00:00Z');
    const s = await startServices({ dataDir, clock });
    running.push(s);
    // Saved as the Settings form saves them: journaled for the handoff.
    await call(s, 'updateEscalation', { rules: escalationSection.schema.parse({ supportHours: { enabled: true, holdBelow: 'high' } }), hours: { days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' } });

    await s.pages.ingest(source, [alert('DiskFilling', 'warning'), alert('QueueSlow', 'info'), alert('CheckoutDown', 'critical')]);
    // Only the critical page notified; the held ones are in the Pages view at once.
    expect(s.notified.map((n) => n.title)).toEqual(['CheckoutDown (critical)']);
    expect(s.hub.get().pages.open.map((p) => p.id)).toEqual(expect.arrayContaining(['am:DiskFilling', 'am:QueueSlow']));
    const held = s.journal.records().filter((r) => isEvent(r, 'page.held'));
    expect(held.map((r) => r.data)).toEqual([
      { pageId: 'am:DiskFilling', until: '2026-10-26T07:00:00.000Z' },
      { pageId: 'am:QueueSlow', until: '2026-10-26T07:00:00.000Z' },
    ]);
    expect(s.tray().menu).toContainEqual({ type: 'label', label: expect.stringMatching(/^2 held until Mon 26 Oct, 08:00 CET$/) });

    // One resolves before the digest: it leaves it.
    await s.pages.ingest(source, [alert('QueueSlow', 'info', false)]);
    await s.pages.saved();
    await s.dispose();
    running = [];

    // Baton restarts on Sunday: the hold is read back from the journal.
    clock.set(Date.parse('2026-10-25T10:00:00Z'));
    const again = await startServices({ dataDir, clock });
    running.push(again);
    expect(again.pages.held()).toEqual({ count: 1, until: '2026-10-26T07:00:00.000Z' });
    expect(again.tray().tooltip).toContain('1 held until Mon 26 Oct, 08:00 CET');

    // Support hours are the Load view's business hours: moving them there moves the digest.
    const hours = await call(again, 'getTrends', { shifts: 1 }).then((t) => t.hours);
    await call(again, 'updateLoadHours', { ...hours, business: { ...hours.business, start: '09:00' } });
    expect(again.pages.held()).toEqual({ count: 1, until: '2026-10-26T08:00:00.000Z' });
    await call(again, 'updateLoadHours', hours);
    expect(again.pages.held()).toEqual({ count: 1, until: '2026-10-26T07:00:00.000Z' });

    clock.set(Date.parse('2026-10-26T06:59:59Z'));
    expect(again.notified.filter((n) => n.key === 'digest')).toEqual([]);
    clock.set(Date.parse('2026-10-26T07:00:00Z'));
    await until(() => 'the digest notification', () => again.notified.some((n) => n.key === 'digest'));
    const digest = again.notified.find((n) => n.key === 'digest')!;
    expect(digest).toMatchObject({ title: '1 page held outside support hours', body: '• DiskFilling (warning)', soundName: 'message-new-instant' });
    await again.pages.saved();
    const delivered = again.journal.records().filter((r) => isEvent(r, 'page.digest'));
    expect(delivered.map((r) => r.data)).toEqual([{ pageIds: ['am:DiskFilling'], left: ['am:QueueSlow'], reason: 'support-hours' }]);
    expect(again.pages.held()).toBeNull();

    // The handoff shows the rules in force and what was held, and when it was delivered.
    const { report } = await call(again, 'getHandoffDraft', { kind: 'custom', start: '2026-10-24T20:00:00.000Z', end: '2026-10-26T08:00:00.000Z' });
    expect(report.escalation?.held).toEqual([
      { pageId: 'am:DiskFilling', title: 'DiskFilling (warning)', heldAt: '2026-10-24T21:00:00.000Z', deliveredAt: '2026-10-26T07:00:00.000Z', outcome: 'digest' },
      { pageId: 'am:QueueSlow', title: 'QueueSlow (info)', heldAt: '2026-10-24T21:00:00.000Z', deliveredAt: null, outcome: 'left' },
    ]);
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('## Escalation and support hours');
    expect(markdown).toContain('Support hours Mon, Tue, Wed, Thu, Fri 08:00–18:00: warning and info pages held outside them; critical pages always break through');
    expect(markdown).toMatch(/DiskFilling \(warning\): held at .*, delivered in the digest at Mon 26 Oct, 08:00 CET/);
  });

  it('lets a held page through the moment its source calls it critical', async () => {
    const clock = manualClock('2026-10-24T21:00:00Z');
    const s = await startServices({ clock });
    running.push(s);
    s.settings.write(escalationSection, escalationSection.schema.parse({ supportHours: { enabled: true, holdBelow: 'critical' } }));
    await s.pages.ingest(source, [alert('LatencyHigh', 'high')]);
    expect(s.notified).toEqual([]);
    expect(s.pages.held()?.count).toBe(1);
    clock.advance(10_000);
    await s.pages.ingest(source, [alert('LatencyHigh', 'critical')]);
    expect(s.notified.map((n) => [n.title, n.urgency])).toEqual([['LatencyHigh (high)', 'critical']]);
    expect(s.pages.get('am:LatencyHigh')?.severity).toBe('critical');
    expect(s.pages.held()).toBeNull();
    await s.pages.saved();
    expect(s.journal.records().filter((r) => isEvent(r, 'page.digest')).map((r) => r.data)).toEqual([{ pageIds: ['am:LatencyHigh'], left: [], reason: 'critical' }]);
  });
});

describe('the ladder on a real D-Bus notification server', () => {
  it('sends each severity’s urgency and sound-name, shortens the repeats and plays the louder sound from the N-th unacknowledged repeat', async () => {
    server = await startNotificationServer();
    const clock = manualClock('2026-11-20T09:00:00Z');
    const notifier = createDesktopNotifier({ appName: 'Baton', log: memoryLogger(), platform: 'linux', busAddress: server.address, desktopEntry: DESKTOP_ENTRY });
    const s = await startServices({ clock, notifier });
    running.push(s);
    s.settings.write(escalationSection, escalationSection.schema.parse({ ladder: { critical: { repeatMinutes: [3, 1], louderAfter: 2, sound: 'bell', louderSound: 'phone-incoming-call' } } }));

    await s.pages.ingest(source, [alert('CheckoutDown', 'critical'), alert('DiskFilling', 'warning'), alert('Backup', 'info')]);
    const first = await server.waitForCalls(3);
    const bySummary = Object.fromEntries(first.map((c) => [c.summary, c.hints]));
    expect(bySummary['CheckoutDown (critical)']).toMatchObject({ urgency: 2, 'sound-name': 'bell' });
    expect(bySummary['DiskFilling (warning)']).toMatchObject({ urgency: 1, 'sound-name': 'message-new-instant' });
    expect(bySummary['Backup (info)']).toMatchObject({ urgency: 0, 'sound-name': 'dialog-information' });

    // Repeat 1 after the first interval (3 min), repeat 2 one minute later, louder from then on.
    clock.advance(3 * 60_000);
    const afterFirst = await server.waitForCalls(4);
    expect(afterFirst[3]).toMatchObject({ summary: 'CheckoutDown (critical) (repeat 1, unacknowledged)' });
    expect(afterFirst[3].hints['sound-name']).toBe('bell');
    clock.advance(60_000);
    const afterSecond = await server.waitForCalls(5);
    expect(afterSecond[4]).toMatchObject({ summary: 'CheckoutDown (critical) (repeat 2, unacknowledged)' });
    expect(afterSecond[4].hints['sound-name']).toBe('phone-incoming-call');
    clock.advance(60_000);
    const afterThird = await server.waitForCalls(6);
    expect(afterThird[5].hints['sound-name']).toBe('phone-incoming-call');
  });
});
