import { NOT_PAUSED, isPaused, type PauseRequest, type PauseState } from '../shared/pause';
import type { Clock, Timer } from './clock';
import type { Hub } from './hub';

export interface PauseService {
  pause(request: PauseRequest): PauseState;
  resume(): PauseState;
  isPaused(): boolean;
}

/** Pausing notifications from the tray or the app; a timed pause ends itself. */
export function createPause(hub: Hub, clock: Clock): PauseService {
  let timer: Timer | null = null;
  const set = (state: PauseState) => {
    if (timer) clock.clearTimeout(timer);
    timer = null;
    if (state.until && !state.indefinite) {
      timer = clock.setTimeout(() => set(NOT_PAUSED), Date.parse(state.until) - clock.now());
      timer.unref?.();
    }
    hub.set('pause', state);
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
    isPaused: () => isPaused(hub.get().pause, clock.now()),
  };
}
