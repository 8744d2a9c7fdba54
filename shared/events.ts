import { z } from 'zod';
import { formatCalendarDay } from './time';

/**
 * The journal catalogue: every event type the action log holds, each with its payload schema, its
 * kind (the Log's kind filter) and how it reads in words. The Log, a page's history and the handoff
 * timeline all read events through `words`, so an event reads the same everywhere.
 *
 * Adding an event type = one entry in `catalogue` (and a projection that folds it, if any).
 * Events are immutable; a correction is a new event. Payload changes must stay readable: add
 * optional fields, never repurpose one; bump JOURNAL_VERSION only for a change of the record format.
 */
export const JOURNAL_VERSION = 1;

const Id = z.string().min(1).max(200);
const Labels = z.record(z.string(), z.string());
const Iso = z.string().max(40);
const Person = z.string().max(200);

export const Severity = z.enum(['critical', 'high', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

export const LOG_KINDS = ['note', 'followup', 'page', 'silence', 'shift', 'runbook', 'handoff', 'other'] as const;
export const LogKind = z.enum(LOG_KINDS);
export type LogKind = z.infer<typeof LogKind>;

/** What the words of an event may name, supplied by where they are read. */
export interface WordsContext {
  /** The title of a page, when the words should name it (the Log, the handoff); absent where the page is known already (its history). */
  pageTitle?: (pageId: string) => string;
  /** The text of a follow-up, for a record that only has its id. */
  followupText?: (id: string) => string | undefined;
  /** How an instant reads (a time zone's wall clock); ISO when absent. */
  time?: (iso: string) => string;
}

/** The record an event's words are about: its instant, and the context of the reader. */
export interface Say extends WordsContext {
  ts: string;
}

/** What a Log entry links to; by default an event's `pageId` and `runbookId`. */
export interface EventLinks {
  pageId?: string;
  runbookId?: string;
  noteId?: string;
  followupId?: string;
}

export interface EventSpec<S extends z.ZodType> {
  schema: S;
  kind: LogKind;
  words(data: z.output<S>, say: Say): string;
  links?(data: z.output<S>): EventLinks;
}

/** Typed once here, so each entry's `words` sees its own payload. */
function event<S extends z.ZodType>(spec: EventSpec<S>): EventSpec<S> {
  return spec;
}

export const clip = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** ` “title”` when the reader names pages, else nothing. */
function subject(say: Say, pageId: string | undefined): string {
  return pageId && say.pageTitle ? ` “${clip(say.pageTitle(pageId))}”` : '';
}

export function minutesBetween(from: string, to: string): string {
  const minutes = Math.round((Date.parse(to) - Date.parse(from)) / 60_000);
  return minutes >= 120 && minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
}

const Matcher = z.object({ name: z.string(), value: z.string(), isRegex: z.boolean(), isEqual: z.boolean() });

export function matchersText(matchers: readonly z.infer<typeof Matcher>[]): string {
  return matchers.map((m) => `${m.name}${m.isRegex ? (m.isEqual ? '=~' : '!~') : m.isEqual ? '=' : '!='}"${m.value}"`).join(', ');
}

/** Where an action came from when not the app's window: the `baton` command, or an assistant through `baton mcp`. Absent = the app. */
const LocalVia = z.enum(['cli', 'assistant']);
const fromLocal = (via: z.infer<typeof LocalVia> | undefined) => (via === 'cli' ? ' (from the terminal)' : via === 'assistant' ? ' (from an assistant)' : '');

const ShiftSpan = z.object({ scheduleId: Id, scheduleName: z.string().max(200), person: Person, start: Iso, end: Iso });
const comment = (text: string | undefined, lead = ' — ') => (text ? `${lead}${text}` : '');

export const catalogue = {
  'note.added': event({
    schema: z.object({ id: Id, text: z.string().max(64 * 1024), pageId: Id.optional(), runbookId: Id.optional(), via: LocalVia.optional() }),
    kind: 'note',
    words: (d) => d.text,
    links: (d) => ({ noteId: d.id, pageId: d.pageId, runbookId: d.runbookId }),
  }),
  'followup.added': event({
    schema: z.object({
      id: Id,
      text: z.string().max(64 * 1024),
      owner: Person.optional(),
      due: Iso.optional(),
      /** The note it was made from, when it was. */
      noteId: Id.optional(),
      pageId: Id.optional(),
      via: LocalVia.optional(),
    }),
    kind: 'followup',
    words(d) {
      const extra = [d.owner && `owner ${d.owner}`, d.due && `due ${formatCalendarDay(d.due)}`].filter(Boolean).join(', ');
      return `Follow-up: ${d.text}${extra ? ` (${extra})` : ''}${fromLocal(d.via)}`;
    },
    links: (d) => ({ followupId: d.id, noteId: d.noteId, pageId: d.pageId }),
  }),
  'followup.closed': event({
    schema: z.object({ id: Id, comment: z.string().max(4096).optional() }),
    kind: 'followup',
    words: (d, say) => `Closed follow-up: ${clip(say.followupText?.(d.id) ?? d.id)}${comment(d.comment)}`,
    links: (d) => ({ followupId: d.id }),
  }),

  'page.received': event({
    schema: z.object({
      pageId: Id,
      sourceId: Id,
      sourceName: z.string().max(200),
      dedupKey: z.string().max(500),
      title: z.string().max(2000),
      severity: Severity,
      labels: Labels,
      annotations: Labels,
      runbookUrl: z.string().max(8192).optional(),
      generatorUrl: z.string().max(8192).optional(),
      startsAt: Iso,
      /** Added later, so older records lack it: 'alertmanager' pages can be silenced; absent means 'generic'. */
      kind: z.enum(['alertmanager', 'generic']).optional(),
    }),
    kind: 'page',
    words: (d, say) => `Paged${say.pageTitle ? ` “${clip(d.title)}”` : ''} (${d.severity}) from ${d.sourceName}`,
  }),
  'page.acknowledged': event({
    schema: z.object({
      pageId: Id,
      by: Person,
      via: z.enum(['app', 'notification', 'tray', 'source', 'cli', 'assistant']),
      silenceId: z.string().max(200).optional(),
      until: Iso.optional(),
      comment: z.string().max(4096).optional(),
    }),
    kind: 'page',
    words: (d, say) =>
      `Acknowledged${subject(say, d.pageId)} by ${d.by} via ${d.via}${d.until ? ` for ${minutesBetween(say.ts, d.until)}` : ''}${comment(d.comment)}`,
  }),
  'page.unacknowledged': event({
    schema: z.object({ pageId: Id, by: Person }),
    kind: 'page',
    words: (d, say) => `Acknowledgement${subject(say, d.pageId) ? ` of${subject(say, d.pageId)}` : ''} withdrawn by ${d.by}`,
  }),
  'page.resolved': event({
    schema: z.object({ pageId: Id, via: z.enum(['source', 'app']), by: Person.optional() }),
    kind: 'page',
    words: (d, say) => (d.via === 'source' ? `Resolved${subject(say, d.pageId)} at the source` : `Marked${subject(say, d.pageId)} handled by ${d.by ?? 'someone'}`),
  }),
  'page.reopened': event({
    schema: z.object({
      pageId: Id,
      /** Added later, so older records lack it: when the alert fired again, and why the page reopened. */
      startsAt: Iso.optional(),
      reason: z.enum(['fired-again', 'ack-expired']).optional(),
    }),
    kind: 'page',
    words: (d, say) =>
      `Re-opened${subject(say, d.pageId)}${d.reason === 'ack-expired' ? ': the acknowledgement ran out' : d.reason === 'fired-again' ? ': it fired again' : ''}`,
  }),

  'silence.created': event({
    schema: z.object({
      silenceId: z.string().max(200),
      sourceId: Id,
      matchers: z.array(Matcher),
      startsAt: Iso,
      endsAt: Iso,
      createdBy: Person,
      comment: z.string().max(4096),
      pageId: Id.optional(),
      /** A silence Baton made again because the source lost it (a restart without storage). */
      replaces: z.string().max(200).optional(),
    }),
    kind: 'silence',
    words: (d, say) =>
      `${d.replaces ? `Silence ${d.replaces} was lost at the source; made again: s` : 'S'}ilenced by ${d.createdBy} until ${say.time ? say.time(d.endsAt) : d.endsAt} (${matchersText(d.matchers)})${comment(d.comment, ': ')}`,
  }),
  'silence.expired': event({
    schema: z.object({ silenceId: z.string().max(200), sourceId: Id, by: Person.optional() }),
    kind: 'silence',
    words: (d) => `Silence ${d.silenceId} ended${d.by ? ` by ${d.by}` : ''}`,
  }),

  'shift.started': event({ schema: ShiftSpan, kind: 'shift', words: (d) => `${d.person} went on call (${d.scheduleName})` }),
  'shift.ended': event({ schema: ShiftSpan, kind: 'shift', words: (d) => `${d.person} went off call (${d.scheduleName})` }),

  'runbook.step.done': event({
    schema: z.object({ runbookId: Id, runbookTitle: z.string().max(500), step: z.string().max(4096), done: z.boolean(), pageId: Id.optional(), via: LocalVia.optional() }),
    kind: 'runbook',
    words: (d) => `${d.done ? 'Done' : 'Undone'}: “${clip(d.step)}” in ${d.runbookTitle}${fromLocal(d.via)}`,
  }),

  // the handoff: edits of a draft's free text, its sending, and a handoff received from someone else
  'handoff.edited': event({
    schema: z.object({
      /** The draft: `<scheduleId or "range">:<window start ISO>`. */
      draftId: Id,
      summary: z.object({ mood: z.enum(['quiet', 'noisy', 'bumpy']), text: z.string().max(500) }).optional(),
      notes: z.string().max(64 * 1024).optional(),
      incoming: z.string().max(200).optional(),
      /** The next step for one open page, or for every open page of one alert name (a storm); an empty text clears it. */
      nextStep: z
        .object({ pageId: Id.optional(), alertName: z.string().min(1).max(500).optional(), text: z.string().max(4096) })
        .refine((s) => (s.pageId === undefined) !== (s.alertName === undefined), 'a next step is for one page or for one alert name')
        .optional(),
    }),
    kind: 'handoff',
    words(d) {
      const parts = [d.summary && 'summary', d.notes !== undefined && 'notes for the next on-call', d.incoming !== undefined && 'incoming on-call', d.nextStep && 'a next step'];
      return `Edited the handoff: ${parts.filter(Boolean).join(', ') || 'nothing'}`;
    },
  }),
  'handoff.sent': event({
    schema: z.object({
      draftId: Id,
      from: Person,
      to: Person,
      start: Iso,
      end: Iso,
      openPages: z.number().int().min(0),
      openFollowups: z.number().int().min(0),
    }),
    kind: 'handoff',
    words: (d) => `Handed over${d.to ? ` to ${d.to}` : ''} (${d.openPages} open page(s), ${d.openFollowups} follow-up(s))`,
  }),
  'handoff.received': event({
    schema: z.object({
      handoffId: Id,
      from: Person,
      to: Person,
      scheduleName: z.string().max(200),
      start: Iso,
      end: Iso,
      summary: z.string().max(500),
      notes: z.string().max(64 * 1024),
      openPages: z
        .array(
          z.object({
            pageId: Id,
            title: z.string().max(2000),
            severity: Severity,
            since: Iso,
            lastAction: z.string().max(4096),
            nextStep: z.string().max(4096),
          }),
        )
        .max(1000),
      /** Ids of the followup.added records appended for the handed-over follow-ups. */
      followupIds: z.array(Id).max(1000),
    }),
    kind: 'handoff',
    words: (d) =>
      `Handed over to you by ${d.from || 'the previous on-call'}: ${d.openPages.length} open page(s)${d.openPages.length > 0 ? ` (${clip(d.openPages.map((p) => p.title).join('; '))})` : ''}, ${d.followupIds.length} follow-up(s)`,
  }),
} as const;

export type Catalogue = typeof catalogue;
export type EventType = keyof Catalogue;
export type EventData<T extends EventType> = z.output<Catalogue[T]['schema']>;

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(catalogue, type);
}

// Records (parsed, known or unknown) live in ./records; their types are re-exported here for the features that import them from this file.
export type { JournalRecord, KnownRecord, UnknownRecord, RecordOf } from './records';
