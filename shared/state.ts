import { z } from 'zod';
import { NoticeSchema } from './notices';
import { PauseStateSchema } from './pause';
import { SettingsSchema } from './settings';
import { RunbooksSliceSchema } from './runbooks';

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

  // — journal (#3) —

  // — shifts (#4) —

  // — pages (#5) —

  // — runbooks (#6) —
  runbooks: RunbooksSliceSchema,

  // — handoff (#7) —
});
export type AppState = z.infer<typeof AppStateSchema>;
export type SliceName = keyof AppState;

export const StatePatchSchema = AppStateSchema.partial();
export type StatePatch = z.infer<typeof StatePatchSchema>;

/** The zone times are shown in: the user's choice, else the OS zone. */
export function displayTimeZone(state: Pick<AppState, 'settings' | 'app'>): string {
  return state.settings.timeZone || state.app.systemTimeZone;
}
