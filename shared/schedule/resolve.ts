import type { Shift } from './types';

/** A stretch during which the same people are on call for one schedule (after layers are applied). */
export interface Segment {
  start: number;
  end: number;
  people: string[];
}

/** "Who am I" in the schedules: the user's settings, plus names they confirmed are them. */
export interface IdentityInput {
  name: string;
  emails: string[];
  /** Person names the user picked when the match was ambiguous. */
  aliases: string[];
}

export type IdentityStatus = 'unset' | 'matched' | 'ambiguous' | 'unmatched';

export interface IdentityMatch {
  status: IdentityStatus;
  /** Person names (as the schedules spell them) that are the user. */
  people: string[];
  /** When ambiguous: the people who might be the user. */
  candidates: string[];
}

export function normalizeName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[._]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const tokens = (text: string) => normalizeName(text).split(' ').filter((t) => t.length >= 2);

/**
 * Finds the user among the people in `shifts`: an ATTENDEE e-mail, the exact name, an e-mail
 * used as the name, or a name the user confirmed. Failing that, a partial name match ("Alex" in
 * "Alex Smith"); more than one such candidate is ambiguous and the user picks.
 */
export function matchIdentity(shifts: readonly Shift[], identity: IdentityInput): IdentityMatch {
  const name = normalizeName(identity.name);
  const emails = new Set(identity.emails.map((e) => e.toLowerCase()));
  const aliases = new Set(identity.aliases.map(normalizeName));
  if (!name && emails.size === 0 && aliases.size === 0) return { status: 'unset', people: [], candidates: [] };

  const people = new Map<string, { emails: Set<string> }>();
  for (const shift of shifts) {
    const entry = people.get(shift.person) ?? { emails: new Set<string>() };
    if (shift.email) entry.emails.add(shift.email.toLowerCase());
    people.set(shift.person, entry);
  }
  const exact: string[] = [];
  for (const [person, { emails: personEmails }] of people) {
    const normalized = normalizeName(person);
    if (
      (name && normalized === name) ||
      aliases.has(normalized) ||
      emails.has(person.toLowerCase()) ||
      [...personEmails].some((e) => emails.has(e))
    ) {
      exact.push(person);
    }
  }
  if (exact.length > 0) return { status: 'matched', people: exact.sort(), candidates: [] };

  const mine = tokens(identity.name);
  const localParts = [...emails].map((e) => tokens(e.split('@')[0]));
  const partial: string[] = [];
  for (const person of people.keys()) {
    const theirs = tokens(person);
    if (theirs.length === 0) continue;
    const contains = (a: string[], b: string[]) => a.length > 0 && a.every((t) => b.includes(t));
    if (contains(mine, theirs) || contains(theirs, mine) || localParts.some((lp) => contains(theirs, lp))) partial.push(person);
  }
  if (partial.length === 1) return { status: 'matched', people: partial, candidates: [] };
  if (partial.length > 1) return { status: 'ambiguous', people: [], candidates: partial.sort() };
  return { status: 'unmatched', people: [], candidates: [] };
}

/**
 * Who is on call when, for one schedule: at every instant the highest layer present wins
 * (an override hides the rotation under it); several people on the same layer are all on call.
 * Adjacent stretches with the same people are merged.
 */
export function effectiveSegments(shifts: readonly Shift[]): Segment[] {
  type Edge = { at: number; shift: Shift; open: boolean };
  const edges: Edge[] = [];
  for (const shift of shifts) {
    if (shift.end <= shift.start) continue;
    edges.push({ at: shift.start, shift, open: true }, { at: shift.end, shift, open: false });
  }
  edges.sort((a, b) => a.at - b.at);
  const active = new Set<Shift>();
  const segments: Segment[] = [];
  let i = 0;
  while (i < edges.length) {
    const at = edges[i].at;
    for (; i < edges.length && edges[i].at === at; i++) {
      if (edges[i].open) active.add(edges[i].shift);
      else active.delete(edges[i].shift);
    }
    if (i >= edges.length) break;
    const next = edges[i].at;
    const people = topPeople(active);
    if (people.length === 0) continue;
    const last = segments.at(-1);
    if (last && last.end === at && sameList(last.people, people)) last.end = next;
    else segments.push({ start: at, end: next, people });
  }
  return segments;
}

function topPeople(active: Set<Shift>): string[] {
  let top = -Infinity;
  for (const shift of active) top = Math.max(top, shift.layer);
  const people = new Set<string>();
  for (const shift of active) if (shift.layer === top) people.add(shift.person);
  return [...people].sort();
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Intervals in which any of `me` is on call, adjacent ones merged. */
export function myIntervals(segments: readonly Segment[], me: ReadonlySet<string>): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const segment of segments) {
    if (!segment.people.some((p) => me.has(p))) continue;
    const last = out.at(-1);
    if (last && last.end >= segment.start) last.end = Math.max(last.end, segment.end);
    else out.push({ start: segment.start, end: segment.end });
  }
  return out;
}

/** Merges intervals (from several schedules) into their union. */
export function union<T extends { start: number; end: number }>(intervals: readonly T[]): { start: number; end: number }[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const out: { start: number; end: number }[] = [];
  for (const interval of sorted) {
    const last = out.at(-1);
    if (last && last.end >= interval.start) last.end = Math.max(last.end, interval.end);
    else out.push({ start: interval.start, end: interval.end });
  }
  return out;
}

export function segmentAt(segments: readonly Segment[], at: number): Segment | null {
  // Segments are sorted and disjoint: binary search.
  let lo = 0;
  let hi = segments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = segments[mid];
    if (at < s.start) hi = mid - 1;
    else if (at >= s.end) lo = mid + 1;
    else return s;
  }
  return null;
}

export function segmentAfter(segments: readonly Segment[], at: number): Segment | null {
  return segments.find((s) => s.start > at) ?? null;
}
