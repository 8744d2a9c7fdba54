import { closedFollowups, openFollowups, type JournalSlice } from '../../shared/action-log';
import type { Journal } from '../journal';
import type { Notices } from '../notices';
import type { ProjectedAll } from './projections';

const RECENTLY_CLOSED = 10;

/** The `journal` state slice: counts, open and recently closed follow-ups, and whether the journal is usable. */
export function journalSlice(journal: Pick<Journal, 'records' | 'openError'>, projected: ProjectedAll): JournalSlice {
  const followups = projected.followups.get();
  return {
    total: projected.log.get().records.length,
    lastSeq: journal.records().at(-1)?.seq ?? 0,
    notes: projected.notes.get().byId.size,
    openFollowups: openFollowups(followups).map((f) => ({ ...f })),
    recentlyClosed: closedFollowups(followups, RECENTLY_CLOSED).map((f) => ({ ...f })),
    unavailable: journal.openError,
  };
}

/** Publishes the slice now and on every append; a journal that could not be opened is told as a notice. Returns stop. */
export function publishJournalSlice(
  journal: Pick<Journal, 'records' | 'openError' | 'subscribe'>,
  projected: ProjectedAll,
  notices: Pick<Notices, 'add'>,
  publish: (slice: JournalSlice) => void,
): () => void {
  publish(journalSlice(journal, projected));
  if (journal.openError) notices.add('error', `${journal.openError}. Nothing new can be saved until this is fixed.`, undefined, 'journal-unavailable');
  return journal.subscribe(() => publish(journalSlice(journal, projected)));
}
