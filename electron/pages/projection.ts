import { wordsOf, pageIdOf, type JournalRecord } from '../../shared/records';

export { pagesProjection, type PagesState } from '../../shared/page-fold';
export { minutesBetween } from '../../shared/events';

/** The journal records that concern one page, oldest first. */
export function pageHistory(records: readonly JournalRecord[], pageId: string): JournalRecord[] {
  // An assistant reading a page is in the Log, not in the page's history of what was done about it.
  return records.filter((r) => pageIdOf(r) === pageId && r.type !== 'assistant.read');
}

/** One readable line per journal record of a page, for its history (the page itself goes unnamed). */
export function summarise(record: JournalRecord): string {
  return wordsOf(record);
}
