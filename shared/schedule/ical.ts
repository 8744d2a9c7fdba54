import ICAL from 'ical.js';
import type { EventProblem, ParsedSchedule, Shift, Vendor, Window } from './types';
import { resolveTzid, wallClockAt, wallClockToInstant, type WallClock } from './zones';
import { errorText } from '../errors';

/**
 * Reads an on-call calendar (PagerDuty, Grafana OnCall/IRM, Opsgenie, incident.io, or a calendar
 * someone made in Google/Outlook) into shifts. ical.js does the parsing and RRULE stepping; the
 * wall-clock → instant conversion is ours (zones.ts), so Windows zone names and zones without a
 * VTIMEZONE block still land on the right instant, and DST follows the platform's zone database.
 */
export interface ParseOptions {
  sourceId: string;
  /** Used as the schedule name when the events do not name one. */
  sourceName: string;
  /** Zone for floating times and all-day events when the calendar names none. */
  defaultZone: string;
  window: Window;
  /** Cap on occurrences per recurring event (guards against an RRULE without end). */
  maxOccurrences?: number;
}

export class CalendarError extends Error {}

type IcalTime = InstanceType<typeof ICAL.Time>;
type IcalComponent = InstanceType<typeof ICAL.Component>;
type IcalProperty = InstanceType<typeof ICAL.Property>;

export function parseCalendar(text: string, options: ParseOptions): ParsedSchedule {
  const root = parseRoot(text);
  const vendor = detectVendor(String(root.getFirstPropertyValue('prodid') ?? ''));
  const calendarName = stringProp(root, 'x-wr-calname');
  const calendarZone = stringProp(root, 'x-wr-timezone');
  const zones = new Map<string, InstanceType<typeof ICAL.Timezone>>();
  for (const vtz of root.getAllSubcomponents('vtimezone')) {
    const tzid = stringProp(vtz, 'tzid');
    if (tzid) zones.set(tzid, new ICAL.Timezone(vtz));
  }
  const defaultZone = (calendarZone && resolveTzid(calendarZone)) || options.defaultZone;
  const context: Context = { options, vendor, calendarName, defaultZone, zones, problems: [] };

  const events = root.getAllSubcomponents('vevent');
  const masters = new Map<string, IcalComponent>();
  const overrides = new Map<string, IcalComponent[]>();
  const singles: IcalComponent[] = [];
  for (const event of events) {
    const uid = stringProp(event, 'uid') ?? '';
    if (event.hasProperty('recurrence-id')) overrides.set(uid, [...(overrides.get(uid) ?? []), event]);
    else if (event.hasProperty('rrule') || event.hasProperty('rdate')) masters.set(uid, event);
    else singles.push(event);
  }

  const shifts: Shift[] = [];
  for (const event of singles) shifts.push(...occurrence(context, event, null));
  for (const [uid, master] of masters) shifts.push(...expand(context, master, overrides.get(uid) ?? []));
  for (const [uid, list] of overrides) {
    // An override whose master is missing still describes a real shift.
    if (!masters.has(uid)) for (const event of list) shifts.push(...occurrence(context, event, null));
  }
  const inWindow = shifts.filter((s) => s.end > options.window.from && s.start < options.window.to);
  inWindow.sort((a, b) => a.start - b.start || a.end - b.end);
  return { vendor, calendarName, shifts: inWindow, problems: context.problems };
}

interface Context {
  options: ParseOptions;
  vendor: Vendor;
  calendarName?: string;
  defaultZone: string;
  zones: Map<string, InstanceType<typeof ICAL.Timezone>>;
  problems: EventProblem[];
}

function parseRoot(text: string): IcalComponent {
  const body = text.replace(/^\uFEFF/, '');
  if (!/^\s*BEGIN:VCALENDAR/i.test(body)) {
    throw new CalendarError(/^\s*</.test(body) ? 'this is a web page, not a calendar' : 'this is not an iCalendar file (no BEGIN:VCALENDAR)');
  }
  if (!/END:VCALENDAR\s*$/i.test(body)) throw new CalendarError('the calendar is truncated (no END:VCALENDAR)');
  let jcal: unknown;
  try {
    jcal = ICAL.parse(body);
  } catch (error) {
    throw new CalendarError(`the calendar is malformed: ${errorText(error)}`);
  }
  const first = Array.isArray(jcal) && Array.isArray(jcal[0]) ? jcal[0] : jcal;
  const root = new ICAL.Component(first as unknown[]);
  if (root.name !== 'vcalendar') throw new CalendarError('the file holds no VCALENDAR');
  return root;
}

