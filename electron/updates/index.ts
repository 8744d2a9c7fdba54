import type { UpdateState } from '../../shared/desktop';
import { errorText } from '../../shared/errors';
import type { Clock, Timer } from '../clock';
import type { Logger } from '../log';

/** Checked once a day (and on demand); the first check comes a little after start, when the pages are in. */
export const UPDATE_CHECK_INTERVAL_MS = 24 * 60 * 60_000;
export const FIRST_CHECK_AFTER_MS = 5 * 60_000;

/** What an updater reports while it checks and downloads (electron-updater at the edge). */
export type UpdaterEvent =
  | { type: 'checking' }
  | { type: 'available'; version: string }
  | { type: 'current' }
  | { type: 'progress'; percent: number }
  | { type: 'downloaded'; version: string }
  | { type: 'error'; message: string };

/** The edge's updater: checks the feed, downloads in the background, installs when told. */
export interface Updater {
  /** Why this copy cannot update itself (running from a checkout, an unpacked folder…), or null. */
  inactiveReason(): string | null;
  check(): Promise<void>;
  onEvent(listener: (event: UpdaterEvent) => void): void;
  /** Installs a downloaded update now; `restart` starts the new version after (only when the user asked). */
  install(restart: boolean): boolean;
}

/**
 * Updates: checked daily and on demand, downloaded in the background, installed when Baton quits.
 * Baton never restarts by itself: a downloaded update waits for the user's quit, or for "Restart
 * and update" in Settings, which says so while the user is on call.
 */
export function createUpdates(o: {
  clock: Clock;
  log: Logger;
  updater: Updater;
  currentVersion: string;
  publish(state: UpdateState): void;
}) {
  const reason = o.updater.inactiveReason();
  let state: UpdateState = reason ? { status: 'off', current: o.currentVersion, reason } : { status: 'idle', current: o.currentVersion };
  let timer: Timer | null = null;
  let running: Promise<UpdateState> | null = null;
  const set = (patch: Partial<UpdateState>) => {
    state = { ...state, ...patch };
    o.publish(state);
  };

  o.updater.onEvent((event) => {
    switch (event.type) {
      case 'checking':
        return set({ status: 'checking', error: undefined });
      case 'available':
        o.log.info(`updates: ${event.version} is available; downloading in the background`);
        return set({ status: 'downloading', available: event.version, percent: 0 });
      case 'current':
        return set({ status: 'current', available: undefined, percent: undefined, checkedAt: new Date(o.clock.now()).toISOString() });
      case 'progress':
        return set({ percent: Math.round(event.percent) });
      case 'downloaded':
        o.log.info(`updates: ${event.version} is downloaded; it is installed when Baton quits`);
        return set({ status: 'ready', available: event.version, percent: 100, checkedAt: new Date(o.clock.now()).toISOString() });
      case 'error':
        o.log.warn('updates: the check or download failed', event.message);
        return set({ status: 'error', error: event.message, checkedAt: new Date(o.clock.now()).toISOString() });
    }
  });

  const schedule = (ms: number) => {
    if (timer) o.clock.clearTimeout(timer);
    timer = o.clock.setTimeout(() => void checkNow(), ms);
    timer.unref?.();
  };

  async function checkNow(): Promise<UpdateState> {
    if (state.status === 'off') return state;
    // One check at a time; a downloaded update is not checked again until it is installed.
    if (state.status === 'ready') return state;
    running ??= o.updater
      .check()
      .catch((error: unknown) => set({ status: 'error', error: errorText(error), checkedAt: new Date(o.clock.now()).toISOString() }))
      .then(() => state)
      .finally(() => {
        running = null;
        schedule(UPDATE_CHECK_INTERVAL_MS);
      });
    return running;
  }

  if (!reason) schedule(FIRST_CHECK_AFTER_MS);
  o.publish(state);
  return {
    checkNow,
    state: () => state,
    /** Quitting: a downloaded update is put in place now (the new version starts next time). */
    installOnQuit(): void {
      if (state.status !== 'ready') return;
      try {
        o.updater.install(false);
      } catch (error) {
        o.log.error('updates: could not install the downloaded update', error);
      }
    },
    dispose(): void {
      if (timer) o.clock.clearTimeout(timer);
      timer = null;
    },
  };
}
