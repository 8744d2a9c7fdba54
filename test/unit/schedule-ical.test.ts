import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CalendarError, parseCalendar } from '../../shared/schedule/ical';
import { wallClockAt } from '../../shared/schedule/zones';
import type { Shift } from '../../shared/schedule/types';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/schedules');
const read = (name: string) => fs.readFileSync(path.join(fixtures, name), 'utf8');
const window = { from: Date.parse('2026-09-01T00:00:00Z'), to: Date.parse('2027-02-01T00:00:00Z') };
const parse = (name: string, defaultZone = 'Europe/Berlin') =>
  parseCalendar(read(name), { sourceId: 'src', sourceName: 'My feed', defaultZone, window });

/** "Mon 2026-10-26 09:00" in a zone: what a person there reads on their wall clock. */
function local(ms: number, zone: string): string {
  const w = wallClockAt(ms, zone);
  const day = new Date(Date.UTC(w.year, w.month - 1, w.day)).toUTCString().slice(0, 3);
  return `${day} ${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')} ${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
}
const hours = (s: Shift) => (s.end - s.start) / 3_600_000;

describe('PagerDuty feed', () => {
  const result = parse('pagerduty.ics');

  it('reads the person and schedule from folded "On Call - <Name> - <Schedule>" summaries', () => {
    expect(result.vendor).toBe('pagerduty');
    expect(result.problems).toEqual([]);
    const primary = result.shifts.filter((s) => s.scheduleName === 'Payments Platform Primary (EU business hours)');
    expect(primary.map((s) => s.person)).toEqual(['Bob Builder', 'Alice Example', 'Carol Diaz']);
    expect(primary[1].email).toBe('alice@example.com');
    expect(result.shifts.find((s) => s.scheduleName === 'Database Secondary')?.person).toBe('Alice Example');
  });

  it('keeps the Monday 09:00 Berlin handoff across the end of summer time (UTC events)', () => {
    const alice = result.shifts.find((s) => s.person === 'Alice Example' && s.scheduleName.startsWith('Payments'))!;
    expect(local(alice.start, 'Europe/Berlin')).toBe('Mon 2026-10-19 09:00');
    expect(local(alice.end, 'Europe/Berlin')).toBe('Mon 2026-10-26 09:00');
    expect(hours(alice)).toBe(169);
    expect(local(alice.end, 'America/New_York')).toBe('Mon 2026-10-26 04:00');
  });
});

describe('Grafana OnCall feed', () => {
  const result = parse('grafana-oncall.ics', 'America/New_York');

  it('ignores shifts kept as STATUS:CANCELLED and reads "<schedule>: <name>" summaries', () => {
    expect(result.vendor).toBe('grafana');
    expect(result.shifts.map((s) => s.person)).toEqual(['Dana Whitfield', 'Evan Moss', 'Frank Ocean-Smith']);
    expect(result.shifts.every((s) => s.scheduleName === 'SRE US primary')).toBe(true);
  });

  it('keeps the 09:00 New York handoff through the end of daylight time (1 Nov 2026)', () => {
    const evan = result.shifts.find((s) => s.person === 'Evan Moss')!;
    expect(local(evan.start, 'America/New_York')).toBe('Sat 2026-10-31 09:00');
    expect(local(evan.end, 'America/New_York')).toBe('Sun 2026-11-01 09:00');
    expect(hours(evan)).toBe(25);
  });
});

describe('Opsgenie and incident.io feeds', () => {
  it('reads Opsgenie "<schedule>: <name>" with the attendee e-mail', () => {
    const result = parse('opsgenie.ics');
    expect(result.vendor).toBe('opsgenie');
    expect(result.shifts.map((s) => [s.scheduleName, s.person, s.email])).toEqual([
      ['Platform_schedule', 'Grace Hopper', 'grace@example.com'],
      ['Platform_schedule', 'Alice Example', 'alice@example.com'],
    ]);
  });

  it('takes the person from ATTENDEE when the summary names the schedule, across Sydney’s DST start (4 Oct 2026)', () => {
    const result = parse('incident-io.ics');
    expect(result.vendor).toBe('incident.io');
    const [hiro, alice] = result.shifts;
    expect([hiro.person, hiro.scheduleName]).toEqual(['Hiro Tanaka', 'Core On-call (Sydney)']);
    expect(local(hiro.start, 'Australia/Sydney')).toBe('Thu 2026-10-01 09:00');
    expect(local(hiro.end, 'Australia/Sydney')).toBe('Thu 2026-10-08 09:00');
    expect(hours(hiro)).toBe(167);
    expect(alice.email).toBe('alice@example.com');
    expect(new Date(alice.start).toISOString()).toBe('2026-10-07T22:00:00.000Z');
  });
});

describe('hand-made Google calendar', () => {
  const result = parse('google-rrule.ics');

  it('expands RRULE at the wall-clock time in the event zone, honouring EXDATE and RECURRENCE-ID', () => {
    const rota = result.shifts.filter((s) => !s.allDay);
    const starts = rota.map((s) => `${local(s.start, 'Europe/Berlin')} ${s.person}`);
    expect(starts.slice(0, 6)).toEqual([
      'Mon 2026-10-05 09:00 Alice Example',
      'Mon 2026-10-12 09:00 Bob Builder',
      'Mon 2026-10-19 09:00 Alice Example',
      'Mon 2026-10-26 09:00 Dana Whitfield',
      'Mon 2026-11-02 09:00 Alice Example',
      'Mon 2026-11-09 09:00 Bob Builder',
    ]);
    // 16 Nov is excluded: nobody, then Bob on 23 Nov.
    expect(starts[6]).toBe('Mon 2026-11-23 09:00 Bob Builder');
    expect(rota.every((s) => local(s.end, 'Europe/Berlin').endsWith('09:00'))).toBe(true);
    expect(hours(rota[2])).toBe(169);
  });

  it('places an all-day event on the calendar’s own days (X-WR-TIMEZONE)', () => {
    const carol = result.shifts.find((s) => s.allDay)!;
    expect(carol.person).toBe('Carol Diaz');
    expect(local(carol.start, 'Europe/Berlin')).toBe('Thu 2026-12-24 00:00');
    expect(local(carol.end, 'Europe/Berlin')).toBe('Sun 2026-12-27 00:00');
  });
});

describe('Outlook calendar with Windows zone names', () => {
  const result = parse('outlook-windows-zone.ics', 'UTC');

  it('maps "W. Europe Standard Time" to Europe/Berlin, including UNTIL and the DST night', () => {
    const ivan = result.shifts.filter((s) => s.person === 'Ivan Petrov');
    expect(ivan).toHaveLength(9);
    expect(ivan.every((s) => local(s.start, 'Europe/Berlin').endsWith('22:00'))).toBe(true);
    expect(ivan.every((s) => local(s.end, 'Europe/Berlin').endsWith('06:00'))).toBe(true);
    const dstNight = ivan.find((s) => local(s.start, 'Europe/Berlin').startsWith('Sat 2026-10-24'))!;
    expect(hours(dstNight)).toBe(9);
    expect(local(ivan.at(-1)!.start, 'Europe/Berlin')).toBe('Fri 2026-10-30 22:00');
  });

  it('uses the file’s own VTIMEZONE for a zone only it defines', () => {
    const jun = result.shifts.find((s) => s.person === 'Jun Park (Bangalore)')!;
    expect(new Date(jun.start).toISOString()).toBe('2026-10-31T02:30:00.000Z');
  });

  it('rejects an event that ends before it starts, with a reason, and keeps the rest', () => {
    expect(result.problems).toEqual([expect.objectContaining({ summary: 'Night watch: Broken Entry', reason: 'the event ends before it starts' })]);
    expect(result.shifts.length).toBe(10);
  });
});

describe('bad calendars', () => {
  const opts = { sourceId: 's', sourceName: 'S', defaultZone: 'UTC', window };
  it('refuses a web page, a truncated calendar and a malformed one with a readable reason', () => {
    expect(() => parseCalendar('<!DOCTYPE html><html><body>Sign in</body></html>', opts)).toThrow(/web page/);
    const truncated = read('pagerduty.ics').slice(0, 900);
    expect(() => parseCalendar(truncated, opts)).toThrow(/truncated/);
    expect(() => parseCalendar('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n', opts)).toThrow(CalendarError);
    expect(() => parseCalendar('hello', opts)).toThrow(/not an iCalendar/);
  });

  it('reports an unknown zone per event', () => {
    const text = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//x//EN', 'BEGIN:VEVENT', 'UID:1', 'SUMMARY:Zed', 'DTSTART;TZID=Mars/Olympus:20261101T090000', 'DTEND;TZID=Mars/Olympus:20261102T090000', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    const result = parseCalendar(text, opts);
    expect(result.shifts).toEqual([]);
    expect(result.problems[0].reason).toMatch(/unknown time zone “Mars\/Olympus”/);
  });
});
