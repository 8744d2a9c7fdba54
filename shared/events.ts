import { z } from 'zod';
import { SERVICE_LABELS, ServiceFieldsSchema } from './page-services';
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

export const LOG_KINDS = ['note', 'followup', 'page', 'silence', 'shift', 'runbook', 'handoff', 'assistant', 'other'] as const;
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

export const GAP_REASON = {
  asleep: 'the computer was asleep',
  'not-running': 'Baton was not running',
  unreachable: 'every alert source was unreachable',
  paused: 'notifications were paused',
} as const;

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
      kind: z.enum(['alertmanager', 'generic', 'service']).optional(),
      /** A paging service's incident: its own fields (added later, so older records lack it). */
      service: ServiceFieldsSchema.optional(),
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
  'page.updated': event({
    /** A paging service changed its own fields of an incident (assignees, urgency, priority, …). */
    schema: z.object({ pageId: Id, service: ServiceFieldsSchema }),
    kind: 'page',
    words: (d, say) => `Updated${subject(say, d.pageId)} at ${SERVICE_LABELS[d.service.service]}: ${[d.service.assignees.length ? `assigned to ${d.service.assignees.join(', ')}` : 'unassigned', d.service.urgency && `urgency ${d.service.urgency}`, d.service.priority && `priority ${d.service.priority}`].filter(Boolean).join(', ')}`,
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
      /** Added later (the briefing handoff guides ask for): recent changes and deploys, upcoming maintenance, who to escalate to, recovery time. */
      recentChanges: z.string().max(16 * 1024).optional(),
      maintenance: z.string().max(16 * 1024).optional(),
      escalateTo: z.string().max(4096).optional(),
      recovery: z.string().max(4096).optional(),
    }),
    kind: 'handoff',
    words(d) {
      const parts = [
        d.summary && 'summary',
        d.notes !== undefined && 'notes for the next on-call',
        d.incoming !== undefined && 'incoming on-call',
        d.nextStep && 'a next step',
        d.recentChanges !== undefined && 'recent changes',
        d.maintenance !== undefined && 'upcoming maintenance',
        d.escalateTo !== undefined && 'who to escalate to',
        d.recovery !== undefined && 'recovery time',
      ];
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
      /** Added later: when the outgoing made the report (what changed since is counted from here). */
      handedOverAt: Iso.optional(),
      /** Added later: 'repository' when it came from the shared repository of handoffs. */
      via: z.enum(['import', 'repository']).optional(),
    }),
    kind: 'handoff',
    words: (d) =>
      `Handed over to you by ${d.from || 'the previous on-call'}: ${d.openPages.length} open page(s)${d.openPages.length > 0 ? ` (${clip(d.openPages.map((p) => p.title).join('; '))})` : ''}, ${d.followupIds.length} follow-up(s)`,
  }),

  // shift health (coverage gaps, handoff delivery and acceptance): see electron/coverage and electron/handoff/delivery
  'coverage.gap': event({
    schema: z.object({
      /** Why Baton could not page the user over [start, end): asleep, not running, every source unreachable, notifications paused. */
      reason: z.enum(['asleep', 'not-running', 'unreachable', 'paused']),
      start: Iso,
      end: Iso,
    }),
    kind: 'shift',
    words: (d, say) =>
      `Could not page you for ${minutesBetween(d.start, d.end)} (${say.time ? say.time(d.start) : d.start} to ${say.time ? say.time(d.end) : d.end}): ${GAP_REASON[d.reason]}`,
  }),
  'handoff.accepted': event({
    schema: z.object({
      handoffId: Id,
      /** Who said "I have it", and to whom it was handed. */
      by: Person,
      from: Person,
      /** When the incoming said so (their clock); the record's own ts is when this Baton learnt of it. */
      at: Iso,
      /** 'me': I accepted a handoff given to me; 'peer': the incoming accepted mine (seen in the shared repository). */
      side: z.enum(['me', 'peer']),
      /** Added later: when the incoming last verified alerting (readiness check confirmed) before accepting. */
      verifiedAt: Iso.optional(),
    }),
    kind: 'handoff',
    words: (d, say) => {
      const time = (iso: string) => (say.time ? say.time(iso) : iso);
      const verified = d.verifiedAt ? `; alerting verified at ${time(d.verifiedAt)}` : '';
      return d.side === 'me' ? `I have it: accepted the handoff from ${d.from}${verified}` : `${d.by} accepted the handoff at ${time(d.at)}${verified}`;
    },
  }),
  'page.investigation': event({
    schema: z.object({
      pageId: Id,
      /** "Tried", "ruled out", or the next checkpoint (when to look again, reminded then). */
      kind: z.enum(['tried', 'ruled-out', 'checkpoint']),
      text: z.string().max(4096),
      checkpointAt: Iso.optional(),
    }),
    kind: 'page',
    words: (d, say) =>
      d.kind === 'tried'
        ? `Tried${subject(say, d.pageId)}: ${d.text}`
        : d.kind === 'ruled-out'
          ? `Ruled out${subject(say, d.pageId)}: ${d.text}`
          : `Next checkpoint${subject(say, d.pageId)} at ${d.checkpointAt ? (say.time ? say.time(d.checkpointAt) : d.checkpointAt) : 'a time not given'}: ${d.text}`,
  }),
  'readiness.checked': event({
    schema: z.object({
      checkId: Id,
      /** Checks that found something that keeps pages from reaching the user (id and what was found). */
      problems: z.array(z.object({ id: z.string().max(40), label: z.string().max(300), detail: z.string().max(2000) })).max(100),
      warnings: z.number().int().min(0),
      tookMs: z.number().int().min(0),
    }),
    kind: 'shift',
    words: (d) =>
      d.problems.length === 0
        ? `Readiness check: Baton can reach you${d.warnings > 0 ? ` (${d.warnings} thing(s) to look at)` : ''}`
        : `Readiness check: ${d.problems.length} problem(s): ${d.problems.map((p) => p.label).join('; ')}`,
  }),
  'readiness.confirmed': event({
    schema: z.object({ checkId: Id, saw: z.boolean() }),
    kind: 'shift',
    words: (d) => (d.saw ? 'Verified alerting: the test notification was seen and heard' : 'The test notification was NOT seen or heard'),
  }),

  // An assistant (through `baton mcp`) read something: journaled by the app that served it, so the Log
  // shows what an assistant looked at. Kept out of the handoff and a page's history (looking is not acting).
  'assistant.read': event({
    schema: z.object({ tool: z.string().max(100), pageId: Id.optional(), schedule: z.string().max(200).optional() }),
    kind: 'assistant',
    words(d, say) {
      const read = (what: string) => `Assistant read ${what} (${d.tool})`;
      switch (d.tool) {
        case 'connect':
          return 'An assistant connected to Baton (baton mcp)';
        case 'who_is_on_call':
          return read(`who is on call${d.schedule ? ` in ${clip(d.schedule, 80)}` : ''}`);
        case 'open_pages':
          return read('the open pages');
        case 'page_details':
          return read(d.pageId && say.pageTitle ? `the page${subject(say, d.pageId)}, its history and runbook` : 'a page, its history and runbook');
        case 'handoff_draft':
          return read('the handoff draft');
        default:
          return `Assistant used ${d.tool}`;
      }
    },
  }),
  // escalation ladder and support hours: see electron/escalation
  'page.held': event({
    schema: z.object({
      pageId: Id,
      /** When support hours begin and the page is delivered in the digest. */
      until: Iso,
    }),
    kind: 'page',
    words: (d, say) => `Held${subject(say, d.pageId)} until support hours (${say.time ? say.time(d.until) : d.until})`,
  }),
  'escalation.rules': event({
    /** The escalation rules and support hours as saved in Settings: the handoff shows those in force during the shift. */
    schema: z.object({ rules: z.record(z.string(), z.unknown()), hours: z.object({ days: z.array(z.number().int()), start: z.string().max(5), end: z.string().max(5) }) }),
    kind: 'shift',
    words: () => 'Escalation rules and support hours changed',
  }),
  'page.escalated': event({
    /** The source now reports the page at a more urgent severity. */
    schema: z.object({ pageId: Id, severity: Severity, from: Severity }),
    kind: 'page',
    words: (d, say) => `Escalated${subject(say, d.pageId)} from ${d.from} to ${d.severity}`,
  }),
  'page.digest': event({
    schema: z.object({
      /** The held pages delivered in one notification (those acknowledged or resolved meanwhile left out). */
      pageIds: z.array(Id).max(10_000),
      /** Held pages that were acknowledged or resolved before the digest: they left it. */
      left: z.array(Id).max(10_000).default([]),
      /** Why they went out: support hours began, or one of them became critical and broke through. */
      reason: z.enum(['support-hours', 'critical']),
    }),
    kind: 'page',
    words: (d) => (d.reason === 'critical' ? `A held page became critical and broke through` : `Digest of ${d.pageIds.length} page(s) held outside support hours delivered`),
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
