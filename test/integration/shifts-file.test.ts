import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServices, tempDir, type TestServices, call } from '../helpers/services';
import { manualClock } from '../helpers/clock';

let services: TestServices | null = null;
afterEach(async () => {
  await services?.dispose();
  services = null;
});

/** A Grafana OnCall export saved to disk: two people called Alex. */
function writeCalendar(file: string, second = 'Alex Jones') {
  const lines = [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Grafana Labs//Grafana On-Call//', 'X-WR-CALNAME:Edge primary',
    'BEGIN:VEVENT', 'UID:e1', 'SUMMARY:Alex Smith', 'DTSTART:20261102T080000Z', 'DTEND:20261109T080000Z', 'END:VEVENT',
    'BEGIN:VEVENT', 'UID:e2', `SUMMARY:${second}`, 'DTSTART:20261109T080000Z', 'DTEND:20261116T080000Z', 'END:VEVENT',
    'END:VCALENDAR', '',
  ];
  fs.writeFileSync(file, lines.join('\r\n'));
}

describe('local .ics files and "who am I"', () => {
  it('asks which person is me when the name is ambiguous, and remembers the answer across a restart', async () => {
    const dataDir = tempDir();
    const file = path.join(tempDir('baton-ics-'), 'edge.ics');
    writeCalendar(file);
    const clock = manualClock('2026-11-03T12:00:00Z');
    services = await startServices({ dataDir, clock });
    await call(services, 'updateSettings', { identity: { name: 'Alex', emails: [] } });
    await call(services, 'addScheduleSource', { kind: 'file', name: 'Edge', path: file });
    expect(services.hub.get().shift!.identity).toEqual({ status: 'ambiguous', people: [], candidates: ['Alex Jones', 'Alex Smith'] });
    expect(services.hub.get().shift!.me.onCall).toBe(false);

    await call(services, 'chooseSchedulePerson', { person: 'Alex Smith' });
    expect(services.hub.get().shift!.identity.status).toBe('matched');
    expect(services.hub.get().shift!.me.current?.end).toBe('2026-11-09T08:00:00.000Z');

    await services.dispose();
    services = await startServices({ dataDir, clock });
    expect(services.hub.get().shift!.identity.people).toEqual(['Alex Smith']);
    expect(services.hub.get().shift!.me.onCall).toBe(true);
  });

  it('re-reads a changed file on refresh and reports a missing one without losing the schedule', async () => {
    const file = path.join(tempDir('baton-ics-'), 'edge.ics');
    writeCalendar(file);
    services = await startServices({ clock: manualClock('2026-11-03T12:00:00Z') });
    const { id } = (await call(services, 'addScheduleSource', { kind: 'file', name: 'Edge', path: file })) as { id: string };
    writeCalendar(file, 'Bea Kowalski');
    fs.utimesSync(file, new Date(Date.now() + 5000), new Date(Date.now() + 5000));
    await call(services, 'refreshSchedules', { id });
    expect(services.hub.get().shift!.schedules[0].next?.people).toEqual(['Bea Kowalski']);
    fs.rmSync(file);
    await call(services, 'refreshSchedules', { id });
    const source = services.hub.get().shift!.sources[0];
    expect(source.error).toMatch(/Cannot read .*edge\.ics: ENOENT/);
    expect(source.shiftCount).toBe(2);
  });

  it('tells the user when the schedules section of the settings is damaged, and starts without schedules', async () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ schedules: { sources: [{ id: 'x', kind: 'feed', name: 'Broken' }] } }));
    services = await startServices({ dataDir, clock: manualClock('2026-11-03T12:00:00Z') });
    expect(services.hub.get().notices.map((n) => n.message)).toEqual([expect.stringMatching(/^Your schedule settings could not be read \(sources\.0/)]);
    expect(services.hub.get().shift!.configured).toBe(false);
  });

  it('refuses a rotation whose override ends before it starts, through the contract', async () => {
    services = await startServices({ clock: manualClock('2026-11-03T12:00:00Z') });
    await expect(
      call(services, 'addScheduleSource', {
        kind: 'rotation', name: 'R',
        rotation: { members: ['A'], handoffTime: '09:00', startDate: '2026-11-02', timeZone: 'Europe/Berlin', overrides: [{ person: 'B', start: '2026-11-04T09:00', end: '2026-11-03T09:00' }] },
      }),
    ).rejects.toThrow(/ends before it starts/);
  });
});
