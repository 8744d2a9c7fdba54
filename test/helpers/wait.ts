/**
 * Waits (bounded) until `check` gives a truthy value and returns it; polls every 20 ms. For a
 * condition outside vitest's reach (a file, a server, another process); a "nothing happened" check
 * waits for an observable event instead.
 */
export async function until<T>(
  what: string,
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
