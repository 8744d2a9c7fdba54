import { NOT_PAUSED, isPaused, type PauseRequest, type PauseState } from '../shared/pause';
import type { Clock, Timer } from './clock';
import type { Hub } from './hub';

export interface PauseService {
  pause(request: PauseRequest): PauseState;
  resume(): PauseState;
  /** Whether notifications are held back now, or at the given time. */
  isPaused(at?: number): boolean;
  /** Told whenever a pause starts or ends (by the user or its own timer). */
  onChange(listener: (paused: boolean) => void): void;
}

/** Pausing notifications from the tray or the app; a timed pause ends itself. A pause does not outlive the process. */
export function createPause(hub: Hub, clock: Clock): PauseService {
  let timer: Timer | null = null;
  // The pause is kept here and published to the hub; the hub is never read back.
  let current: PauseState = NOT_PAUSED;
  const listeners: ((paused: boolean) => void)[] = [];
  const set = (state: PauseState) => {
    const was = active(current);
    current = state;
    if (timer) clock.clearTimeout(timer);
    timer = null;
    if (state.until && !state.indefinite) {
      timer = clock.setTimeout(() => set(NOT_PAUSED), Date.parse(state.until) - clock.now());
      timer.unref?.();
    }
    hub.set('pause', state);
    if (active(state) !== was) for (const listener of listeners) listener(active(state));
    return state;
  };
  return {
    pause: (request) =>
      set(
        'indefinite' in request
          ? { until: null, indefinite: true }
          : { until: new Date(clock.now() + request.minutes * 60_000).toISOString(), indefinite: false },
      ),
    resume: () => set(NOT_PAUSED),
    isPaused: (at = clock.now()) => isPaused(current, at),
    onChange: (listener) => void listeners.push(listener),
  };
}

/** A pause is in force from its request until it is resumed or its timer ends it (the timer fires at `until`). */
function active(state: PauseState): boolean {
  return state.indefinite || state.until !== null;
}
