import { describe, expect, it, vi } from 'vitest';
import { manualClock } from '../helpers/clock';
import { eventually } from '../helpers/wait';
import { closeAfterEach, featureKit, shiftsFeature } from '../helpers/feature';

const MIN = 60_000;
const cleanup = closeAfterEach();

/** The shifts feature alone, on a real journal and settings: Bob and Alice alternate weekly, Monday 09:00 Berlin. */
async function rotaAlone(onShiftEnding: () => void) {
  const clock = manualClock('2026-10-24T12:00:00Z');
  const kit = await featureKit({ clock });
  cleanup.add(kit.close);
  kit.settings.update({ identity: { name: 'Alice Example', emails: [] } });
  const feature = await shiftsFeature(kit, { onShiftEnding });
  cleanup.add(feature.dispose);
  await feature.shifts.handlers.addScheduleSource({
    kind: 'rotation',
    name: 'Team rota',
    rotation: { members: ['Bob Builder', 'Alice Example'], handoffTime: '09:00', handoffWeekday: 1, length: 'weekly', customDays: 7, startDate: '2026-10-19', timeZone: 'Europe/Berlin', overrides: [] },
  });
  return { ...feature, clock, kit };
}


describe('the shifts feature on its own', () => {
  it('holds reminders back while the pause query says paused, and tells the end of my shift even then', async () => {
    const ending = vi.fn();
    const { shifts, latest, setPaused, clock, kit } = await rotaAlone(ending);
    expect(latest().me.next?.start).toBe('2026-10-26T08:00:00.000Z');

    setPaused(true);
    clock.set(Date.parse('2026-10-26T07:00:00Z'));
    await shifts.settled();
    expect(kit.notified).toEqual([]);
    expect(kit.log.lines.some((line) => line.includes('reminder skipped while notifications are paused'))).toBe(true);

    setPaused(false);
    clock.advance(50 * MIN);
    await eventually(() => expect(kit.notified.map((n) => n.title)).toEqual(['Team rota: your shift starts in 10 min']));

    clock.set(Date.parse('2026-11-02T07:00:00Z'));
    await shifts.settled();
    await eventually(() => expect(kit.notified.at(-1)?.title).toBe('Team rota: your shift ends in 1 h 00 min'));
    expect(ending).toHaveBeenCalledTimes(1);
    expect(kit.journal.records().filter((r) => r.type === 'shift.started').map((r) => r.data)).toMatchObject([
      { scheduleName: 'Team rota', person: 'Alice Example', start: '2026-10-26T08:00:00.000Z', end: '2026-11-02T08:00:00.000Z' },
    ]);
  });

  it('re-evaluates when told the settings changed: a new identity changes whose shifts are mine', async () => {
    const { shifts, latest, kit } = await rotaAlone(() => undefined);
    expect(latest().me.next?.start).toBe('2026-10-26T08:00:00.000Z');
    kit.settings.update({ identity: { name: 'Bob Builder' } });
    shifts.evaluate();
    expect(latest().me.onCall).toBe(true);
    expect(latest().me.current?.end).toBe('2026-10-26T08:00:00.000Z');
  });
});
