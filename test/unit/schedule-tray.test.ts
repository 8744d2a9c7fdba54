import { describe, expect, it } from 'vitest';
import { trayModel, type TrayInput } from '../../shared/tray';
import { trayShift } from '../../shared/schedule/tray';
import { buildOverview, type ShiftSlice } from '../../shared/schedule/slice';
import { NOT_PAUSED } from '../../shared/pause';
import { normalizeFeedUrl } from '../../electron/shifts/feed';
import type { Shift } from '../../shared/schedule/types';
import { formatDateTime } from '../../shared/time';

const at = (iso: string) => Date.parse(iso);
const shift = (person: string, start: string, end: string, schedule = 'Primary'): Shift => ({
  sourceId: 'src', scheduleId: `src/${schedule}`, scheduleName: schedule, person, start: at(start), end: at(end), allDay: false, layer: 0, uid: `${person}-${start}`,
});
const shifts = [
  shift('Bob Builder', '2026-10-19T07:00:00Z', '2026-10-26T08:00:00Z'),
  shift('Alice Example', '2026-10-26T08:00:00Z', '2026-11-02T08:00:00Z'),
  shift('Carol Diaz', '2026-11-02T08:00:00Z', '2026-11-09T08:00:00Z'),
];
const me = { name: 'Alice Example', emails: [], aliases: [] };

function sliceAt(now: number, list = shifts): ShiftSlice {
  return { ...buildOverview(list, me, now, 'Europe/Berlin', true).slice, sources: [], refreshMinutes: 15 };
}
function model(now: string, overrides: Partial<TrayInput> = {}, slice?: ShiftSlice) {
  const t = at(now);
  return trayModel({ now: t, timeZone: 'Europe/Berlin', pause: NOT_PAUSED, shift: trayShift(slice ?? sliceAt(t)), openPages: 0, ...overrides });
}
const labels = (m: ReturnType<typeof trayModel>) => m.menu.flatMap((i) => (i.type === 'label' ? [i.label] : []));

describe('tray model from the shift slice', () => {
  it('with no schedule configured', () => {
    const m = trayModel({ now: 0, timeZone: 'Europe/Berlin', pause: NOT_PAUSED, shift: trayShift(undefined), openPages: 0 });
    expect(m.icon).toBe('off-call');
    expect(m.tooltip).toBe('Baton — No schedule configured');
  });

  it('off call before my shift: the next shift in my zone, who is on now and who is next', () => {
    const m = model('2026-10-24T10:00:00Z');
    expect(m.icon).toBe('off-call');
    expect(m.tooltip).toBe('Baton — Next shift Mon 26 Oct, 09:00 CET');
    expect(labels(m)).toEqual(['Next shift Mon 26 Oct, 09:00 CET', 'On call now: Bob Builder', 'Next: Alice Example from Mon 26 Oct, 09:00 CET']);
  });

  it('on call: until when, with the time left, in the zone the user chose', () => {
    const m = model('2026-10-31T05:00:00Z', { timeZone: 'America/New_York' });
    expect(m.icon).toBe('on-call');
    expect(m.tooltip).toBe('Baton — On call until Mon 02 Nov, 03:00 EST (2 d 3 h left)');
    expect(labels(m)).toContain('Next: Carol Diaz from Mon 02 Nov, 03:00 EST');
    expect(labels(m).some((l) => l.startsWith('On call now'))).toBe(false);
  });

  it('on call with open pages, and paused', () => {
    expect(model('2026-10-31T05:00:00Z', { openPages: 2 }).icon).toBe('paging');
    const paused = model('2026-10-31T05:00:00Z', { pause: { until: '2026-10-31T06:00:00.000Z', indefinite: false } });
    expect(paused.icon).toBe('paused');
    expect(paused.tooltip).toContain('On call until Mon 02 Nov, 09:00 CET');
  });

  it('off call with nothing ahead, and not in any schedule', () => {
    expect(model('2026-11-20T10:00:00Z').tooltip).toBe('Baton — Off call');
    const stranger = { ...buildOverview(shifts, { name: 'Zed', emails: [], aliases: [] }, at('2026-10-24T10:00:00Z'), 'Europe/Berlin', true).slice, sources: [], refreshMinutes: 15 };
    const m = model('2026-10-24T10:00:00Z', {}, stranger);
    expect(m.tooltip).toBe('Baton — Off call');
    expect(labels(m)).toContain('On call now: Bob Builder');
  });

  it('names the schedule of each person when there are several schedules', () => {
    const two = [...shifts, shift('Erin Yu', '2026-10-20T00:00:00Z', '2026-10-27T00:00:00Z', 'Secondary')];
    const m = model('2026-10-24T10:00:00Z', {}, sliceAt(at('2026-10-24T10:00:00Z'), two));
    expect(labels(m)).toContain('On call now: Bob Builder (Primary) · Erin Yu (Secondary)');
  });
});

describe('feed links', () => {
  it('turns webcal into https and refuses what would leak the token', () => {
    expect(normalizeFeedUrl('webcal://acme.pagerduty.com/private/abc/feed/PQX2KVD')).toBe('https://acme.pagerduty.com/private/abc/feed/PQX2KVD');
    expect(normalizeFeedUrl(' https://oncall.example.com/ical/?token=x ')).toBe('https://oncall.example.com/ical/?token=x');
    expect(normalizeFeedUrl('http://127.0.0.1:8080/a.ics')).toBe('http://127.0.0.1:8080/a.ics');
    expect(() => normalizeFeedUrl('http://oncall.example.com/a.ics')).toThrow(/https/);
    expect(() => normalizeFeedUrl('ftp://x/a.ics')).toThrow(/cannot fetch ftp/);
    expect(() => normalizeFeedUrl('not a url')).toThrow(/not a link/);
  });
});

describe('zone names in times', () => {
  it('names the zone as people there say it, across DST', () => {
    expect(formatDateTime('2026-10-03T12:00:00Z', 'Australia/Sydney')).toBe('Sat 03 Oct, 22:00 AEST');
    expect(formatDateTime('2026-10-04T22:00:00Z', 'Australia/Sydney')).toBe('Mon 05 Oct, 09:00 AEDT');
    expect(formatDateTime('2026-10-26T08:00:00Z', 'Europe/Berlin')).toBe('Mon 26 Oct, 09:00 CET');
    expect(formatDateTime('2026-10-19T07:00:00Z', 'Europe/Berlin')).toBe('Mon 19 Oct, 09:00 CEST');
    expect(formatDateTime('2026-11-02T14:00:00Z', 'America/New_York')).toBe('Mon 02 Nov, 09:00 EST');
    expect(formatDateTime('2026-11-02T14:00:00Z', 'Asia/Tokyo')).toBe('Mon 02 Nov, 23:00 GMT+9');
  });
});
