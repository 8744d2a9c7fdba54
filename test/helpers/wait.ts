/**
 * Bounded waiting, written once for every test (and the benchmarks, so nothing here needs the
 * test runner). A "nothing happened" check waits for an observable event instead.
 */

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until `check` gives a truthy value and returns it; polls every 20 ms. `what` may be a
 * function, to describe the state at the timeout.
 */
export async function until<T>(
  what: string | (() => string),
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await pause(20);
  }
}

/**
 * Retries an assertion until it passes; at the timeout its last failure is thrown, diff and all.
 * For effects that follow a clock move (journal writes with fdatasync, notifications).
 */
export async function eventually(assertion: () => void, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await pause(10);
  }
}
