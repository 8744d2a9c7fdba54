import type { Page } from '../../shared/pages';
import type { PauseState } from '../../shared/pause';
import type { MyShift, ScheduleView } from '../../shared/schedule/slice';
import type { AppState } from '../../shared/state';

/**
 * What the read commands show, whether it came from the running app (getState) or was read from the
 * journal and the kept schedules while the app is stopped. Types only here: the command's lean path
 * (`baton note`) never loads zod.
 */
export interface Snapshot {
  /** True when the running app answered; false when read from the data folder. */
  running: boolean;
  timeZone: string;
  me: { name: string; onCall: boolean; current: MyShift | null; next: MyShift | null };
  schedules: Pick<ScheduleView, 'id' | 'name' | 'now' | 'next'>[];
  /** Null when Baton is not running (a pause ends with the app). */
  pause: PauseState | null;
  /** Triggered and acknowledged pages, most urgent first. */
  open: Page[];
  /** The latest resolved pages, newest first. */
  recent: Page[];
  /** Lines of the journal that could not be read (offline only; the app repairs them at its next start). */
  skippedLines?: number;
}

export function snapshotOfState(state: AppState): Snapshot {
  const shift = state.shift;
  return {
    running: true,
    timeZone: state.settings.timeZone || state.app.systemTimeZone,
    me: { name: state.settings.identity.name, onCall: shift?.me.onCall ?? false, current: shift?.me.current ?? null, next: shift?.me.next ?? null },
    schedules: (shift?.schedules ?? []).map(({ id, name, now, next }) => ({ id, name, now, next })),
    pause: state.pause,
    open: state.pages.open,
    recent: state.pages.recent,
  };
}
