import { wordsOf, pageIdOf, type JournalRecord } from '../../shared/records';

export { pagesProjection, type PagesState } from '../../shared/page-fold';
export { minutesBetween } from '../../shared/events';

/** The journal records that concern one page, oldest first. */
export function pageHistory(records: readonly JournalRecord[], pageId: string): JournalRecord[] {
  return records.filter((r) => pageIdOf(r) === pageId);
}

/** One readable line per journal record of a page, for its history (the page itself goes unnamed). */
export function summarise(record: JournalRecord): string {
  return wordsOf(record);
}
