import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call, startServices, tempDir, type TestServices } from '../helpers/services';
import { manualClock, type ManualClock } from '../helpers/clock';
import { eventually, until } from '../helpers/wait';
import { freePort, startAlertmanager, type RealAlertmanager } from '../helpers/alertmanager';
import { renderMarkdown } from '../../shared/handoff';
import { COVERAGE_FILE } from '../../electron/coverage/heartbeat';
import { HEARTBEAT_MS } from '../../electron/coverage';
import { isEvent, type JournalRecord } from '../../shared/records';

/**
 * Coverage gaps with an injected clock: Alice is on call on a weekly rota (Mon 9 Nov 2026 09:00
 * Berlin to Mon 16 Nov 09:00). Sleep, a stopped Baton, unreachable sources and a pause during the
 * shift each become a `coverage.gap`; the handoff reports them; what fired meanwhile is told.
 */
const MIN = 60_000;
let services: TestServices | null = null;
afterEach(async () => {
  await services?.dispose();
  services = null;
});

async function onCall(clock: ManualClock, dataDir = tempDir()) {
  services = await startServices({ dataDir, clock });
  await call(services, 'updateSettings', { identity: { name: 'Alice Example', emails: [] } });
  await call(services, 'addScheduleSource', {
    kind: 'rotation',
    name: 'Payments primary',
    rotation: { members: ['Alice Example', 'Bob Example'], handoffTime: '09:00', handoffWeekday: 1, length: 'weekly', startDate: '2026-11-09', timeZone: 'Europe/Berlin', overrides: [] },
  });
  return services;
}

const gaps = (s: TestServices) => s.journal.records().filter((r): r is JournalRecord<'coverage.gap'> => isEvent(r, 'coverage.gap')).map((r) => r.data);
const draft = async (s: TestServices) => (await call(s, 'getHandoffDraft', { kind: 'shift' })).report;