export function detectVendor(prodid: string): Vendor {
  if (/pagerduty/i.test(prodid)) return 'pagerduty';
  if (/grafana|amixr|oncall/i.test(prodid)) return 'grafana';
  if (/opsgenie|atlassian/i.test(prodid)) return 'opsgenie';
  if (/incident\.?io/i.test(prodid)) return 'incident.io';
  if (/google/i.test(prodid)) return 'google';
  if (/microsoft|outlook|exchange/i.test(prodid)) return 'outlook';
  return 'other';
}

function stringProp(component: IcalComponent, name: string): string | undefined {
  const value = component.getFirstPropertyValue(name);
  return value === null || value === undefined ? undefined : String(value).trim() || undefined;
}

/** The instant of a DATE or DATE-TIME property value, honouring its TZID. */
function toInstant(context: Context, time: IcalTime, tzid: string | undefined): number {
  const wall: WallClock = { year: time.year, month: time.month, day: time.day, hour: time.isDate ? 0 : time.hour, minute: time.isDate ? 0 : time.minute, second: time.isDate ? 0 : time.second };
  if (!time.isDate && time.zone?.tzid === 'UTC') return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  if (!tzid || time.isDate) return wallClockToInstant(wall, context.defaultZone);
  const zone = resolveTzid(tzid);
  if (zone) return wallClockToInstant(wall, zone);
  const vtimezone = context.zones.get(tzid);
  if (vtimezone) {
    // A custom zone only the file defines: let ical.js apply its VTIMEZONE rules.
    const local = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
    const zoned = ICAL.Time.fromData({ ...wall, isDate: false }, vtimezone);
    return local - vtimezone.utcOffset(zoned) * 1000;
  }
  throw new CalendarError(`unknown time zone “${tzid}”`);
}

interface Timing {
  start: number;
  end: number;
  allDay: boolean;
}

function timing(context: Context, event: IcalComponent, startProp: IcalProperty, startTime: IcalTime, recurring: boolean): Timing {
  const tzid = paramString(startProp, 'tzid');
  const start = toInstant(context, startTime, tzid);
  const allDay = startTime.isDate;
  const endProp = event.getFirstProperty('dtend');
  const durationValue = event.getFirstPropertyValue('duration');
  let end: number;
  if (endProp) {
    const endTime = endProp.getFirstValue() as IcalTime;
    const endTzid = paramString(endProp, 'tzid');
    if (!recurring) {
      end = toInstant(context, endTime, endTzid);
    } else {
      // A recurrence keeps the master's wall-clock length, so a 24 h shift stays 09:00→09:00 across DST.
      const original = startProp.getFirstValue() as IcalTime;
      const shifted = endTime.clone();
      const delta = startTime.subtractDate(original);
      shifted.addDuration(delta);
      end = toInstant(context, shifted, endTzid ?? tzid);
    }
  } else if (durationValue instanceof ICAL.Duration) {
    const endTime = startTime.clone();
    endTime.addDuration(durationValue);
    end = toInstant(context, endTime, tzid);
  } else {
    end = allDay ? toInstant(context, dayAfter(startTime), tzid) : start;
  }
  return { start, end, allDay };
}

function dayAfter(time: IcalTime): IcalTime {
  const next = time.clone();
  next.adjust(1, 0, 0, 0);
  return next;
}

function paramString(prop: IcalProperty, name: string): string | undefined {
  const value = prop.getParameter(name);
  if (Array.isArray(value)) return value[0];
  return typeof value === 'string' ? value : undefined;
}

/** One VEVENT at one start time → zero or more shifts (none when cancelled or unusable). */
function occurrence(context: Context, event: IcalComponent, at: IcalTime | null): Shift[] {
  const uid = stringProp(event, 'uid') ?? '';
  const summary = stringProp(event, 'summary');
  try {
    if (/^cancelled$/i.test(stringProp(event, 'status') ?? '')) return [];
    if (/^transparent$/i.test(stringProp(event, 'transp') ?? '') && context.vendor === 'other' && !summary) return [];
    const startProp = event.getFirstProperty('dtstart');
    if (!startProp) throw new CalendarError('the event has no start (DTSTART)');
    const startTime = at ?? (startProp.getFirstValue() as IcalTime);
    const { start, end, allDay } = timing(context, event, startProp, startTime, at !== null);
    if (end < start) throw new CalendarError('the event ends before it starts');
    if (end === start) return [];
    const who = identify(event, summary);
    if (!who.person) throw new CalendarError('no one is named in the event (no SUMMARY or ATTENDEE)');
    const scheduleName = who.schedule || context.calendarName || context.options.sourceName;
    return [
      {
        sourceId: context.options.sourceId,
        scheduleId: `${context.options.sourceId}/${scheduleName}`,
        scheduleName,
        person: who.person,
        email: who.email,
        start,
        end,
        allDay,
        layer: 0,
        uid,
      },
    ];
  } catch (error) {
    context.problems.push({ uid, summary, reason: errorText(error) });
    return [];
  }
}

