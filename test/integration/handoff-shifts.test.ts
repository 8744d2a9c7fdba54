import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appSender, startServices, type TestServices } from '../helpers/services';
import { manualClock, type ManualClock } from '../helpers/clock';
import { until } from '../helpers/wait';
import type { HandoffReport } from '../../shared/handoff';

/**
 * The handoff's window and people come from the real shifts feature: a weekly local rotation
 * (Alice, then Bob; handoff Monday 09:00 Berlin) journals my shift, and shifts names who
 * is on call next (the shifts feature's onCall query).
 */

describe('handoff window and people from the shifts feature', () => {
  let services: TestServices;
  let clock: ManualClock;
  const draft = async () => {
    const result = await services.dispatch('getHandoffDraft', { kind: 'shift' }, appSender);
    if (!result.ok) throw new Error(result.error.message);
    return (result.value as { report: HandoffReport }).report;
  };

  beforeAll(async () => {
    clock = manualClock('2026-10-21T12:00:00.000Z'); // Wednesday of Alice's week
    services = await startServices({ clock });
    services.settings.update({ identity: { name: 'Alice Example' } });
    const added = await services.dispatch(
      'addScheduleSource',
      {
        kind: 'rotation',
        name: 'Payments primary',
        rotation: { members: ['Alice Example', 'Bob Example'], handoffTime: '09:00', handoffWeekday: 1, length: 'weekly', startDate: '2026-10-19', timeZone: 'Europe/Berlin' },
      },
      appSender,
    );
    if (!added.ok) throw new Error(added.error.message);
    await until('my shift to be journaled', () => services.journal.records().some((r) => r.type === 'shift.started'));
  });
  afterAll(async () => {
    await services?.dispose();
  });

  it('drafts my running shift, handing over to the next person in the rotation', async () => {
    const report = await draft();
    expect(report.header).toMatchObject({
      scheduleName: 'Payments primary',
      outgoing: 'Alice Example',
      incoming: 'Bob Example',
      // Monday 09:00 CEST to Monday 09:00 CET: 169 hours.
      window: { start: '2026-10-19T07:00:00.000Z', end: '2026-10-26T08:00:00.000Z', timeZone: 'Europe/Berlin' },
      asOf: '2026-10-21T12:00:00.000Z',
    });
  });

  it('after the handoff time, still drafts my shift that just ended, handing over to whoever is on now', async () => {
    clock.set(Date.parse('2026-10-26T08:20:00.000Z'));
    await until('my shift to be journaled as ended', () => services.journal.records().some((r) => r.type === 'shift.ended'));
    const report = await draft();
    expect(report.header).toMatchObject({
      outgoing: 'Alice Example',
      incoming: 'Bob Example',
      window: { start: '2026-10-19T07:00:00.000Z', end: '2026-10-26T08:00:00.000Z' },
      asOf: '2026-10-26T08:00:00.000Z',
    });
    expect(report.timeline.map((t) => t.text)).toContain('Alice Example went on call (Payments primary)');
  });
});
