import { z } from 'zod';
import { NoticeSchema } from './notices';
import { NOT_PAUSED } from './pause';
import { PauseStateSchema } from './pause';
import { SettingsSchema, type Settings } from './settings';
import { ShiftSliceSchema } from './schedule/slice';
import { JournalSliceSchema } from './action-log';
import { emptyPagesSlice, PagesSliceSchema } from './pages';
import { HandoffSliceSchema } from './handoff/contract';
import { RunbooksSliceSchema } from './runbooks';
import { DesktopSliceSchema } from './desktop';

/**
 * The snapshot main owns and mirrors to the renderer. Each feature owns one slice;
 * main pushes changed slices as a partial of this object (the `state` event).
 * Adding a feature = add its slice schema here and a default in `initialAppState`.
 */
export const AppStateSchema = z.object({
  app: z.object({
    version: z.string(),
    platform: z.string(),
    /** The zone the OS reports; settings.timeZone overrides it for display when set. */
    systemTimeZone: z.string(),
  }),
  settings: SettingsSchema,
  pause: PauseStateSchema,
  notices: z.array(NoticeSchema),

  // — journal —
  /** Counts and open follow-ups; absent only before the journal log service has started. */
  journal: JournalSliceSchema.optional(),

  // — shifts —
  /** Absent until the shifts service has evaluated the schedules once. */
  shift: ShiftSliceSchema.optional(),

  // — pages —
  pages: PagesSliceSchema,

  // — runbooks —
  runbooks: RunbooksSliceSchema,

  // — handoff —
  /** Optional until the handoff service has set it at start. */
  handoff: HandoffSliceSchema.optional(),

  // — desktop: notifier in use, launch at login —
  desktop: DesktopSliceSchema.optional(),
});
export type AppState = z.infer<typeof AppStateSchema>;
export type SliceName = keyof AppState;

export const StatePatchSchema = AppStateSchema.partial();
export type StatePatch = z.infer<typeof StatePatchSchema>;


/** The state main starts from; features fill their slices as they start. */
export function initialAppState(app: AppState['app'], settings: Settings): AppState {
  return {
    app,
    settings,
    pause: NOT_PAUSED,
    notices: [],
    pages: emptyPagesSlice(),
    runbooks: { sources: [], total: 0, indexReady: false, linkUpdates: 0 },
  };
}