describe('coverage gaps during a shift', () => {
  it('a 20-minute sleep shows in the journal, the handoff and its Markdown', async () => {
    const clock = manualClock('2026-11-10T00:55:00Z');
    const s = await onCall(clock);
    expect(s.hub.get().shift!.me.onCall).toBe(true);
    clock.advance(5 * MIN);
    s.suspend();
    clock.set(Date.parse('2026-11-10T01:20:00Z'));
    s.resume();
    await s.coverage.settled();
    expect(gaps(s)).toEqual([{ reason: 'asleep', start: '2026-11-10T01:00:00.000Z', end: '2026-11-10T01:20:00.000Z' }]);
    // Nothing fired while asleep: Baton says so.
    expect(s.notified.at(-1)).toMatchObject({ title: 'Baton could not page you for 20 min: the computer was asleep', body: 'Nothing fired from Tue 10 Nov, 02:00 CET to Tue 10 Nov, 02:20 CET.', urgency: 'normal' });

    const report = await draft(s);
    expect(report.coverage).toEqual({ gaps: [{ reason: 'asleep', start: '2026-11-10T01:00:00.000Z', end: '2026-11-10T01:20:00.000Z', minutes: 20 }], uncoveredMinutes: 20 });
    expect(renderMarkdown(report)).toContain('## Coverage (20 min not covered)\n\n- Tue 10 Nov, 02:00 CET to Tue 10 Nov, 02:20 CET (20 min): the computer was asleep\n');
  });

  it('a sleep the edge never announced shows as a late heartbeat', async () => {
    const clock = manualClock('2026-11-10T00:55:00Z');
    const s = await onCall(clock);
    clock.advance(5 * MIN);
    // The heartbeat's timer fires 20 minutes late, all at once: the machine was asleep.
    clock.set(Date.parse('2026-11-10T01:21:00Z'));
    await s.coverage.settled();
    await eventually(() => expect(gaps(s)).toEqual([{ reason: 'asleep', start: '2026-11-10T01:00:00.000Z', end: '2026-11-10T01:21:00.000Z' }]));
  });

  it('keeps no heartbeat off call, and records nothing for sleep outside my shifts', async () => {
    const clock = manualClock('2026-11-08T20:00:00Z'); // Sunday evening: Alice's shift starts Monday 09:00
    const s = await onCall(clock);
    expect(s.hub.get().shift!.me.onCall).toBe(false);
    // Off call, a start writes no heartbeat (a start writes nothing unless something changed).
    expect(fs.existsSync(path.join(s.deps.dataDir, COVERAGE_FILE))).toBe(false);
    s.suspend();
    clock.set(Date.parse('2026-11-08T23:00:00Z'));
    s.resume();
    await s.coverage.settled();
    expect(gaps(s)).toEqual([]);
    // Only the shift boundary timer: no heartbeat ticks while off call.
    expect(clock.pendingTimers()).toBe(1);
  });

  it('Baton not running during the shift is a gap, found from the heartbeat at the next start', async () => {
    const dataDir = tempDir();
    const clock = manualClock('2026-11-10T10:00:00Z');
    await onCall(clock, dataDir);
    clock.advance(3 * MIN);
    await services!.dispose();
    services = null;
    const beat = JSON.parse(fs.readFileSync(path.join(dataDir, COVERAGE_FILE), 'utf8')) as { beat: string };
    expect(beat.beat).toBe('2026-11-10T10:03:00.000Z');

    clock.set(Date.parse('2026-11-10T10:48:00Z'));
    const s = await onCall(clock, dataDir);
    await s.coverage.settled();
    expect(gaps(s)).toEqual([{ reason: 'not-running', start: '2026-11-10T10:03:00.000Z', end: '2026-11-10T10:48:00.000Z' }]);
    expect(s.notified.at(-1)?.title).toBe('Baton could not page you for 45 min: Baton was not running');
  });

  it('a restart within the heartbeat interval is no gap', async () => {
    const dataDir = tempDir();
    const clock = manualClock('2026-11-10T10:00:00Z');
    await onCall(clock, dataDir);
    await services!.dispose();
    clock.advance(HEARTBEAT_MS);
    const s = await onCall(clock, dataDir);
    await s.coverage.settled();
    expect(gaps(s)).toEqual([]);
  });

  it('a pause of notifications during the shift is a gap, from the pause to its own end', async () => {
    const clock = manualClock('2026-11-10T12:00:00Z');
    const s = await onCall(clock);
    await call(s, 'pauseNotifications', { minutes: 15 });
    clock.advance(15 * MIN);
    await s.coverage.settled();
    expect(gaps(s)).toEqual([{ reason: 'paused', start: '2026-11-10T12:00:00.000Z', end: '2026-11-10T12:15:00.000Z' }]);
  });

  it('every alert source unreachable is a gap, until no failing source is left', async () => {
    const clock = manualClock('2026-11-10T12:00:00Z');
    const s = await onCall(clock);
    // The webhook receiver of these services listens: with it on, a source is always reachable.
    await call(s, 'updatePagesConfig', { webhook: { enabled: false, port: 9095 } });
    const port = await freePort(); // nothing listens there
    const source = await call(s, 'savePageSource', { name: 'am', url: `http://127.0.0.1:${port}`, intervalSeconds: 30 });
    await until('the poll to fail', () => s.hub.get().pages.sources.find((x) => x.id === source.id)?.lastError);
    clock.advance(10 * MIN);
    await call(s, 'removePageSource', { id: source.id });
    await s.coverage.settled();
    // A source removed leaves no enabled one: nothing is unreachable any more.
    expect(gaps(s)).toEqual([{ reason: 'unreachable', start: '2026-11-10T12:00:00.000Z', end: '2026-11-10T12:10:00.000Z' }]);
  });
});

describe('what fired while the laptop slept', () => {
  let alertmanager: RealAlertmanager;
  beforeAll(async () => {
    alertmanager = await startAlertmanager();
  });
  afterAll(async () => {
    await alertmanager?.stop();
  });

  it('looks at the sources on waking and names what fired during the gap', async () => {
    const clock = manualClock('2026-11-10T00:55:00Z');
    const s = await onCall(clock);
    await call(s, 'savePageSource', { name: 'payments-am', url: alertmanager.url, intervalSeconds: 3600 });
    clock.advance(5 * MIN);
    s.suspend();
    await alertmanager.postAlerts([{ labels: { alertname: 'CheckoutDown', severity: 'critical' }, startsAt: '2026-11-10T01:07:00.000Z' }]);
    clock.set(Date.parse('2026-11-10T01:20:00Z'));
    s.resume();
    await s.coverage.settled();
    expect(s.notified.at(-1)).toMatchObject({
      title: 'Baton could not page you for 20 min: the computer was asleep',
      body: '1 alert(s) fired from Tue 10 Nov, 02:00 CET to Tue 10 Nov, 02:20 CET: CheckoutDown. 1 still open.',
      urgency: 'critical',
    });
  });
});
