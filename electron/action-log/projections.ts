import { logEntryAt, projections } from '../../shared/action-log';
import type { JournalRecord } from '../../shared/events';
import type { Logger } from '../log';
import { project, type JournalFeed, type Projected } from '../projection';

type Projections = typeof projections;
export type ProjectedAll = { [K in keyof Projections]: Projected<ReturnType<Projections[K]['initial']>> };

/** Every projection registered in shared/action-log.ts, folded over the journal and kept current. */
export function projectAll(journal: JournalFeed, log: Pick<Logger, 'warn'>): ProjectedAll {
  const onFoldError = (record: JournalRecord, error: unknown) =>
    log.warn(`action log: could not fold record ${record.seq} (${record.type}); it stays in the journal`, error);
  return Object.fromEntries(
    Object.entries(projections).map(([name, projection]) => [name, project(journal, projection as never, undefined, onFoldError)]),
  ) as ProjectedAll;
}

/** Lower-cased entry texts for the text filter, filled lazily (most sessions never filter); again when the zone of times in entries changes. */
export function lowerCasedTexts(projected: ProjectedAll): (index: number) => string {
  let lowered: string[] = [];
  let zone = projected.log.get().timeZone;
  return (i) => {
    const state = projected.log.get();
    if (state.timeZone !== zone) [lowered, zone] = [[], state.timeZone];
    return (lowered[i] ??= logEntryAt(state, i).text.toLowerCase());
  };
}