function expand(context: Context, master: IcalComponent, overrides: IcalComponent[]): Shift[] {
  const { window, maxOccurrences = 2000 } = context.options;
  const uid = stringProp(master, 'uid') ?? '';
  const startProp = master.getFirstProperty('dtstart');
  if (!startProp) {
    context.problems.push({ uid, summary: stringProp(master, 'summary'), reason: 'the event has no start (DTSTART)' });
    return [];
  }
  const dtstart = startProp.getFirstValue() as IcalTime;
  const tzid = paramString(startProp, 'tzid');
  const instantOf = (time: IcalTime, zone?: string) => {
    try {
      return toInstant(context, time, zone ?? tzid);
    } catch {
      return NaN;
    }
  };

  const excluded = new Set<number>();
  for (const prop of master.getAllProperties('exdate')) {
    for (const value of prop.getValues() as IcalTime[]) excluded.add(instantOf(value, paramString(prop, 'tzid')));
  }
  const replaced = new Map<number, IcalComponent>();
  for (const override of overrides) {
    const rid = override.getFirstProperty('recurrence-id') as IcalProperty;
    replaced.set(instantOf(rid.getFirstValue() as IcalTime, paramString(rid, 'tzid')), override);
  }

  const starts: IcalTime[] = [];
  const rrule = master.getFirstPropertyValue('rrule');
  const lengthGuess = 400 * 86_400_000; // shifts longer than this do not exist
  if (rrule instanceof ICAL.Recur) {
    const zone = tzid ? resolveTzid(tzid) : null;
    if (rrule.until && !rrule.until.isDate && rrule.until.zone?.tzid === 'UTC' && zone) {
      // UNTIL is an instant; our DTSTART is a wall clock, so compare like with like.
      rrule.until = ICAL.Time.fromData({ ...wallClockAt(rrule.until.toUnixTime() * 1000, zone), isDate: false });
    }
    const iterator = rrule.iterator(dtstart);
    for (let i = 0; i < 100_000 && starts.length < maxOccurrences; i++) {
      const next = iterator.next();
      if (!next) break;
      const instant = instantOf(next);
      if (instant >= window.to) break;
      if (instant + lengthGuess < window.from) continue;
      starts.push(next.clone());
    }
  } else {
    starts.push(dtstart);
  }
  for (const prop of master.getAllProperties('rdate')) {
    for (const value of prop.getValues()) if (value instanceof ICAL.Time) starts.push(value.clone());
  }

  const shifts: Shift[] = [];
  for (const start of starts) {
    const instant = instantOf(start);
    if (excluded.has(instant)) continue;
    const override = replaced.get(instant);
    if (override) {
      replaced.delete(instant);
      shifts.push(...occurrence(context, override, null));
    } else {
      shifts.push(...occurrence(context, master, start));
    }
  }
  // Overrides that moved an occurrence outside the expanded range still count.
  for (const override of replaced.values()) shifts.push(...occurrence(context, override, null));
  return shifts;
}

interface Who {
  person: string;
  email?: string;
  schedule?: string;
}

const PAGERDUTY = /^On[ -]Call\s+-\s+(.+?)\s+-\s+(.+)$/i;
const SCHEDULE_PREFIX = /^([^:]{1,120}):\s+(.+)$/;
const ON_CALL_PREFIX = /^(?:on[- ]call|you are on[- ]call)(?:\s+(?:for|shift))?\s*[:\-–]\s*(.+)$/i;

/** Who an event puts on call, per vendor convention, falling back to the ATTENDEE. */
export function identify(event: IcalComponent, summary: string | undefined): Who {
  const attendee = firstAttendee(event);
  const text = (summary ?? '').replace(/\s+/g, ' ').trim();
  const pd = PAGERDUTY.exec(text);
  if (pd) return { person: pd[1], schedule: pd[2], email: attendee?.email };
  const onCall = ON_CALL_PREFIX.exec(text);
  if (onCall && attendee) return { person: attendee.name ?? attendee.email ?? '', email: attendee.email, schedule: onCall[1] };
  // Grafana user feeds and Opsgenie write "<schedule>: <name>"; hand-made calendars often do too.
  const prefixed = SCHEDULE_PREFIX.exec(text);
  if (prefixed) return { person: prefixed[2], schedule: prefixed[1], email: attendee?.email };
  if (text) return { person: text, email: attendee?.email };
  if (attendee) return { person: attendee.name ?? attendee.email ?? '', email: attendee.email };
  return { person: '' };
}

function firstAttendee(event: IcalComponent): { name?: string; email?: string } | null {
  const prop = event.getFirstProperty('attendee');
  if (!prop) return null;
  const value = String(prop.getFirstValue() ?? '');
  const email = value.replace(/^mailto:/i, '').trim() || undefined;
  const cn = paramString(prop, 'cn');
  return { name: cn?.trim() || undefined, email: email && email.includes('@') ? email : undefined };
}
