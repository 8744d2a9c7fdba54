import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../helpers/clock';
import { closeAfterEach, featureKit, handoffFeature, shiftsFeature } from '../helpers/feature';
import { until } from '../helpers/wait';

/** The handoff feature on a real journal and settings, without the app; shifts only where the test needs who takes over. */
const cleanup = closeAfterEach();

async function kitAt(iso: string, name = 'Alice Example') {
  const clock = manualClock(iso);
  const kit = await featureKit({ clock });
  cleanup.add(kit.close);
  kit.settings.update({ identity: { name } });
  return { kit, clock };
}

describe('the handoff feature on its own', () => {
  it('asks the shifts feature who takes over: my running shift goes to the next person in the rotation', async () => {
    const { kit } = await kitAt('2026-10-21T12:00:00.000Z'); // Wednesday of Alice's week
    const rota = await shiftsFeature(kit);
    cleanup.add(rota.dispose);
    await rota.shifts.handlers.addScheduleSource({
      kind: 'rotation',
      name: 'Payments primary',
      rotation: { members: ['Alice Example', 'Bob Example'], handoffTime: '09:00', handoffWeekday: 1, length: 'weekly', customDays: 7, startDate: '2026-10-19', timeZone: 'Europe/Berlin', overrides: [] },
    });
    await until('my shift to be journaled', () => kit.journal.records().some((r) => r.type === 'shift.started'));
    const { handlers, dispose } = handoffFeature(kit, { onCall: rota.shifts.onCall });
    cleanup.add(dispose);

    const { report } = await handlers.getHandoffDraft({ kind: 'shift' });
    expect(report.header).toMatchObject({
      scheduleName: 'Payments primary',
      outgoing: 'Alice Example',
      incoming: 'Bob Example',
      window: { start: '2026-10-19T07:00:00.000Z', end: '2026-10-26T08:00:00.000Z', timeZone: 'Europe/Berlin' },
    });
  });

  it('with no schedule, drafts the last 7 days from local midnight and names no one to take over', async () => {
    const { kit } = await kitAt('2026-11-22T15:30:00.000Z');
    const { handlers, dispose } = handoffFeature(kit);
    cleanup.add(dispose);
    const { report } = await handlers.getHandoffDraft({ kind: 'shift' });
    // 15 Nov 00:00 in Berlin (CET, UTC+1).
    expect(report.header).toMatchObject({ outgoing: 'Alice Example', incoming: '', window: { start: '2026-11-14T23:00:00.000Z', end: '2026-11-22T15:30:00.000Z' } });
    await expect(async () => handlers.getHandoffDraft({ kind: 'custom', start: '2026-11-22T00:00:00Z', end: '2026-11-21T00:00:00Z' })).rejects.toThrow(
      /must end after it starts/,
    );
  });

  it('saves exports named for the schedule and date, and tells a failed PDF print in words', async () => {
    const { kit } = await kitAt('2026-11-22T15:30:00.000Z');
    const { handlers, saved, copied, dispose } = handoffFeature(kit);
    cleanup.add(dispose);
    const result = await handlers.exportHandoff({ range: { kind: 'shift' }, format: 'markdown' });
    expect(result).toMatchObject({ fileName: 'handoff-shift-2026-11-22.md', copied: false });
    expect(saved).toEqual([result.savedTo]);
    expect(fs.readFileSync(saved[0], 'utf8')).toContain('# Handoff');
    await handlers.exportHandoff({ range: { kind: 'shift' }, format: 'markdown-copy' });
    expect(copied).toHaveLength(1);
    await expect(handlers.exportHandoff({ range: { kind: 'shift' }, format: 'pdf' })).rejects.toThrow(/could not print the handoff to PDF/);
    expect(kit.log.lines.some((line) => line.startsWith('ERROR handoff: printing to PDF failed'))).toBe(true);
  });

  it('publishes its slice when handed over and when its settings change, and opens its view when asked', async () => {
    const { kit } = await kitAt('2026-11-22T15:30:00.000Z');
    const { handoff, handlers, latest, view, dispose } = handoffFeature(kit);
    cleanup.add(dispose);
    expect(latest()).toMatchObject({ lastSent: null, received: [] });
    const sent = await handlers.handOver({ kind: 'shift' });
    expect(latest().lastSent).toEqual({ draftId: sent.draftId, at: sent.sentAt, to: '' });
    const settings = await handlers.updateHandoffSettings({ ...latest().settings, noisyThreshold: 5 });
    expect(settings.noisyThreshold).toBe(5);
    expect(latest().settings.noisyThreshold).toBe(5);
    handoff.openHandoffDraft();
    expect(view.shown).toBe(1);
  });
});
