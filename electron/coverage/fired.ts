import { foldPage, type PageMap } from '../../shared/page-fold';
import type { JournalRecord } from '../../shared/records';

export interface FiredPage {
  pageId: string;
  title: string;
  /** Still open now (not resolved). */
  open: boolean;
}

/**
 * Pages whose alert fired in [start, end]: received (or fired again) with a start time inside the
 * gap, whenever Baton learnt of them (a poll after waking finds what fired during sleep).
 */
export function firedDuring(records: readonly JournalRecord[], start: number, end: number): FiredPage[] {
  const pages: PageMap = new Map();
  const fired = new Set<string>();
  for (const record of records) {
    if (record.problem !== undefined) continue;
    foldPage(pages, record);
    if (record.type !== 'page.received' && record.type !== 'page.reopened') continue;
    const startsAt = Date.parse(record.data.startsAt ?? record.ts);
    if (startsAt >= start && startsAt <= end) fired.add(record.data.pageId);
  }
  return [...fired].map((id) => {
    const page = pages.get(id);
    return { pageId: id, title: page?.title ?? id, open: page ? page.status !== 'resolved' : false };
  });
}
