import type { JournalRecord } from '../shared/events';
import type { Journal } from './journal';

/**
 * State folded from the journal. A feature adds a projection by writing one of these and
 * calling `project()`: it is rebuilt from every record at start and kept current on each append.
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

export function fold<S>(projection: Projection<S>, records: Iterable<JournalRecord>): S {
  let state = projection.initial();
  for (const record of records) state = projection.apply(state, record);
  return state;
}

export function project<S>(
  journal: Journal,
  projection: Projection<S>,
  onChange?: (state: S, record: JournalRecord) => void,
): Projected<S> {
  let state = fold(projection, journal.records());
  const unsubscribe = journal.subscribe((record) => {
    state = projection.apply(state, record);
    onChange?.(state, record);
  });
  return { get: () => state, dispose: unsubscribe };
}
