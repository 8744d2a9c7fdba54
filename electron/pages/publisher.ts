import type { PagesSlice, SourceHealth } from '../../shared/pages';
import type { PageBook } from './book';
import type { PagesConfigStore } from './config';

const RECENT = 50;
/** At most this often while pages keep changing (a storm): the window's copy, not the pager, waits. */
const MIN_INTERVAL_MS = 150;

/**
 * Builds the pages slice for the window and the tray from the book and sends it, coalesced: many
 * changes in a burst are one publication, taken after the current work (a page's notification
 * goes out before the slice is rebuilt).
 */
export function createPublisher(o: {
  book: PageBook;
  health: Map<string, SourceHealth>;
  config: PagesConfigStore;
  webhook(): { url: string | null; error: string | null };
  publish(slice: PagesSlice): void;
}) {
  let queued: ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate> | null = null;
  let lastAt = 0;
  let stopped = false;

  function now(): void {
    queued = null;
    if (stopped) return;
    lastAt = performance.now();
    const open = o.book.open();
    const recent: PagesSlice['recent'] = [];
    for (const page of o.book.all()) if (page.status === 'resolved') recent.push(page);
    recent.sort((a, b) => (b.resolvedAt ?? '').localeCompare(a.resolvedAt ?? ''));
    o.publish({ open, recent: recent.slice(0, RECENT), sources: [...o.health.values()], webhook: o.webhook(), config: o.config.view() });
  }

  return {
    /** Publish soon (once for everything asked until then). */
    request(): void {
      if (queued || stopped) return;
      const wait = MIN_INTERVAL_MS - (performance.now() - lastAt);
      queued = wait > 0 ? setTimeout(now, wait) : setImmediate(now);
    },
    now,
    stop(): void {
      stopped = true;
    },
  };
}

export type Publisher = ReturnType<typeof createPublisher>;
