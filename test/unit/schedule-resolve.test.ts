import { describe, expect, it } from 'vitest';
import { expandRotation, RotationSchema } from '../../shared/schedule/rotation';
import { effectiveSegments, matchIdentity } from '../../shared/schedule/resolve';
import { buildOverview } from '../../shared/schedule/slice';
import { wallClockAt, wallClockToInstant, resolveTzid } from '../../shared/schedule/zones';
import type { Shift } from '../../shared/schedule/types';

const at = (iso: string) => Date.parse(iso);
const hhmm = (ms: number, zone: string) => {
  const w = wallClockAt(ms, zone);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')} ${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
};

describe('wall clock → instant', () => {
  it('reads a time in the spring-forward gap with the offset before the gap, and the repeated hour as its first occurrence', () => {
    const gap = wallClockToInstant({ year: 2026, month: 3, day: 29, hour: 2, minute: 30, second: 0 }, 'Europe/Berlin');
    expect(new Date(gap).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(hhmm(gap, 'Europe/Berlin')).toBe('2026-03-29 03:30');
    const repeated = wallClockToInstant({ year: 2026, month: 11, day: 1, hour: 1, minute: 30, second: 0 }, 'America/New_York');
    expect(new Date(repeated).toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('maps Windows and vendor-prefixed zone names to IANA', () => {
    expect(resolveTzid('W. Europe Standard Time')).toBe('Europe/Berlin');
    expect(resolveTzid('AUS Eastern Standard Time')).toBe('Australia/Sydney');
    expect(resolveTzid('/mozilla.org/20050126_1/America/New_York')).toBe('America/New_York');
    expect(resolveTzid('Nowhere Standard Time')).toBeNull();
  });
});

describe('local rotation', () => {
  const rotation = RotationSchema.parse({
    members: ['Alice Example', 'Bob Builder', 'Carol Diaz'],
    handoffTime: '09:00',
    handoffWeekday: 1,
    length: 'weekly',
    startDate: '2026-10-19',
    timeZone: 'Europe/Berlin',
    overrides: [{ person: 'Dana Whitfield', start: '2026-10-27T18:00', end: '2026-10-28T09:00' }],
  });
  const shifts = expandRotation(rotation, { sourceId: 'rot', name: 'Team rota' }, { from: at('2026-10-01T00:00:00Z'), to: at('2026-11-20T00:00:00Z') });

  it('hands off every Monday at 09:00 Berlin time across the end of summer time', () => {
    const base = shifts.filter((s) => s.layer === 0);
    expect(base.map((s) => `${hhmm(s.start, 'Europe/Berlin')} ${s.person}`)).toEqual([
      '2026-10-19 09:00 Alice Example',
      '2026-10-26 09:00 Bob Builder',
      '2026-11-02 09:00 Carol Diaz',
      '2026-11-09 09:00 Alice Example',
      '2026-11-16 09:00 Bob Builder',
    ]);
    expect((base[0].end - base[0].start) / 3_600_000).toBe(169);
  });

  it('lets an override ("Dana covers Tue 18:00 – Wed 09:00") win over the rotation, then hands back', () => {
    const segments = effectiveSegments(shifts);
    const around = segments.filter((s) => s.end > at('2026-10-26T00:00:00Z') && s.start < at('2026-11-02T00:00:00Z'));
    expect(around.map((s) => `${hhmm(s.start, 'Europe/Berlin')}→${hhmm(s.end, 'Europe/Berlin')} ${s.people.join('+')}`)).toEqual([
      '2026-10-19 09:00→2026-10-26 09:00 Alice Example',
      '2026-10-26 09:00→2026-10-27 18:00 Bob Builder',
      '2026-10-27 18:00→2026-10-28 09:00 Dana Whitfield',
      '2026-10-28 09:00→2026-11-02 09:00 Bob Builder',
    ]);
  });

  it('starts with the first member covering the start date, so a rotation of one is on call at once', () => {
    const solo = RotationSchema.parse({ members: ['Alice Example'], handoffTime: '09:00', handoffWeekday: 1, startDate: '2026-11-22', timeZone: 'Europe/Berlin' });
    const list = expandRotation(solo, { sourceId: 'me', name: 'My on-call' }, { from: at('2026-11-01T00:00:00Z'), to: at('2026-12-01T00:00:00Z') });
    expect(hhmm(list[0].start, 'Europe/Berlin')).toBe('2026-11-16 09:00');
    const { slice } = buildOverview(list, { name: 'Alice Example', emails: [], aliases: [] }, at('2026-11-22T12:00:00Z'), 'Europe/Berlin', true);
    expect(slice.me.onCall).toBe(true);
  });

  it('keeps a daily handoff at 09:00 Sydney time across the start of Sydney summer time', () => {
    const daily = RotationSchema.parse({ members: ['Hiro', 'Alice'], handoffTime: '09:00', length: 'daily', startDate: '2026-10-01', timeZone: 'Australia/Sydney' });
    const list = expandRotation(daily, { sourceId: 'r', name: 'R' }, { from: at('2026-10-02T00:00:00Z'), to: at('2026-10-06T00:00:00Z') });
    expect(list.every((s) => hhmm(s.start, 'Australia/Sydney').endsWith('09:00'))).toBe(true);
    const overDst = list.find((s) => hhmm(s.start, 'Australia/Sydney') === '2026-10-03 09:00')!;
    expect((overDst.end - overDst.start) / 3_600_000).toBe(23);
  });

  it('refuses an override that ends before it starts, and an unknown zone', () => {
    expect(() => RotationSchema.parse({ ...rotation, overrides: [{ person: 'X', start: '2026-10-28T09:00', end: '2026-10-27T09:00' }] })).toThrow(/ends before/);
    expect(() => RotationSchema.parse({ ...rotation, timeZone: 'Mars/Base' })).toThrow(/unknown time zone/);
  });
});

const shift = (person: string, start: string, end: string, extra: Partial<Shift> = {}): Shift => ({
  sourceId: 'src', scheduleId: 'src/Primary', scheduleName: 'Primary', person, start: at(start), end: at(end), allDay: false, layer: 0, uid: `${person}-${start}`, ...extra,
});

describe('who am I', () => {
  const shifts = [
    shift('Alex Smith', '2026-11-02T08:00:00Z', '2026-11-09T08:00:00Z'),
    shift('Alex Jones', '2026-11-09T08:00:00Z', '2026-11-16T08:00:00Z'),
    shift('Bob Builder', '2026-11-16T08:00:00Z', '2026-11-23T08:00:00Z', { email: 'bob@example.com' }),
  ];
  it('matches an attendee e-mail and an exact name regardless of case and accents', () => {
    expect(matchIdentity(shifts, { name: '', emails: ['BOB@example.com'], aliases: [] })).toMatchObject({ status: 'matched', people: ['Bob Builder'] });
    expect(matchIdentity([shift('Zoë Müller', '2026-11-02T08:00:00Z', '2026-11-03T08:00:00Z')], { name: 'zoe muller', emails: [], aliases: [] }).people).toEqual(['Zoë Müller']);
  });
  it('asks when a partial name fits several people, and follows the person the user picked', () => {
    expect(matchIdentity(shifts, { name: 'Alex', emails: [], aliases: [] })).toEqual({ status: 'ambiguous', people: [], candidates: ['Alex Jones', 'Alex Smith'] });
    expect(matchIdentity(shifts, { name: 'Alex', emails: [], aliases: ['Alex Jones'] })).toMatchObject({ status: 'matched', people: ['Alex Jones'] });
    expect(matchIdentity(shifts, { name: 'Nobody Here', emails: [], aliases: [] }).status).toBe('unmatched');
    expect(matchIdentity(shifts, { name: '', emails: [], aliases: [] }).status).toBe('unset');
  });
});

describe('resolution', () => {
  const me = { name: 'Alice Example', emails: [], aliases: [] };
  const shifts = [
    shift('Bob Builder', '2026-10-19T07:00:00Z', '2026-10-26T08:00:00Z'),
    shift('Alice Example', '2026-10-26T08:00:00Z', '2026-11-02T08:00:00Z'),
    shift('Carol Diaz', '2026-11-02T08:00:00Z', '2026-11-09T08:00:00Z'),
    // A second layer within the same schedule: Dana overrides Alice for one evening.
    shift('Dana Whitfield', '2026-10-27T17:00:00Z', '2026-10-28T08:00:00Z', { layer: 1 }),
    // Another schedule where Alice is secondary, overlapping her primary week.
    shift('Alice Example', '2026-11-01T08:00:00Z', '2026-11-04T08:00:00Z', { scheduleId: 'src/Secondary', scheduleName: 'Secondary' }),
    shift('Erin Yu', '2026-11-01T08:00:00Z', '2026-11-04T08:00:00Z', { scheduleId: 'src/Secondary', scheduleName: 'Secondary' }),
  ];

  it('tells who is on call now and next per schedule, and my next shift', () => {
    const { slice } = buildOverview(shifts, me, at('2026-10-24T12:00:00Z'), 'Europe/Berlin', true);
    const primary = slice.schedules.find((s) => s.name === 'Primary')!;
    expect(primary.now).toEqual({ people: ['Bob Builder'], start: '2026-10-19T07:00:00.000Z', end: '2026-10-26T08:00:00.000Z' });
    expect(primary.next?.people).toEqual(['Alice Example']);
    expect(slice.me.onCall).toBe(false);
    expect(slice.me.next).toEqual({ start: '2026-10-26T08:00:00.000Z', end: '2026-10-27T17:00:00.000Z', schedules: ['Primary'] });
  });

  it('hides me behind an override layer and merges overlapping schedules into one stretch', () => {
    const during = buildOverview(shifts, me, at('2026-10-27T20:00:00Z'), 'Europe/Berlin', true);
    expect(during.slice.me.onCall).toBe(false);
    expect(during.slice.schedules.find((s) => s.name === 'Primary')!.now?.people).toEqual(['Dana Whitfield']);
    const later = buildOverview(shifts, me, at('2026-10-30T12:00:00Z'), 'Europe/Berlin', true);
    expect(later.slice.me.current).toEqual({ start: '2026-10-28T08:00:00.000Z', end: '2026-11-04T08:00:00.000Z', schedules: ['Primary', 'Secondary'] });
    const secondary = buildOverview(shifts, me, at('2026-11-02T12:00:00Z'), 'Europe/Berlin', true).slice.schedules.find((s) => s.name === 'Secondary')!;
    expect(secondary.now?.people).toEqual(['Alice Example', 'Erin Yu']);
  });

  it('builds a 14-day timeline from midnight in the user’s zone and lists every future boundary', () => {
    const overview = buildOverview(shifts, me, at('2026-10-24T12:00:00Z'), 'America/New_York', true);
    expect(overview.slice.timeline).toEqual({ from: '2026-10-24T04:00:00.000Z', to: '2026-11-07T05:00:00.000Z', zone: 'America/New_York' });
    const primary = overview.slice.schedules.find((s) => s.name === 'Primary')!;
    expect(primary.timeline[0]).toEqual({ start: '2026-10-24T04:00:00.000Z', end: '2026-10-26T08:00:00.000Z', people: ['Bob Builder'], me: false });
    expect(primary.timeline.filter((s) => s.me).length).toBe(2);
    expect(overview.boundaries[0]).toBe(at('2026-10-26T08:00:00Z'));
  });
});
