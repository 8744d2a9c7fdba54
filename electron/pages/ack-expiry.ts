import type { Page } from '../../shared/pages';
import type { Clock, Timer } from '../clock';
import type { Logger } from '../log';
import type { PageBook, RecordEvent } from './book';
import type { ChangeQueue } from './queue';

/** Acknowledgements run out: the page is open again and is announced again. One timer, for the earliest. */
export function createAckExpiry(o: {
  clock: Clock;
  log: Logger;
  book: PageBook;
  record: RecordEvent;
  queue: ChangeQueue;
  announce(pages: Page[], sourceName: string): void;
  changed(): void;
}) {
  let timer: Timer | null = null;
  let timerAt = Infinity;

  function schedule(): void {
    let next = Infinity;
    for (const p of o.book.open()) if (p.status === 'acknowledged' && p.ackUntil) next = Math.min(next, Date.parse(p.ackUntil));
    if (next === timerAt) return;
    if (timer) o.clock.clearTimeout(timer);
    timer = null;
    timerAt = next;
    if (next === Infinity) return;
    timer = o.clock.setTimeout(() => {
      timer = null;
      timerAt = Infinity;
      void o.queue.run(reopenDue).catch((error: unknown) => o.log.error('pages: could not re-open pages whose acknowledgement ran out', error));
    }, Math.max(0, next - o.clock.now()));
    timer.unref?.();
  }

  function reopenDue(): void {
    const now = o.clock.now();
    const due = o.book.open().filter((p) => p.status === 'acknowledged' && p.ackUntil && Date.parse(p.ackUntil) <= now);
    const bySource = new Map<string, Page[]>();
    for (const p of due) {
      const page = o.record('page.reopened', { pageId: p.id, reason: 'ack-expired' });
      if (page) bySource.set(page.sourceName, [...(bySource.get(page.sourceName) ?? []), page]);
    }
    o.changed();
    for (const [sourceName, pages] of bySource) o.announce(pages, sourceName);
    schedule();
  }

  return {
    schedule,
    dispose(): void {
      if (timer) o.clock.clearTimeout(timer);
      timer = null;
    },
  };
}
