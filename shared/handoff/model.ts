import { z } from 'zod';
import { Severity } from '../events';
import { ComparisonSchema } from '../trends';

/**
 * The handoff report: what an on-call hands to the next one. Built from the journal by
 * `buildHandoff` (pure), rendered to Markdown / HTML / JSON, and re-imported from JSON or from
 * Baton's own Markdown. The JSON form is this schema, versioned: add optional fields within a
 * version; bump HANDOFF_SCHEMA_VERSION for anything a v1 reader would misread.
 */
export const HANDOFF_SCHEMA_ID = 'baton.handoff';
export const HANDOFF_SCHEMA_VERSION = 1;

const Iso = z.string().max(40);
const Text = (max: number) => z.string().max(max);
const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like 09:00');

/** What counts as business hours and sleep hours, and how alerts are judged noisy or flapping. */
export const HandoffSettingsSchema = z.object({
  businessHours: z
    .object({
      /** ISO weekdays, 1 = Monday … 7 = Sunday. */
      days: z.array(z.number().int().min(1).max(7)).max(7).default([1, 2, 3, 4, 5]),
      start: Clock.default('09:00'),
      end: Clock.default('17:00'),
    })
    .prefault({}),
  /** May wrap midnight (23:00–07:00). */
  sleepHours: z.object({ start: Clock.default('23:00'), end: Clock.default('07:00') }).prefault({}),
  /** A page re-received within this many minutes of its resolution is flapping. */
  flapMinutes: z.number().int().min(1).max(24 * 60).default(30),
  /** An alert paged this many times with no action taken is a "needs tuning" candidate. */
  noisyThreshold: z.number().int().min(2).max(1000).default(3),
});
export type HandoffSettings = z.infer<typeof HandoffSettingsSchema>;

export const Mood = z.enum(['quiet', 'noisy', 'bumpy']);
export type Mood = z.infer<typeof Mood>;

const Durations = z.object({
  count: z.number().int().min(0),
  meanMs: z.number().nullable(),
  medianMs: z.number().nullable(),
});

