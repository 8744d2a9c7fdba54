/**
 * One queue for every change of pages (intake, ack, un-ack, resolve, ack expiry): each change reads
 * the pages and decides on what it reads, so two changes must never interleave. Slow network work
 * (creating a silence) happens before a change is queued; the change re-checks what it found.
 */
export interface ChangeQueue {
  run<T>(change: () => Promise<T> | T): Promise<T>;
}

export function createChangeQueue(): ChangeQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run(change) {
      const next = tail.then(change);
      tail = next.catch(() => undefined);
      return next;
    },
  };
}
