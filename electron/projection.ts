import type { JournalRecord } from '../shared/events';
import type { Journal } from './journal';

/**
 * State folded from the journal. A feature adds a projection by writing one of these and
 * calling `project()`: it is rebuilt from every record at start and kept current on each append.
 * (The action log's projections live in shared/action-log.ts and are registered in its `projections`.)
 */
export interface Projection<S> {
  initial(): S;
  /** Fold one record in; may mutate and return `state` (fast for 100k records) or return a new one. */
  apply(state: S, record: JournalRecord): S;
}

export interface Projected<S> {
  get(): S;
  dispose(): void;
}

/** Told about a record a projection could not fold (an older or hand-made payload); the fold goes on without it. */
export type FoldError = (record: JournalRecord, error: unknown) => void;

export function fold<S>(projection: Projection<S>, records: Iterable<JournalRecord>, onError?: FoldError): S {
  let state = projection.initial();
  for (const record of records) state = applySafely(projection, state, record, onError);
  return state;
}

export function project<S>(
  journal: Journal,
  projection: Projection<S>,
  onChange?: (state: S, record: JournalRecord) => void,
  onError?: FoldError,
): Projected<S> {
  let state = fold(projection, journal.records(), onError);
  const unsubscribe = journal.subscribe((record) => {
    state = applySafely(projection, state, record, onError);
    onChange?.(state, record);
  });
  return { get: () => state, dispose: unsubscribe };
}

/** One record that breaks a projection must not take the app (or the other records) down with it. */
function applySafely<S>(projection: Projection<S>, state: S, record: JournalRecord, onError?: FoldError): S {
  try {
    return projection.apply(state, record);
  } catch (error) {
    onError?.(record, error);
    return state;
  }
}
