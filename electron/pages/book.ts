import { foldPage, type PageMap } from '../../shared/page-fold';
import { comparePages, type Page } from '../../shared/pages';
import { known, type JournalRecord, type RecordOf } from '../../shared/records';
import type { EventData, EventType } from '../../shared/events';

export type PageEventType = Extract<EventType, `page.${string}` | 'silence.created' | 'silence.expired'>;

/** Records a page event: into the book now, to the journal through the outbox. */
export type RecordEvent = <T extends PageEventType>(type: T, data: EventData<T>) => Page | undefined;

/**
 * The pages as Baton knows them now: folded from the journal at start, then changed in memory the
 * moment an event happens, before (and whether or not) it reaches the disk. The pages feature is the
 * only writer of page events, so the book and the journal agree once the outbox has drained.
 */
export interface PageBook {
  get(id: string): Page | undefined;
  all(): Iterable<Page>;
  /** Open pages, most urgent first. */
  open(): Page[];
  unacknowledged(): number;
  /** Applies one event now; returns the page it changed, if any. */
  apply<T extends PageEventType>(type: T, data: EventData<T>, at: number): Page | undefined;
}

export function openPageBook(records: readonly JournalRecord[]): PageBook {
  const pages: PageMap = new Map();
  for (const record of records) foldPage(pages, record);
  let sorted: Page[] | null = null;
  return {
    get: (id) => pages.get(id),
    all: () => pages.values(),
    open() {
      sorted ??= [...pages.values()].filter((p) => p.status !== 'resolved').sort(comparePages);
      return sorted;
    },
    unacknowledged() {
      let n = 0;
      for (const page of pages.values()) if (page.status === 'triggered') n++;
      return n;
    },
    apply(type, data, at) {
      const record: RecordOf<typeof type> = { v: 1, seq: 0, ts: new Date(at).toISOString(), type, data };
      const changed = foldPage(pages, known(record));
      if (changed) sorted = null;
      return changed;
    },
  };
}
