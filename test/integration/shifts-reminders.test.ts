import { afterEach, describe, expect, it } from 'vitest';
import { startServices, tempDir, type TestServices, call } from '../helpers/services';
import { manualClock, type ManualClock } from '../helpers/clock';
import { eventually } from '../helpers/wait';
import { READINESS_OFFER } from '../../electron/shifts/reminders';

const MIN = 60_000;
const HOUR = 60 * MIN;
let services: TestServices | null = null;
afterEach(async () => {
  await services?.dispose();
  services = null;
});


/** Alice and Bob alternate weekly, handing off Monday 09:00 Berlin; Alice's turn starts Mon 26 Oct, the day after summer time ends. */
async function rota(clock: ManualClock, dataDir = tempDir()) {
  services = await startServices({ dataDir, clock });
  await call(services, 'updateSettings', { identity: { name: 'Alice Example', emails: [] } });
  await call(services, 'addScheduleSource', {
    kind: 'rotation',
    name: 'Team rota',
    rotation: { members: ['Bob Builder', 'Alice Example'], handoffTime: '09:00', handoffWeekday: 1, length: 'weekly', startDate: '2026-10-19', timeZone: 'Europe/Berlin', overrides: [] },
  });
  return services;
}

/** Journal writes (real fdatasync) and notifications run after the clock moves: `eventually` waits for them, bounded. */
const macrotasks = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('reminders and shift entries with an injected clock', () => {
  it('reminds 60 and 10 min before a 09:00 CET start the day after DST ends, not an hour off', async () => {
    const clock = manualClock('2026-10-24T12:00:00Z');
    const s = await rota(clock);
    expect(s.hub.get().shift!.me.next?.start).toBe('2026-10-26T08:00:00.000Z');
    // One timer for the next moment anything changes: never a ticking interval.
    expect(clock.pendingTimers()).toBe(1);

    clock.set(Date.parse('2026-10-26T06:59:00Z'));
    await macrotasks();
    expect(s.notified).toEqual([]);
    clock.advance(MIN);
    await eventually(() => expect(s.notified.map((n) => n.title)).toEqual(['Team rota: your shift starts in 1 h 00 min']));
    expect(s.notified[0].body).toBe(`On call from Mon 26 Oct, 09:00 CET until Mon 02 Nov, 09:00 CET. ${READINESS_OFFER}`);
    clock.advance(50 * MIN);
    await eventually(() => expect(s.notified.at(-1)?.title).toBe('Team rota: your shift starts in 10 min'));

    clock.advance(10 * MIN);
    expect(s.hub.get().shift!.me.onCall).toBe(true);
    expect(s.tray().tooltip).toBe('Baton — On call until Mon 02 Nov, 09:00 CET (7 d left)');
    await eventually(() => expect(s.journal.records().filter((r) => r.type === 'shift.started')).toHaveLength(1));
    expect(s.journal.records().find((r) => r.type === 'shift.started')).toMatchObject({
      ts: '2026-10-26T08:00:00.000Z',
      data: { person: 'Alice Example', scheduleName: 'Team rota', start: '2026-10-26T08:00:00.000Z', end: '2026-11-02T08:00:00.000Z' },
    });

    // While on call the tray's "time left" is refreshed when its text changes (hourly here), by one timer.
    const pushes: string[] = [];
    const off = s.hub.onChange((_state, slice) => void (slice === 'shift' && pushes.push(new Date(clock.now()).toISOString())));
    clock.advance(3 * HOUR);
    off();
    expect(pushes).toEqual(['2026-10-26T09:00:00.000Z', '2026-10-26T10:00:00.000Z', '2026-10-26T11:00:00.000Z']);
    // Two timers: the shift's next change, and coverage's heartbeat, kept only while on call.
    expect(clock.pendingTimers()).toBe(2);
    expect(s.tray().tooltip).toBe('Baton — On call until Mon 02 Nov, 09:00 CET (6 d 21 h left)');

    const navigations: unknown[] = [];
    const disconnect = s.hub.connect((name, payload) => void (name === 'navigate' && navigations.push(payload)));
    // A clock that jumps six days looks like a laptop that slept through them: coverage tells that apart from the reminders.
    clock.set(Date.parse('2026-11-02T07:00:00Z'));
    const reminders = () => s.notified.filter((n) => n.key.startsWith('shift-reminder:'));
    await eventually(() => expect(reminders().at(-1)).toMatchObject({ title: 'Team rota: your shift ends in 1 h 00 min', body: 'Prepare your handoff: the shift ends Mon 02 Nov, 09:00 CET.' }));
    // The end-of-shift flow: the same reminder opens the handoff draft.
    expect(navigations).toEqual([{ view: 'handoff' }]);
    disconnect();
    clock.advance(HOUR);
    await eventually(() => expect(s.journal.records().filter((r) => r.type === 'shift.ended').map((r) => r.ts)).toEqual(['2026-11-02T08:00:00.000Z']));
    expect(s.tray().tooltip).toBe('Baton — Next shift Mon 09 Nov, 09:00 CET');
    await macrotasks();
    expect(reminders()).toHaveLength(3);
  });

  it('after sleeping through a whole shift, journals start and end at wake-up with the true time, once', async () => {
    const clock = manualClock('2026-10-24T12:00:00Z');
    const s = await rota(clock);
    // The laptop sleeps from Saturday to the Tuesday after the shift: no timer ran in between.
    clock.set(Date.parse('2026-11-03T10:00:00Z'));
    s.resume();
    const shiftEntries = () => s.journal.records().filter((r) => r.type.startsWith('shift.'));
    await eventually(() => expect(shiftEntries()).toHaveLength(2));
    s.resume();
    await macrotasks();
    expect(shiftEntries().map((r) => [r.type, r.ts, (r.data as { start: string }).start])).toEqual([
      ['shift.started', '2026-11-03T10:00:00.000Z', '2026-10-26T08:00:00.000Z'],
      ['shift.ended', '2026-11-03T10:00:00.000Z', '2026-10-26T08:00:00.000Z'],
    ]);
    // Reminders for a shift already over are not shown late.
    expect(s.notified).toEqual([]);
  });

  it('on resume mid-shift shows only the latest reminder, and a restart writes no duplicate entry', async () => {
    const clock = manualClock('2026-10-25T12:00:00Z');
    const dataDir = tempDir();
    const s = await rota(clock, dataDir);
    clock.set(Date.parse('2026-10-26T07:55:00Z'));
    s.resume();
    await eventually(() => expect(s.notified.map((n) => n.title)).toEqual(['Team rota: your shift starts in 5 min']));
    clock.set(Date.parse('2026-10-27T07:00:00Z'));
    await eventually(() => expect(s.journal.records().filter((r) => r.type === 'shift.started')).toHaveLength(1));
    await s.dispose();
    services = null;
    const again = await startServices({ dataDir, clock });
    services = again;
    await macrotasks();
    expect(again.hub.get().shift!.me.onCall).toBe(true);
    expect(again.journal.records().filter((r) => r.type === 'shift.started')).toHaveLength(1);
  });

  it('reminds at the times set for a schedule', async () => {
    const clock = manualClock('2026-10-25T12:00:00Z');
    const s = await rota(clock);
    const id = s.hub.get().shift!.sources[0].id;
    await call(s, 'updateScheduleSource', { id, reminders: { beforeStart: [30], beforeEnd: [] } });
    clock.set(Date.parse('2026-10-26T07:29:00Z'));
    await macrotasks();
    expect(s.notified).toEqual([]);
    clock.advance(MIN);
    await eventually(() => expect(s.notified.map((n) => n.title)).toEqual(['Team rota: your shift starts in 30 min']));
  });
});
