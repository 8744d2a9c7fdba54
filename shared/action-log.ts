import { z } from 'zod';
import { describeHandoffEvent } from './handoff';
import type { JournalRecord, KnownRecord } from './events';

/**
 * The action log and the notes/follow-ups folded from the journal: pure, shared by main (which
 * folds and queries) and the renderer (which shows the shapes). A projection is `{ initial, apply }`;
 * to add one, write it next to these and register it in `projections` at the bottom: main folds every
 * registered projection at start and on each append (electron/action-log.ts).
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

export const LOG_KINDS = ['note', 'followup', 'page', 'silence', 'shift', 'runbook', 'handoff', 'other'] as const;
export const LogKind = z.enum(LOG_KINDS);
export type LogKind = z.infer<typeof LogKind>;

export const LOG_KIND_LABELS: Record<LogKind, string> = {
  note: 'Note',
  followup: 'Follow-up',
  page: 'Page',
  silence: 'Silence',
  shift: 'Shift',
  runbook: 'Runbook',
  handoff: 'Handoff',
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

export interface Projection<S> {
  initial(): S;
  apply(state: S, record: JournalRecord): S;
}

export interface LogState {
  /** One per journal record, in order. Entries are described on first use, so a 100k reopen stays cheap. */
  records: JournalRecord[];
  described: (LogEntry | undefined)[];
  /** Titles by id, so later events about a page or follow-up read as text, not ids. */
  pageTitles: Map<string, string>;
  followupTexts: Map<string, string>;
}

/** Every journal record becomes one log entry; unknown (newer) event types still show, by type. */
export const logProjection: Projection<LogState> = {
  initial: () => ({ records: [], described: [], pageTitles: new Map(), followupTexts: new Map() }),
  apply(state, record) {
    const data = record.data as { pageId?: unknown; title?: unknown; id?: unknown; text?: unknown } | null;
    if (record.type === 'page.received' && typeof data?.pageId === 'string' && typeof data.title === 'string') state.pageTitles.set(data.pageId, data.title);
    if (record.type === 'followup.added' && hasIdAndText(data)) state.followupTexts.set(data.id, data.text);
    state.records.push(record);
    return state;
  },
};

const clip = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The log entry for the record at `index` (described once, then cached). */
export function logEntryAt(state: LogState, index: number): LogEntry {
  return (state.described[index] ??= describeSafely(state, state.records[index]));
}

/** A payload that does not have the fields its type promises (hand-made, or from a future version) still shows. */
function describeSafely(state: LogState, record: JournalRecord): LogEntry {
  try {
    const entry = describe(state, record);
    if (typeof entry.text === 'string') return entry;
  } catch {
    // fall through to the generic form
  }
  return { seq: record.seq, ts: record.ts, type: record.type, kind: kindOfType(record.type), text: `${record.type}: ${clip(safeJson(record.data), 300)}`, ...idsOf(record.data) };
}

/** Notes and follow-ups are folded only when their payload has the id and text they promise. */
function hasIdAndText(data: unknown): data is { id: string; text: string } {
  return typeof data === 'object' && data !== null && typeof (data as { id?: unknown }).id === 'string' && typeof (data as { text?: unknown }).text === 'string';
}

