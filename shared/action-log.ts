import { z } from 'zod';
import { LOG_KINDS, LogKind } from './events';
import { describeRecord, isEvent, kindOfType, type JournalRecord, type Projection } from './records';
import { formatDateTime } from './time';

export { LOG_KINDS, LogKind, kindOfType };

/**
 * The action log and the notes/follow-ups folded from the journal: pure, shared by main (which
 * folds and queries) and the renderer (which shows the shapes). A projection is `{ initial, apply }`;
 * to add one, write it next to these and register it in `projections` at the bottom: main folds every
 * registered projection at start and on each append (electron/action-log/projections.ts).
 */

/** Notes are capped in UTF-8 bytes, the unit a disk and the journal line care about. */
export const NOTE_MAX_BYTES = 64 * 1024;

export function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

export function noteTooLongMessage(bytes: number): string {
  return `A note can hold at most 64 KiB; this one is ${(bytes / 1024).toFixed(1)} KiB. Shorten it or split it into several notes.`;
}

/** A note's text as the contract accepts it: not blank, at most 64 KiB of UTF-8. */
export const NoteText = z.string().superRefine((text, ctx) => {
  if (text.trim().length === 0) {
    ctx.addIssue({ code: 'custom', message: 'A note needs some text.' });
    return;
  }
  const bytes = utf8Bytes(text);
  if (bytes > NOTE_MAX_BYTES) ctx.addIssue({ code: 'custom', message: noteTooLongMessage(bytes) });
});

/** A calendar day, e.g. 2026-11-24: a due date has no time and no zone. */
export const DueDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-11-24.');

export const LOG_KIND_LABELS: Record<LogKind, string> = {
  note: 'Note',
  followup: 'Follow-up',
  page: 'Page',
  silence: 'Silence',
  shift: 'Shift',
  runbook: 'Runbook',
  handoff: 'Handoff',
  assistant: 'Assistant',
  other: 'Other',
};

export const LogEntrySchema = z.object({
  seq: z.number().int(),
  ts: z.string(),
  /** The journal event type, e.g. page.acknowledged. */
  type: z.string(),
  kind: LogKind,
  text: z.string(),
  /** What the entry concerns, for links. */
  pageId: z.string().optional(),
  runbookId: z.string().optional(),
  noteId: z.string().optional(),
  followupId: z.string().optional(),
  /** For a note: the status of the follow-up made from it, if any (filled in when queried). */
  followup: z.enum(['open', 'closed']).optional(),
});
export type LogEntry = z.infer<typeof LogEntrySchema>;

export const FollowupSchema = z.object({
  id: z.string(),
  text: z.string(),
  owner: z.string().optional(),
  due: z.string().optional(),
  noteId: z.string().optional(),
  pageId: z.string().optional(),
  status: z.enum(['open', 'closed']),
  createdAt: z.string(),
  closedAt: z.string().optional(),
  closeComment: z.string().optional(),
  /** Shift ends it has stayed open across: open follow-ups carry over until closed. */
  carriedOver: z.number().int(),
});
export type Followup = z.infer<typeof FollowupSchema>;

export const NoteSchema = z.object({
  id: z.string(),
  text: z.string(),
  ts: z.string(),
  seq: z.number().int(),
  pageId: z.string().optional(),
  runbookId: z.string().optional(),
});
export type Note = z.infer<typeof NoteSchema>;

/** The state slice: counts and open follow-ups only; entries are fetched in windows (queryLog). */
export const JournalSliceSchema = z.object({
  total: z.number().int(),
  lastSeq: z.number().int(),
  notes: z.number().int(),
  openFollowups: z.array(FollowupSchema),
  /** The most recently closed follow-ups, newest first (a few, for the view). */
  recentlyClosed: z.array(FollowupSchema),
  /** Set when the journal cannot be written: the view says so up front. */
  unavailable: z.string().nullable(),
});
export type JournalSlice = z.infer<typeof JournalSliceSchema>;

export const LogQuerySchema = z.strictObject({
  /** Position in the filtered list, newest first. */
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(500),
  kinds: z.array(LogKind).max(LOG_KINDS.length).optional(),
  text: z.string().max(200).optional(),
});
export type LogQuery = z.infer<typeof LogQuerySchema>;

export const LogPageSchema = z.object({
  /** Entries in the whole log. */
  total: z.number().int(),
  /** Entries matching the filter. */
  matched: z.number().int(),
  offset: z.number().int(),
  entries: z.array(LogEntrySchema),
  /** The journal position this answer reflects. */
  lastSeq: z.number().int(),
});
export type LogPage = z.infer<typeof LogPageSchema>;

export const ExportRequestSchema = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  format: z.enum(['jsonl', 'csv']),
});
export type ExportRequest = z.infer<typeof ExportRequestSchema>;

// ————— projections —————

export interface LogState {
  /** One per journal record, in order. Entries are described on first use, so a 100k reopen stays cheap. */
  records: JournalRecord[];
  described: (LogEntry | undefined)[];
  /** Page titles by id (an index, not a second fold of pages), so later events about a page name it. */
  pageTitles: Map<string, string>;
  /** Follow-ups, so a closed one reads with its text, not its id. */
  followups: FollowupState;
  /** The zone the times inside entries read in ("silenced until Mon 30 Nov, 15:21 CET"); see `setLogTimeZone`. */
  timeZone: string;
}

/** Times inside entries read in `timeZone` from now on; entries described in another zone are described again. Returns whether it changed. */
export function setLogTimeZone(state: LogState, timeZone: string): boolean {
  if (state.timeZone === timeZone) return false;
  state.timeZone = timeZone;
  state.described = [];
  return true;
}

