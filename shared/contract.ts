import { z } from 'zod';
import { PauseRequestSchema, PauseStateSchema } from './pause';
import { SettingsPatchSchema, SettingsSchema } from './settings';
import { AppStateSchema, StatePatchSchema } from './state';
import { AddScheduleSourceSchema, ScheduleOptionsSchema, UpdateScheduleSourceSchema } from './schedule/requests';
import { DueDate, ExportRequestSchema, FollowupSchema, LogPageSchema, LogQuerySchema, NoteSchema, NoteText } from './action-log';
import {
  AlertmanagerSourceInputSchema,
  AlertmanagerSourceViewSchema,
  PageBatchResultSchema,
  PageHistoryEntrySchema,
  PagesConfigPatchSchema,
  PagesConfigViewSchema,
} from './pages';
import { handoffRequests } from './handoff/contract';
import { serviceSourceRequests } from './page-services-contract';
import { readinessRequests } from './readiness';
import { trendsRequests } from './trends';
import { escalationRequests } from './escalation';
import { investigationRequests } from './investigation';
import { PickPurposeSchema } from './pick';
import { LaunchAtLoginSchema, UpdateStateSchema } from './desktop';
import {
  NewSourceSchema,
  RunbookDocSchema,
  RunbookForPageResultSchema,
  RunbookSummarySchema,
  SearchHitSchema,
} from './runbooks';

/**
 * The one IPC contract. Every request channel has an argument schema and a result schema;
 * every event main pushes has a payload schema. Main registers a handler for each request
 * (electron/router.ts), preload builds window.baton from it (shared/bridge.ts).
 * Channels take one argument (z.void() for none), so the API is `baton.name(args)`.
 */
const request = <A extends z.ZodType, R extends z.ZodType>(args: A, result: R) => ({ args, result });

const none = z.void();
const ok = z.object({ ok: z.literal(true) });