function describe(state: LogState, record: JournalRecord): LogEntry {
  if ((record.type === 'note.added' || record.type === 'followup.added') && !hasIdAndText(record.data)) throw new Error('payload without id and text');
  const base = { seq: record.seq, ts: record.ts, type: record.type };
  const r = record as KnownRecord;
  const page = (id: string) => state.pageTitles.get(id) ?? id;
  switch (r.type) {
    case 'note.added':
      return { ...base, kind: 'note', text: r.data.text, noteId: r.data.id, pageId: r.data.pageId, runbookId: r.data.runbookId };
    case 'followup.added': {
      const extra = [r.data.owner && `owner ${r.data.owner}`, r.data.due && `due ${r.data.due}`].filter(Boolean).join(', ');
      return { ...base, kind: 'followup', text: `Follow-up: ${r.data.text}${extra ? ` (${extra})` : ''}`, followupId: r.data.id, noteId: r.data.noteId, pageId: r.data.pageId };
    }
    case 'followup.closed': {
      const text = state.followupTexts.get(r.data.id) ?? r.data.id;
      return { ...base, kind: 'followup', text: `Closed follow-up: ${clip(text)}${r.data.comment ? ` — ${r.data.comment}` : ''}`, followupId: r.data.id };
    }
    case 'page.received':
      return { ...base, kind: 'page', text: `Page (${r.data.severity}) from ${r.data.sourceName}: ${r.data.title}`, pageId: r.data.pageId };
    case 'page.acknowledged':
      return { ...base, kind: 'page', text: `Acknowledged “${clip(page(r.data.pageId))}” (${r.data.by}, via ${r.data.via})${r.data.comment ? `: ${r.data.comment}` : ''}`, pageId: r.data.pageId };
    case 'page.unacknowledged':
      return { ...base, kind: 'page', text: `Took back the acknowledgement of “${clip(page(r.data.pageId))}” (${r.data.by})`, pageId: r.data.pageId };
    case 'page.resolved':
      return { ...base, kind: 'page', text: `Resolved “${clip(page(r.data.pageId))}” (${r.data.via === 'source' ? 'by the source' : (r.data.by ?? 'in Baton')})`, pageId: r.data.pageId };
    case 'page.reopened':
      return { ...base, kind: 'page', text: `Reopened “${clip(page(r.data.pageId))}”`, pageId: r.data.pageId };
    case 'silence.created':
      return { ...base, kind: 'silence', text: `Silence until ${r.data.endsAt} by ${r.data.createdBy}: ${r.data.comment}`, pageId: r.data.pageId };
    case 'silence.expired':
      return { ...base, kind: 'silence', text: `Silence ${r.data.silenceId} ended${r.data.by ? ` (${r.data.by})` : ''}` };
    case 'shift.started':
      return { ...base, kind: 'shift', text: `Shift started: ${r.data.person} on ${r.data.scheduleName}` };
    case 'shift.ended':
      return { ...base, kind: 'shift', text: `Shift ended: ${r.data.person} on ${r.data.scheduleName}` };
    case 'runbook.step.done':
      return { ...base, kind: 'runbook', text: `${r.data.done ? 'Done' : 'Undone'}: “${clip(r.data.step)}” in ${r.data.runbookTitle}`, runbookId: r.data.runbookId, pageId: r.data.pageId };
    default: {
      const handoff = record.type.startsWith('handoff.') ? describeHandoffEvent(record.type, record.data) : null;
      const text = handoff ?? `${record.type}: ${clip(safeJson(record.data), 300)}`;
      return { ...base, kind: kindOfType(record.type), text, ...idsOf(record.data) };
    }
  }
}

/** The kind of an event type this module does not describe yet (added by a later feature). */
export function kindOfType(type: string): LogKind {
  const head = type.split('.')[0];
  return (LOG_KINDS as readonly string[]).includes(head) ? (head as LogKind) : 'other';
}

function idsOf(data: unknown): Pick<LogEntry, 'pageId' | 'runbookId'> {
  if (typeof data !== 'object' || data === null) return {};
  const d = data as Record<string, unknown>;
  return {
    ...(typeof d.pageId === 'string' ? { pageId: d.pageId } : {}),
    ...(typeof d.runbookId === 'string' ? { runbookId: d.runbookId } : {}),
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
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
    const r = record as KnownRecord;
    if (r.type === 'followup.added') {
      if (!hasIdAndText(r.data)) throw new Error('followup.added without id and text');
      const { id, text, owner, due, noteId, pageId } = r.data;
      if (!state.byId.has(id)) state.byId.set(id, { id, text, owner, due, noteId, pageId, status: 'open', createdAt: r.ts, carriedOver: 0 });
      if (noteId && !state.byNote.has(noteId)) state.byNote.set(noteId, id);
    } else if (r.type === 'followup.closed') {
      const f = state.byId.get(r.data.id);
      if (f && f.status === 'open') state.byId.set(f.id, { ...f, status: 'closed', closedAt: r.ts, closeComment: r.data.comment });
    } else if (r.type === 'shift.ended') {
      for (const f of state.byId.values()) if (f.status === 'open') f.carriedOver += 1;
    }
    return state;
  },
};

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
    const r = record as KnownRecord;
    if (r.type === 'note.added') {
      if (!hasIdAndText(r.data)) throw new Error('note.added without id and text');
      const { id, text, pageId, runbookId } = r.data;
      state.byId.set(id, { id, text, pageId, runbookId, ts: r.ts, seq: r.seq });
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
