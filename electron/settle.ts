/**
 * Waits until a chain of queued work is done: awaits the chain's latest promise until no new work
 * was queued while waiting.
 */
export async function settleChain(latest: () => Promise<unknown>): Promise<void> {
  for (;;) {
    const current = latest();
    await current;
    if (current === latest()) return;
  }
}