export const HandoffReportSchema = z
  .object({
    schema: z.literal(HANDOFF_SCHEMA_ID),
    version: z.literal(HANDOFF_SCHEMA_VERSION),
    /** Stable id of the draft: `<scheduleId or "range">:<window start>`. */
    id: Text(200),
    generatedAt: Iso,
    header: z.object({
      scheduleId: Text(200).nullable(),
      scheduleName: Text(200),
      outgoing: Text(200),
      incoming: Text(200),
      window: z.object({ start: Iso, end: Iso, timeZone: Text(64) }),
      /** The instant open items were taken at: the window's end, or now while it runs. */
      asOf: Iso,
      summary: z.object({ mood: Mood, text: Text(500), edited: z.boolean() }),
    }),
    stats: z.object({
      pages: z.number().int().min(0),
      bySeverity: z.record(Severity, z.number().int().min(0)),
      bySource: z.array(z.object({ source: Text(200), count: z.number().int().min(0) })),
      acknowledged: z.number().int().min(0),
      resolved: z.number().int().min(0),
      timeToAcknowledge: Durations,
      timeToResolve: Durations,
      outsideBusinessHours: z.number().int().min(0),
      duringSleepHours: z.number().int().min(0),
      flapping: z.array(z.object({ dedupKey: Text(500), title: Text(2000), flaps: z.number().int().min(1) })),
      repeated: z.array(z.object({ dedupKey: Text(500), title: Text(2000), count: z.number().int().min(2) })),
      settings: HandoffSettingsSchema,
    }),
    openPages: z.array(
      z.object({
        pageId: Text(200),
        title: Text(2000),
        severity: Severity,
        source: Text(200),
        since: Iso,
        acknowledged: z.boolean(),
        lastAction: z.object({ at: Iso, text: Text(4096) }).nullable(),
        nextStep: Text(4096),
        /** The alert it is an instance of (its `alertname`); open pages of one alert share a next step. */
        alertName: Text(500).optional(),
        runbookUrl: Text(8192).optional(),
        /** Set when this page came from an imported handoff. */
        handedOverBy: Text(200).optional(),
        /** Investigation notes on the page: tried, ruled out, the next checkpoint (oldest first). */
        investigation: z
          .array(z.object({ at: Iso, kind: z.enum(['tried', 'ruled-out', 'checkpoint']), text: Text(4096), checkpointAt: Iso.optional() }))
          .max(100)
          .optional(),
      }),
    ),
    silences: z.array(
      z.object({
        silenceId: Text(200),
        matchers: Text(4096),
        createdBy: Text(200),
        comment: Text(4096),
        endsAt: Iso,
      }),
    ),
    /** Pages per alert name (30 crash-looping pods are one alert paged 30 times), most first. */
    noisiest: z.array(
      z.object({
        /** The first page's dedup key (kept for v1 readers); `title` is the alert name. */
        dedupKey: Text(500),
        title: Text(2000),
        count: z.number().int().min(1),
        actionTaken: z.boolean(),
        needsTuning: z.boolean(),
      }),
    ),
    followups: z.array(
      z.object({
        id: Text(200),
        text: Text(64 * 1024),
        owner: Text(200).optional(),
        due: Iso.optional(),
        createdAt: Iso,
        handedOverBy: Text(200).optional(),
      }),
    ),
    /** Free text for the next on-call, written at handoff. */
    notesForNext: Text(64 * 1024),
    /** Notes taken during the shift. */
    notes: z.array(z.object({ at: Iso, text: Text(64 * 1024), pageId: Text(200).optional() })),
    timeline: z.array(z.object({ at: Iso, kind: Text(40), text: Text(8192) })),
    /** Timeline entries left out to keep the report readable (oldest go first). */
    timelineOmitted: z.number().int().min(0),
    /**
     * The spans of the window in which Baton could not page the on-call (asleep, not running,
     * sources unreachable, paused), and their total (overlaps counted once). Optional: exports made
     * before it existed still import.
     */
    /** This shift against the mean of the previous ones (up to four) of the same journal; absent for a custom range. */
    comparison: ComparisonSchema.optional(),
    /** When the on-call of this window last verified alerting (a readiness check whose test notification they saw and heard), from 2 h before the window on. */
    readiness: z.object({ verifiedAt: Iso.nullable() }).optional(),
    /**
     * What handoff guides ask the outgoing to brief: recent changes and deploys (text with links),
     * upcoming maintenance, who to escalate to, and after a rough shift a word on recovery time
     * (`roughShift` says why Baton asked). Optional: older exports lack it.
     */
    briefing: z
      .object({
        recentChanges: Text(16 * 1024),
        maintenance: Text(16 * 1024),
        escalateTo: Text(4096),
        recovery: Text(4096),
        roughShift: Text(500).nullable(),
      })
      .optional(),
    /** The escalation rules in force during the shift (as lines), and the pages held outside support hours. Optional: older exports lack it. */
    escalation: z
      .object({
        rules: z.array(z.object({ since: Iso.nullable(), lines: z.array(z.string().max(500)).max(10) })).max(50),
        held: z
          .array(
            z.object({
              pageId: z.string().max(500),
              title: z.string().max(2000),
              heldAt: Iso,
              /** When it was delivered (in the digest, or breaking through as critical); null while held or when it left the digest. */
              deliveredAt: Iso.nullable(),
              outcome: z.enum(['digest', 'broke-through', 'left', 'held']),
            }),
          )
          .max(1000),
      })
      .optional(),
    coverage: z
      .object({
        gaps: z.array(z.object({ reason: z.enum(['asleep', 'not-running', 'unreachable', 'paused']), start: Iso, end: Iso, minutes: z.number().int().min(0) })).max(1000),
        uncoveredMinutes: z.number().int().min(0),
      })
      .optional(),
  })
  .meta({ title: 'Baton shift handoff', description: 'A shift handoff exported by Baton (schema baton.handoff, version 1).' });

export type HandoffReport = z.infer<typeof HandoffReportSchema>;
export type OpenPageItem = HandoffReport['openPages'][number];

/** The JSON Schema of the export, as checked in at shared/handoff.schema.json. */
export function handoffJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(HandoffReportSchema, { target: 'draft-2020-12', io: 'output' }) as Record<string, unknown>;
}

/** Which stretch of time a draft covers. */
export const HandoffRangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('shift') }),
  z.object({ kind: z.literal('custom'), start: Iso, end: Iso }),
]);
export type HandoffRange = z.infer<typeof HandoffRangeSchema>;

/** The id a page handed over to me gets in my Pages (the previous on-call's id, marked). */
export function handedOverPageId(originalId: string): string {
  return `handoff:${originalId}`;
}
