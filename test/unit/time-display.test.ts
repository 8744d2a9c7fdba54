import { describe, expect, it } from 'vitest';
import { dayKey, formatCalendarDay, formatDay, formatRelative } from '../../shared/time';
import { logEntryAt, logProjection, setLogTimeZone } from '../../shared/action-log';
import { parseRecord } from '../../shared/records';
import { fold } from '../../electron/projection';

/** One way to show time: days, calendar days, relative times, and times inside the Log's words. */
describe('time display', () => {
  it('names the day an instant falls on in the zone, across midnight and DST', () => {
    // 23:30 UTC on 24 Oct is already Sunday in Berlin (summer time: 01:30 CEST).
    expect(formatDay('2026-10-24T23:30:00Z', 'Europe/Berlin')).toBe('Sun, 25 Oct 2026');
    expect(formatDay('2026-10-24T23:30:00Z', 'America/New_York')).toBe('Sat, 24 Oct 2026');
    expect(dayKey('2026-10-24T23:30:00Z', 'Europe/Berlin')).not.toBe(dayKey('2026-10-24T21:00:00Z', 'Europe/Berlin'));
    expect(dayKey('2026-10-25T22:30:00Z', 'Europe/Berlin')).toBe(dayKey('2026-10-25T00:30:00Z', 'Europe/Berlin'));
  });

  it('shows a due date as the calendar day it is, in no zone', () => {
    expect(formatCalendarDay('2026-04-12')).toBe('Sun, 12 Apr 2026');
    expect(formatCalendarDay('soon')).toBe('soon');
  });

  it('says how far an instant is from now', () => {
    const now = Date.parse('2026-11-30T13:10:00Z');
    expect(formatRelative('2026-11-30T13:22:29Z', now)).toBe('in 12 min');
    expect(formatRelative('2026-11-30T10:05:00Z', now)).toBe('3 h 05 min ago');
    expect(formatRelative('2026-11-30T13:10:20Z', now)).toBe('now');
  });

  it('writes times inside Log entries in the display zone, and again in a new zone', () => {
    const silence = parseRecord({
      v: 1, seq: 1, ts: '2026-11-30T13:21:04.198Z', type: 'silence.created',
      data: { silenceId: 's-1', sourceId: 'am', matchers: [{ name: 'alertname', value: 'DiskFull', isRegex: false, isEqual: true }], startsAt: '2026-11-30T13:21:04.198Z', endsAt: '2026-11-30T14:21:04.198Z', createdBy: 'Alice', comment: '' },
    });
    const state = fold(logProjection, [silence]);
    setLogTimeZone(state, 'Europe/Berlin');
    expect(logEntryAt(state, 0).text).toBe('Silenced by Alice until Mon 30 Nov, 15:21 CET (alertname="DiskFull")');
    expect(setLogTimeZone(state, 'America/New_York')).toBe(true);
    expect(logEntryAt(state, 0).text).toBe('Silenced by Alice until Mon 30 Nov, 09:21 EST (alertname="DiskFull")');
  });
});
