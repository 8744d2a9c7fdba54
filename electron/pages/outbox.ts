import type { EventData } from '../../shared/events';
import { errorText } from '../../shared/errors';
import type { Clock, Timer } from '../clock';
import type { Journal } from '../journal';
import type { Logger } from '../log';
import type { PageBook, PageEventType, RecordEvent } from './book';

const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 30_000;

/**
 * Page events on their way to the journal. A page reaches the user whether or not the disk takes
 * it: events wait here, in order, until they are written, and are retried while the disk refuses
 * them (full, read-only, gone). Nothing accepted is dropped.
 */
export interface Outbox {
  write<T extends PageEventType>(type: T, data: EventData<T>): void;
  /** Resolves once everything written so far is on disk; rejects with the reason it is not. */
  saved(): Promise<void>;
  /** Why events cannot be saved right now (null when they can). */
  failure(): string | null;
  waiting(): number;
  dispose(): void;
}

interface Entry {
  type: PageEventType;
  data: EventData<PageEventType>;
}

export function createOutbox(o: {
  journal: Pick<Journal, 'append'>;
  clock: Clock;
  log: Logger;
  /** Told when saving starts failing (with the reason) and when it works again (null). */
  onHealth(failure: string | null, waiting: number): void;
}): Outbox {
  const queue: Entry[] = [];
  let failure: string | null = null;
  let flushing: Promise<void> | null = null;
  let retry: Timer | null = null;
  let retryMs = RETRY_MIN_MS;
  let disposed = false;
  const waiters: { resolve(): void; reject(error: Error): void; upTo: number }[] = [];
  let written = 0;
  let accepted = 0;

  function settleWaiters(): void {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const waiter = waiters[i];
      if (waiter.upTo <= written) waiters.splice(i, 1)[0].resolve();
      else if (failure) waiters.splice(i, 1)[0].reject(new Error(failure));
    }
  }

  async function drain(): Promise<void> {
    while (queue.length > 0 && !disposed) {
      const batch = queue.slice();
      // Appended together, the journal writes them as one group commit, in this order.
      const results = await Promise.allSettled(batch.map((e) => o.journal.append(e.type, e.data)));
      const firstFailed = results.findIndex((r) => r.status === 'rejected');
      const done = firstFailed < 0 ? batch.length : firstFailed;
      queue.splice(0, done);
      written += done;
      if (firstFailed >= 0) {
        const reason = errorText((results[firstFailed] as PromiseRejectedResult).reason);
        if (failure === null) o.log.error(`pages: cannot save page events (${queue.length} waiting)`, reason);
        failure = reason;
        o.onHealth(failure, queue.length);
        settleWaiters();
        scheduleRetry();
        return;
      }
    }
    if (failure !== null) {
      o.log.info(`pages: page events are saved again (${written} in all)`);
      failure = null;
      retryMs = RETRY_MIN_MS;
      o.onHealth(null, 0);
    }
    settleWaiters();
  }

  function scheduleRetry(): void {
    if (retry || disposed) return;
    retry = o.clock.setTimeout(() => {
      retry = null;
      kick();
    }, retryMs);
    retry.unref?.();
    retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
  }

  function kick(): void {
    if (flushing || retry) return;
    flushing = drain().finally(() => {
      flushing = null;
      if (queue.length > 0 && failure === null) kick();
    });
  }

  return {
    write(type, data) {
      queue.push({ type, data });
      accepted++;
      kick();
    },
    saved() {
      if (queue.length === 0) return Promise.resolve();
      if (failure) return Promise.reject(new Error(failure));
      return new Promise((resolve, reject) => waiters.push({ resolve, reject, upTo: accepted }));
    },
    failure: () => failure,
    waiting: () => queue.length,
    dispose() {
      disposed = true;
      if (retry) o.clock.clearTimeout(retry);
      retry = null;
    },
  };
}

/** The one way page events are recorded: the book changes now, the journal follows. */
export function recorder(book: PageBook, outbox: Outbox, clock: Clock): RecordEvent {
  return (type, data) => {
    const page = book.apply(type, data, clock.now());
    outbox.write(type, data);
    return page;
  };
}
