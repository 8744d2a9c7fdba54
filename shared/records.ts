import type { z } from 'zod';
import { catalogue, clip, isEventType, LOG_KINDS, type Catalogue, type EventData, type EventLinks, type EventSpec, type EventType, type LogKind, type WordsContext } from './events';
import { explainZodError } from './errors';

/**
 * Journal records as the rest of Baton sees them: parsed once, when the journal loads (or when an
 * event is appended), against the catalogue. A record whose type or payload the catalogue does not
 * accept stays in the journal as an explicit `UnknownRecord`: the Log shows it, projections skip it.
 * After load nothing needs to cast a record: narrow on `problem` and `type`.
 */

/** A record as a journal line holds it, before its payload is checked. */
export interface StoredRecord {
  v: number;
  seq: number;
  /** ISO instant the event was recorded (the injected clock). */
  ts: string;
  type: string;
  data: unknown;
}

/** A record whose payload its type's schema accepted. */
export interface RecordOf<T extends EventType> {
  v: number;
  seq: number;
  ts: string;
  type: T;
  data: EventData<T>;
  problem?: undefined;
}

export type KnownRecord = { [T in EventType]: RecordOf<T> }[EventType];

/** A record the catalogue cannot read: a type from a newer Baton, or a payload its schema refuses (a hand-edited file). */
export interface UnknownRecord extends StoredRecord {
  /** Why it could not be read, for the Log. */
  problem: string;
}

/** Any record of the journal; `JournalRecord<'page.received'>` is the record of that one type. */
export type JournalRecord<T extends string = string> = string extends T ? KnownRecord | UnknownRecord : T extends EventType ? RecordOf<T> : UnknownRecord;

/** State folded from the journal: rebuilt from every record at start and kept current on each append. */
export interface Projection<S> {
  initial(): S;
  /** Fold one record in; may mutate and return `state` (fast for 100k records) or return a new one. */
  apply(state: S, record: JournalRecord): S;
}

/** The catalogue seen per type, so a generic `T` reaches its own schema and words (TypeScript's correlated-union pattern). */
type Specs = { [T in EventType]: Omit<EventSpec<Catalogue[T]['schema']>, 'schema'> & { schema: z.ZodType<EventData<T>> } };
const specs: Specs = catalogue;

export type Checked<T extends EventType> = { ok: true; data: EventData<T> } | { ok: false; problem: string };

/** Checks a payload against its type's schema. */
export function checkEvent<T extends EventType>(type: T, data: unknown): Checked<T> {
  const parsed = specs[type].schema.safeParse(data);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, problem: explainZodError(parsed.error, { max: 1 }) || 'bad payload' };
}

/**
 * A record of one type as the union of all records. This is the one place a record's type is asserted:
 * its payload has just been checked against that type's schema (checkEvent), which TypeScript cannot
 * connect to the union by itself.
 */
export function known<T extends EventType>(record: RecordOf<T>): KnownRecord {
  return record as KnownRecord;
}

/** Reads a stored record: its type and payload checked against the catalogue, or an UnknownRecord saying why not. */
export function parseRecord(stored: StoredRecord): JournalRecord {
  const { v, seq, ts, type, data } = stored;
  if (!isEventType(type)) return { v, seq, ts, type, data, problem: `${type} is not an event this version of Baton knows` };
  const checked = checkEvent(type, data);
  if (!checked.ok) return { v, seq, ts, type, data, problem: checked.problem };
  return known({ v, seq, ts, type, data: checked.data });
}

/** Narrows a record to one known type. */
export function isEvent<T extends EventType>(record: JournalRecord, type: T): record is Extract<KnownRecord, { type: T }> {
  return record.problem === undefined && record.type === type;
}

export interface Described {
  kind: LogKind;
  text: string;
  links: EventLinks;
}

/** How a record reads (the catalogue's words), its kind and what it links to. */
export function describeRecord(record: JournalRecord, context: WordsContext = {}): Described {
  if (record.problem !== undefined) {
    return { kind: kindOfType(record.type), text: `Unreadable ${record.type} record (${record.problem}): ${clip(safeJson(record.data), 300)}`, links: idsOf(record.data) };
  }
  return describeKnown(record, context);
}

function describeKnown<T extends EventType>(record: RecordOf<T>, context: WordsContext): Described {
  const spec = specs[record.type];
  return {
    kind: spec.kind,
    text: spec.words(record.data, { ...context, ts: record.ts }),
    links: spec.links ? spec.links(record.data) : idsOf(record.data),
  };
}

/** The words of a record: `describeRecord(...).text`. */
export function wordsOf(record: JournalRecord, context: WordsContext = {}): string {
  return describeRecord(record, context).text;
}

const kinds: readonly string[] = LOG_KINDS;
const isLogKind = (head: string): head is LogKind => kinds.includes(head);

/** The kind of a type: the catalogue's, or for a type it does not know (a newer Baton), the one its name starts with. */
export function kindOfType(type: string): LogKind {
  if (isEventType(type)) return specs[type].kind;
  const head = type.split('.')[0];
  return isLogKind(head) ? head : 'other';
}

/** The page or runbook a payload names, if any (also for payloads the catalogue could not read). */
export function idsOf(data: unknown): EventLinks {
  if (typeof data !== 'object' || data === null) return {};
  return {
    ...('pageId' in data && typeof data.pageId === 'string' ? { pageId: data.pageId } : {}),
    ...('runbookId' in data && typeof data.runbookId === 'string' ? { runbookId: data.runbookId } : {}),
  };
}

/** The id of the page a record concerns, if any. */
export function pageIdOf(record: JournalRecord): string | undefined {
  return idsOf(record.data).pageId;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
}
