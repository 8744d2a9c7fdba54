import { AsyncLocalStorage } from 'node:async_hooks';
import type { LocalCaller } from '../shared/local-api';

/**
 * Who a request came from, for the journal: the app's window (the default), or the `baton` command
 * in a terminal or an assistant through `baton mcp` (through the local API). The router sets it around
 * a handler (runAsCaller); a handler that journals an action asks `localVia()` and puts it in the event,
 * so the Log and the handoff say where a note or an ack came from.
 */
const caller = new AsyncLocalStorage<LocalCaller>();

export function runAsCaller<T>(via: LocalCaller, fn: () => T): T {
  return caller.run(via, fn);
}

/** 'cli' or 'assistant' inside a local-API request; undefined for the window, the tray and Baton itself. */
export function localVia(): LocalCaller | undefined {
  return caller.getStore();
}

/** `{ via }` for an event's payload when the request came through the local API; `{}` otherwise (older records read the same). */
export function viaField(): { via?: LocalCaller } {
  const via = localVia();
  return via ? { via } : {};
}