export const requests = {
  getState: request(none, AppStateSchema),
  updateSettings: request(SettingsPatchSchema, SettingsSchema),
  pauseNotifications: request(PauseRequestSchema, PauseStateSchema),
  resumeNotifications: request(none, PauseStateSchema),
  dismissNotice: request(z.object({ id: z.string().max(200) }), ok),
  /** Opens an http(s) URL in the user's browser after main has checked it. */
  openExternal: request(z.object({ url: z.string().max(8192) }), ok),
  /**
   * The OS's own folder or file picker, so nobody types a path: `path` is the one chosen, null when
   * the user cancelled. What is picked (folder or file, which files) follows from `purpose`.
   */
  pickPath: request(z.object({ purpose: PickPurposeSchema }), z.object({ path: z.string().nullable() })),

  /**
   * The tray popover's "Open Baton" and its page titles: shows the main window (and hides the
   * popover), optionally at a view (`navigate` below, same names: e.g. `pages` with a page id).
   */
  showWindow: request(z.object({ view: z.string().max(40).optional(), id: z.string().max(300).optional() }), ok),

  // — journal, log, notes, follow-ups —
  addNote: request(
    z.strictObject({ text: NoteText, pageId: z.string().min(1).max(200).optional(), runbookId: z.string().min(1).max(200).optional() }),
    NoteSchema,
  ),
  /** A new follow-up, or one made from a note (noteId). */
  addFollowup: request(
    z.strictObject({
      text: NoteText,
      owner: z.string().trim().max(200).optional(),
      due: DueDate.optional(),
      noteId: z.string().min(1).max(200).optional(),
      pageId: z.string().min(1).max(200).optional(),
    }),
    FollowupSchema,
  ),
  closeFollowup: request(z.strictObject({ id: z.string().min(1).max(200), comment: z.string().max(4096).optional() }), FollowupSchema),
  /** A window of the log, newest first; the log can hold 100k entries, so it never travels whole. */
  queryLog: request(LogQuerySchema, LogPageSchema),
  /** Raw export of the log for a time range; `path` is null when the user cancelled the save dialog. */
  exportLog: request(ExportRequestSchema, z.object({ path: z.string().nullable(), count: z.number().int() })),

  // — shifts and schedules —
  addScheduleSource: request(AddScheduleSourceSchema, z.object({ id: z.string() })),
  updateScheduleSource: request(UpdateScheduleSourceSchema, ok),
  removeScheduleSource: request(z.object({ id: z.string().min(1).max(40) }), ok),
  /** Fetches one feed (or all) now; resolves when done, errors are in the source's status. */
  refreshSchedules: request(z.object({ id: z.string().min(1).max(40).optional() }), ok),
  /** "This is me": a person named in the schedules, when the match is ambiguous; null forgets the choice. */
  chooseSchedulePerson: request(z.object({ person: z.string().trim().min(1).max(200).nullable() }), ok),
  setScheduleOptions: request(ScheduleOptionsSchema, ok),

  // — pages and alert sources —
  /** The page's journal records, oldest first, each with a readable line. */
  pageHistory: request(z.object({ pageId: z.string().max(200) }), z.array(PageHistoryEntrySchema)),
  /** Acknowledge for a while; an Alertmanager page gets a real silence for that long. */
  ackPage: request(
    z.object({ pageId: z.string().max(200), minutes: z.number().int().min(1).max(7 * 24 * 60), comment: z.string().max(4096).optional() }),
    z.object({ ok: z.literal(true), silenceId: z.string().nullable(), message: z.string() }),
  ),
  /** Withdraw an acknowledgement (expires its silence); the page notifies again. */
  unackPage: request(z.object({ pageId: z.string().max(200) }), ok),
  /** "Mark handled": resolve a page by hand (webhook pages have no source to resolve them). */
  resolvePage: request(z.object({ pageId: z.string().max(200) }), ok),
  /**
   * A whole group of pages at once (a storm of one alert): each page is acknowledged (an Alertmanager
   * page silenced) or marked handled on its own and journaled on its own; the answer says which failed and why.
   */
  ackPages: request(
    z.object({ pageIds: z.array(z.string().max(200)).min(1).max(1000), minutes: z.number().int().min(1).max(7 * 24 * 60), comment: z.string().max(4096).optional() }),
    PageBatchResultSchema,
  ),
  resolvePages: request(z.object({ pageIds: z.array(z.string().max(200)).min(1).max(1000) }), PageBatchResultSchema),
  savePageSource: request(AlertmanagerSourceInputSchema, AlertmanagerSourceViewSchema),
  removePageSource: request(z.object({ id: z.string().max(200) }), ok),
  pollPageSource: request(z.object({ id: z.string().max(200) }), ok),
  updatePagesConfig: request(PagesConfigPatchSchema, PagesConfigViewSchema),
  /** Puts the ready-to-paste curl example, with the real token, on the clipboard (the token never reaches the renderer). */
  copyWebhookExample: request(none, ok),
  ...serviceSourceRequests,

  // — runbooks —
  runbookSearch: request(z.object({ query: z.string().max(500), limit: z.number().int().min(1).max(100).optional() }), z.object({ hits: z.array(SearchHitSchema) })),
  runbookList: request(z.object({ sourceId: z.string().max(200).optional() }), z.object({ runbooks: z.array(RunbookSummarySchema), total: z.number() })),
  runbookGet: request(z.object({ id: z.string().max(200), pageId: z.string().max(200).optional() }), RunbookDocSchema),
  /** The runbook for a page (focus `page:<pageId>` in the Runbooks view): best match and alternatives. */
  runbookForPage: request(z.object({ pageId: z.string().max(200) }), RunbookForPageResultSchema),
  /** Pins a runbook to an alert name (null unpins). */
  runbookPin: request(z.object({ alertName: z.string().max(500), runbookId: z.string().max(200).nullable() }), ok),
  runbookSourceAdd: request(NewSourceSchema, z.object({ id: z.string() })),
  runbookSourceRemove: request(z.object({ id: z.string().max(200) }), ok),
  runbookSync: request(z.object({ sourceId: z.string().max(200) }), ok),
  runbookSyncCancel: request(z.object({ sourceId: z.string().max(200) }), ok),
  runbookAddUrl: request(z.object({ url: z.string().max(8192) }), RunbookSummarySchema),
  /** Ticks (or unticks) a step; journaled as runbook.step.done. */
  runbookStepDone: request(
    z.object({ runbookId: z.string().max(200), step: z.string().min(1).max(4096), done: z.boolean(), pageId: z.string().max(200).optional() }),
    ok,
  ),
  /** Copies a code block to the clipboard (the sandboxed renderer has no clipboard permission). */
  runbookCopy: request(z.object({ text: z.string().max(1024 * 1024) }), ok),

  // — handoff —
  ...handoffRequests,

  // — desktop —
  /** Start Baton at login (an XDG autostart entry on Linux, a login item on macOS and Windows), or not. */
  setLaunchAtLogin: request(z.strictObject({ on: z.boolean() }), LaunchAtLoginSchema),
  /** Checks the update feed now (and downloads a newer version in the background); resolves with where that stands. */
  checkForUpdates: request(none, UpdateStateSchema),

  // — shift health: readiness, load over time —
  ...readinessRequests,
  ...trendsRequests,
  ...escalationRequests,
  ...investigationRequests,
  // — first-run setup —
  /** Shows a test notification through the pages' notifier; when shown, settings.setup.testNotificationAt is set. */
  sendTestNotification: request(none, ok),
  /** The webhook receiver's URL with its token (`?token=`), asked for when the user chooses to see or copy it; null while it is off. */
  webhookAddress: request(z.object({ copy: z.boolean() }), z.object({ url: z.string().nullable() })),
} as const;

export const events = {
  /** Slices of AppState that changed. */
  state: StatePatchSchema,
  /** Main asks the window to show a view, e.g. from a tray item or a notification click. */
  navigate: z.object({ view: z.string(), id: z.string().optional() }),

  // — journal —

  // — shifts —

  // — pages —

  // — runbooks —

  // — handoff —
} as const;

export type Requests = typeof requests;
export type Channel = keyof Requests;
export type RequestArgs<C extends Channel> = z.infer<Requests[C]['args']>;
export type RequestResult<C extends Channel> = z.infer<Requests[C]['result']>;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;

export const channels = Object.keys(requests) as Channel[];
export const eventNames = Object.keys(events) as EventName[];

export const ErrorCodeSchema = z.enum(['forbidden', 'unknown-channel', 'invalid-args', 'failed']);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

/** What crosses the wire for a request: a value, or an error the user can read. */
export type Envelope<T = unknown> =
  | { ok: true; value: T }
  | { ok: false; error: { code: ErrorCode; message: string } };

/** IPC channel names on the wire, prefixed so nothing else is ever answered. */
export { wire } from './channels';
