import type { JournalRecord, Projection } from '../shared/records';
import type { Journal } from './journal';

/**
 * Keeps a projection (shared/records.ts) folded over the journal. A feature adds state folded from
 * the journal by writing a `Projection` and calling `project()`: it is rebuilt from every record at
 * start and kept current on each append. (The action log's projections are registered in
 * shared/action-log.ts `projections`.)
 */
export type { Projection };

export interface Projected<S> {
  get(): S;
  dispose(): void;
}

/** Told about a record a projection could not fold (an older or hand-made payload); the fold goes on without it. */
export type FoldError = (record: JournalRecord, error: unknown) => void;

/** What a projection reads of the journal: the records so far, and each one appended after. */
export type JournalFeed = Pick<Journal, 'records' | 'subscribe'>;

export function fold<S>(projection: Projection<S>, records: Iterable<JournalRecord>, onError?: FoldError): S {
  let state = projection.initial();
  for (const record of records) state = applySafely(projection, state, record, onError);
  return state;
}

export function project<S>(
  journal: JournalFeed,
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