/** Every journal record becomes one log entry; one the catalogue cannot read shows as unreadable, with its type. */
export const logProjection: Projection<LogState> = {
  initial: () => ({ records: [], described: [], pageTitles: new Map(), followups: followupsProjection.initial(), timeZone: 'UTC' }),
  apply(state, record) {
    if (isEvent(record, 'page.received')) state.pageTitles.set(record.data.pageId, record.data.title);
    followupsProjection.apply(state.followups, record);
    state.records.push(record);
    return state;
  },
};

/** The log entry for the record at `index` (described once, then cached). */
export function logEntryAt(state: LogState, index: number): LogEntry {
  return (state.described[index] ??= describeEntry(state, state.records[index]));
}

function describeEntry(state: LogState, record: JournalRecord): LogEntry {
  const { kind, text, links } = describeRecord(record, {
    pageTitle: (id) => state.pageTitles.get(id) ?? id,
    followupText: (id) => state.followups.byId.get(id)?.text,
    time: (iso) => formatDateTime(iso, state.timeZone),
  });
  return { seq: record.seq, ts: record.ts, type: record.type, kind, text, ...links };
}

export interface FollowupState {
  byId: Map<string, Followup>;
  /** The follow-up made from a note, by note id. */
  byNote: Map<string, string>;
}

/** Follow-ups with their status; an open one stays open across shifts until a followup.closed. */
export const followupsProjection: Projection<FollowupState> = {
  initial: () => ({ byId: new Map(), byNote: new Map() }),
  apply(state, record) {
    if (record.problem !== undefined) return state;
    if (record.type === 'followup.added') {
      const { id, text, owner, due, noteId, pageId } = record.data;
      if (!state.byId.has(id)) state.byId.set(id, { id, text, owner, due, noteId, pageId, status: 'open', createdAt: record.ts, carriedOver: 0 });
      if (noteId && !state.byNote.has(noteId)) state.byNote.set(noteId, id);
    } else if (record.type === 'followup.closed') {
      const f = state.byId.get(record.data.id);
      if (f && f.status === 'open') state.byId.set(f.id, { ...f, status: 'closed', closedAt: record.ts, closeComment: record.data.comment });
    } else if (record.type === 'shift.ended') {
      for (const f of state.byId.values()) if (f.status === 'open') f.carriedOver += 1;
    }
    return state;
  },
};

/** The follow-ups still open: the one answer to "what is left to do", for the Log, the handoff and imports. */
export function openFollowups(state: FollowupState): Followup[] {
  return [...state.byId.values()].filter((f) => f.status === 'open');
}

export function closedFollowups(state: FollowupState, limit: number): Followup[] {
  return [...state.byId.values()]
    .filter((f) => f.status === 'closed')
    .sort((a, b) => (b.closedAt ?? '').localeCompare(a.closedAt ?? ''))
    .slice(0, limit);
}

export interface NotesState {
  byId: Map<string, Note>;
}

export const notesProjection: Projection<NotesState> = {
  initial: () => ({ byId: new Map() }),
  apply(state, record) {
    if (isEvent(record, 'note.added')) {
      const { id, text, pageId, runbookId } = record.data;
      state.byId.set(id, { id, text, pageId, runbookId, ts: record.ts, seq: record.seq });
    }
    return state;
  },
};

/** Every projection main keeps current. Add one here (and read it through `projected.<name>`). */
export const projections = {
  log: logProjection,
  followups: followupsProjection,
  notes: notesProjection,
};

// ————— queries and export —————

const kindCache = new Map<string, LogKind>();
const kindOf = (type: string) => kindCache.get(type) ?? (kindCache.set(type, kindOfType(type)), kindOfType(type));

/** A window of the log, newest first, filtered by kind and by text (case-insensitive). */
export function queryEntries(state: LogState, query: LogQuery, lower: (i: number) => string): { matched: number; entries: LogEntry[] } {
  const count = state.records.length;
  const kinds = query.kinds && query.kinds.length > 0 && query.kinds.length < LOG_KINDS.length ? new Set(query.kinds) : null;
  const needle = query.text?.trim().toLowerCase() ?? '';
  const page: LogEntry[] = [];
  if (!kinds && !needle) {
    const newest = count - 1 - query.offset;
    for (let i = newest; i >= 0 && i > newest - query.limit; i--) page.push(logEntryAt(state, i));
    return { matched: count, entries: page };
  }
  let matched = 0;
  for (let i = count - 1; i >= 0; i--) {
    if (kinds && !kinds.has(kindOf(state.records[i].type))) continue;
    if (needle && !lower(i).includes(needle)) continue;
    if (matched >= query.offset && page.length < query.limit) page.push(logEntryAt(state, i));
    matched++;
  }
  return { matched, entries: page };
}

/** Cells a spreadsheet would run as a formula start with one of these; a leading ' makes them text. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const CSV_COLUMNS = ['seq', 'time_utc', 'kind', 'type', 'text', 'page_id', 'runbook_id', 'note_id', 'followup_id'] as const;

export function toCsv(entries: readonly LogEntry[]): string {
  const rows = entries.map((e) =>
    [String(e.seq), e.ts, e.kind, e.type, e.text, e.pageId ?? '', e.runbookId ?? '', e.noteId ?? '', e.followupId ?? ''].map(csvCell).join(','),
  );
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

/** The raw records, one JSON object per line, as the journal holds them (without the checksum). */
export function toJsonl(records: readonly JournalRecord[]): string {
  return records.map((r) => JSON.stringify({ v: r.v, seq: r.seq, ts: r.ts, type: r.type, data: r.data })).join('\n') + (records.length ? '\n' : '');
}

export function inRange(ts: string, from?: string, to?: string): boolean {
  const t = Date.parse(ts);
  return (from === undefined || t >= Date.parse(from)) && (to === undefined || t < Date.parse(to));
}
