import type { EventName, EventPayload } from '../shared/contract';
import { events } from '../shared/contract';
import type { AppState, SliceName } from '../shared/state';
import type { Logger } from './log';

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/**
 * Main's copy of the app state and the outlet for main→renderer events. Services set their slice;
 * the hub pushes the changed slice to every connected window (validated against the contract when
 * `checkContract` is on: tests and development builds).
 */
export interface Hub {
  get(): AppState;
  set<K extends SliceName>(slice: K, value: AppState[K]): void;
  emit: Emit;
  /** A window (or the e2e harness) connects; returns disconnect. */
  connect(sink: Emit): () => void;
  /** Main-side listeners of state changes (tray, notifications). */
  onChange(listener: (state: AppState, changed: SliceName) => void): () => void;
}

export interface HubOptions {
  /**
   * Validate every emitted payload against the contract before it is sent. On in tests and
   * development builds (main.ts: `!app.isPackaged`), off in the packaged app: the payloads are built
   * by typed code, and parsing the whole changed slice on every event made a page's cost grow with
   * every open page (a full pages slice per webhook). Either way the payload is sent exactly as built,
   * so tests see what the packaged app sends. Default on.
   */
  checkContract?: boolean;
}

export function createHub(initial: AppState, log: Logger, options: HubOptions = {}): Hub {
  const checkContract = options.checkContract ?? true;
  let state = initial;
  const sinks = new Set<Emit>();
  const listeners = new Set<(state: AppState, changed: SliceName) => void>();

  const emit: Emit = (event, payload) => {
    if (checkContract) {
      const checked = events[event].safeParse(payload);
      if (!checked.success) {
        log.error(`hub: refused to send ${event}: payload breaks the contract`, checked.error.issues[0]);
        return;
      }
    }
    for (const sink of sinks) {
      try {
        sink(event, payload);
      } catch (error) {
        log.warn(`hub: a window could not take ${event}`, error);
      }
    }
  };

  return {
    get: () => state,
    set(slice, value) {
      state = { ...state, [slice]: value };
      emit('state', { [slice]: value });
      for (const listener of listeners) listener(state, slice);
    },
    emit,
    connect(sink) {
      sinks.add(sink);
      return () => sinks.delete(sink);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
