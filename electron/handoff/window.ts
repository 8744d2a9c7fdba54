import type { EventData } from '../../shared/events';
import { fromLocalInput, localDate, type HandoffRange } from '../../shared/handoff';
import { isEvent, type JournalRecord } from '../../shared/records';
import { UserError } from '../user-error';
import type { OnCall } from '../shifts';

const DAY = 24 * 3600_000;
const WEEK = 7 * DAY;
/** The longest range a handoff covers. */
const MAX_RANGE = 92 * DAY;

/** A shift as the window of a handoff: who had it, who takes over. */
export interface ShiftWindow {
  start: number;
  end: number;
  scheduleId: string | null;
  scheduleName: string;
  outgoing: string;
  incoming: string;
}

export interface WindowInputs {
  now: number;
  timeZone: string;
  /** My name as set in Settings. */
  myName: string;
  records: readonly JournalRecord[];
  /** Who is on call now and next (the shifts feature). */
  onCall: OnCall;
}

/** The window a draft covers: my current or last shift, or a range the user chose. */
export function windowFor(range: HandoffRange, inputs: WindowInputs): ShiftWindow {
  if (range.kind === 'shift') return shiftWindow(inputs);
  const start = Date.parse(range.start);
  const end = Date.parse(range.end);
  if (Number.isNaN(start) || Number.isNaN(end)) throw new UserError('The range needs a valid start and end.');
  if (end <= start) throw new UserError('The range must end after it starts.');
  if (end - start > MAX_RANGE) throw new UserError('A handoff covers at most 92 days; choose a shorter range.');
  return { start, end, scheduleId: null, scheduleName: '', outgoing: inputs.myName, incoming: '' };
}

/**
 * My current or last shift. The shifts feature journals shift.started / shift.ended for my shifts,
 * so the journal has the window; shifts knows who is on call next (the incoming).
 */
function shiftWindow({ now, timeZone, myName, records, onCall }: WindowInputs): ShiftWindow {
  const me = [myName, ...onCall.me].filter(Boolean);
  const fromJournal = lastShiftInJournal(records, me);
  if (fromJournal) return { ...fromJournal, incoming: incomingOnSchedule(onCall, fromJournal, now, me) || fromJournal.incoming };
  // No schedule yet: the last 7 days, from local midnight so the draft (and its edits) stay put all day.
  const start = fromLocalInput(`${localDate(now - WEEK, timeZone)}T00:00`, timeZone) ?? now - WEEK;
  return { start, end: now, scheduleId: null, scheduleName: '', outgoing: myName, incoming: '' };
}

/** Who takes over on the shift's schedule, as the schedule says. */
function incomingOnSchedule(onCall: OnCall, window: ShiftWindow, now: number, me: string[]): string {
  const schedule = onCall.schedules.find((s) => s.id === window.scheduleId) ?? onCall.schedules.find((s) => s.name === window.scheduleName);
  if (!schedule) return '';
  // While my shift runs, the next span is the incoming one; once it has ended, whoever is on now.
  const span = window.end > now ? schedule.next : (schedule.now ?? schedule.next);
  const people = (span?.people ?? []).filter((p) => !me.some((m) => samePerson(m, p)));
  return people.join(', ');
}

/**
 * The shift running now, else the one that ended last, from shift.started / shift.ended records.
 * When `me` (my names) is known, my own latest shift wins over a later one of someone else's.
 */
export function lastShiftInJournal(records: readonly JournalRecord[], me: readonly string[] = []): ShiftWindow | null {
  let fallback: ShiftWindow | null = null;
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i];
    if (!isEvent(r, 'shift.started') && !isEvent(r, 'shift.ended')) continue;
    const d = r.data;
    const start = Date.parse(d.start);
    const end = Date.parse(d.end);
    if (Number.isNaN(start) || Number.isNaN(end) || end <= start) continue;
    const window: ShiftWindow = { start, end, scheduleId: d.scheduleId, scheduleName: d.scheduleName, outgoing: d.person, incoming: nextPerson(records, i, d) };
    if (me.length === 0 || me.some((m) => samePerson(d.person, m))) return window;
    fallback ??= window;
  }
  return fallback;
}

/** Who took over on the same schedule after this shift, if their shift was already announced. */
function nextPerson(records: readonly JournalRecord[], index: number, shift: EventData<'shift.started'>): string {
  for (let j = index + 1; j < records.length; j++) {
    const n = records[j];
    if (!isEvent(n, 'shift.started')) continue;
    const d = n.data;
    if (d.scheduleId === shift.scheduleId && d.start >= shift.start && !samePerson(d.person, shift.person)) return d.person;
  }
  return '';
}

function samePerson(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
