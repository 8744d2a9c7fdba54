import type { EventName, EventPayload } from '../shared/contract';
import { events } from '../shared/contract';
import type { AppState, SliceName } from '../shared/state';
import type { Logger } from './log';

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/**
 * Main's copy of the app state and the outlet for main→renderer events. Services set their slice;
 * the hub pushes the changed slice to every connected window (validated against the contract).
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

export function createHub(initial: AppState, log: Logger): Hub {
  let state = initial;
  const sinks = new Set<Emit>();
  const listeners = new Set<(state: AppState, changed: SliceName) => void>();

  const emit: Emit = (event, payload) => {
    const checked = events[event].safeParse(payload);
    if (!checked.success) {
      log.error(`hub: refused to send ${event}: payload breaks the contract`, checked.error.issues[0]);
      return;
    }
    for (const sink of sinks) {
      try {
        sink(event, checked.data as EventPayload<typeof event>);
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
