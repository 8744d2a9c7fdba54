import { z } from 'zod';

/**
 * Journal event types and their payload schemas: the vocabulary of the action log.
 * Events are immutable; a correction is a new event. Adding an event type = one entry here
 * (and a projection that folds it, if any). Payload changes must stay readable: add optional
 * fields, never repurpose one; bump JOURNAL_VERSION only for a change of the record format.
 */
export const JOURNAL_VERSION = 1;

const Id = z.string().min(1).max(200);
const Labels = z.record(z.string(), z.string());
const Iso = z.string().max(40);

export const Severity = z.enum(['critical', 'high', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

export const eventSchemas = {
  'note.added': z.object({
    id: Id,
    text: z.string().max(64 * 1024),
    pageId: Id.optional(),
    runbookId: Id.optional(),
  }),
  'followup.added': z.object({
    id: Id,
    text: z.string().max(64 * 1024),
    owner: z.string().max(200).optional(),
    due: Iso.optional(),
    /** The note it was made from, when it was. */
    noteId: Id.optional(),
    pageId: Id.optional(),
  }),
  'followup.closed': z.object({ id: Id, comment: z.string().max(4096).optional() }),

  'page.received': z.object({
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
  'page.acknowledged': z.object({
    pageId: Id,
    by: z.string().max(200),
    via: z.enum(['app', 'notification', 'tray', 'source']),
    silenceId: z.string().max(200).optional(),
    until: Iso.optional(),
    comment: z.string().max(4096).optional(),
  }),
  'page.unacknowledged': z.object({ pageId: Id, by: z.string().max(200) }),
  'page.resolved': z.object({ pageId: Id, via: z.enum(['source', 'app']), by: z.string().max(200).optional() }),
  'page.reopened': z.object({
    pageId: Id,
    /** Added later, so older records lack it: when the alert fired again, and why the page reopened. */
    startsAt: Iso.optional(),
    reason: z.enum(['fired-again', 'ack-expired']).optional(),
  }),

  'silence.created': z.object({
    silenceId: z.string().max(200),
    sourceId: Id,
    matchers: z.array(z.object({ name: z.string(), value: z.string(), isRegex: z.boolean(), isEqual: z.boolean() })),
    startsAt: Iso,
    endsAt: Iso,
    createdBy: z.string().max(200),
    comment: z.string().max(4096),
    pageId: Id.optional(),
  }),
  'silence.expired': z.object({ silenceId: z.string().max(200), sourceId: Id, by: z.string().max(200).optional() }),

  'shift.started': z.object({
    scheduleId: Id,
    scheduleName: z.string().max(200),
    person: z.string().max(200),
    start: Iso,
    end: Iso,
  }),
  'shift.ended': z.object({
    scheduleId: Id,
    scheduleName: z.string().max(200),
    person: z.string().max(200),
    start: Iso,
    end: Iso,
  }),

  'runbook.step.done': z.object({
    runbookId: Id,
    runbookTitle: z.string().max(500),
    step: z.string().max(4096),
    done: z.boolean(),
    pageId: Id.optional(),
  }),

  // handoff: edits of a draft's free text, its sending, and a handoff received from someone else
  'handoff.edited': z.object({
    /** The draft: `<scheduleId or "range">:<window start ISO>`. */
    draftId: Id,
    summary: z.object({ mood: z.enum(['quiet', 'noisy', 'bumpy']), text: z.string().max(500) }).optional(),
    notes: z.string().max(64 * 1024).optional(),
    incoming: z.string().max(200).optional(),
    /** The next step for one open page; an empty text clears it. */
    nextStep: z.object({ pageId: Id, text: z.string().max(4096) }).optional(),
  }),
  'handoff.sent': z.object({
    draftId: Id,
    from: z.string().max(200),
    to: z.string().max(200),
    start: Iso,
    end: Iso,
    openPages: z.number().int().min(0),
    openFollowups: z.number().int().min(0),
  }),
  'handoff.received': z.object({
    handoffId: Id,
    from: z.string().max(200),
    to: z.string().max(200),
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
} as const;

export type EventSchemas = typeof eventSchemas;
export type EventType = keyof EventSchemas;
export type EventData<T extends EventType> = z.infer<EventSchemas[T]>;

/** One record of the journal as stored and as folded by projections. */
export interface JournalRecord<T extends string = string> {
  v: number;
  seq: number;
  /** ISO instant the event was recorded (the injected clock). */
  ts: string;
  type: T;
  data: T extends EventType ? EventData<T> : unknown;
}

export type KnownRecord = { [T in EventType]: JournalRecord<T> }[EventType];

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventSchemas, type);
}
