import { LINKS_SOURCE_ID } from '../../../shared/runbooks';
import type { Clock } from '../../clock';
import { runbookId, type CatalogEntry, type RunbookCache } from '../cache';
import type { SourcesConfig } from '../config';
import { parseMarkdown, rawRunbookUrl } from '../parse';
import type { StatusBoard } from '../status';
import { errorText } from '../../../shared/errors';
import { fetchRunbook, type FetchFn } from './fetch';

/** What is known of a link without waiting for the network. */
export type LinkState =
  | { kind: 'idle' }
  | { kind: 'fetching' }
  /** The last fetch failed; no new try before `retryAt` (ms since the epoch). */
  | { kind: 'unreachable'; message: string; retryAt: number };

/** Runbooks fetched from links: `runbook_url` of pages, and links added by hand. */
export interface LinkSource {
  /** Fetches a link now (ahead of background fetches), once at a time per link; the last good copy survives any failure. */
  ensure(url: string): Promise<CatalogEntry>;
  /**
   * Asks for a link in the background, unless it is cached, already on its way, waiting in the
   * queue, or failed recently (then it waits out its backoff). Never waits, never throws.
   */
  prefetch(url: string): LinkState;
  state(url: string): LinkState;
  /** Re-fetches every known link with a conditional GET. */
  refresh(signal: AbortSignal): Promise<void>;
  /** Whether there are links to refresh at all. */
  hasLinks(): boolean;
  /** The fetches under way or queued. */
  inflight(): Promise<CatalogEntry>[];
}

export interface LinkDeps {
  cache: RunbookCache;
  clock: Clock;
  config: SourcesConfig;
  status: StatusBoard;
  fetch: FetchFn;
  fetchTimeoutMs?: number;
  /** A host that has not answered within this long is given up on (default 5 s). */
  answerTimeoutMs?: number;
  /** Link fetches at once (default 3): a storm of pages must not open hundreds of connections. */
  maxConcurrent?: number;
  /** Background fetches waiting beyond this many are dropped; the link is asked again when its page is opened. */
  maxQueued?: number;
  /** The first wait after a failed fetch, doubled on each further failure up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** After a link was fetched: the links source now has something to refresh periodically. */
  onFetched(): void;
  /** A link's runbook was stored (new or changed): what a page opens may have changed. */
  onStored?(url: string): void;
  /** A background fetch failed for the first time since it last worked (told once, not on every retry). */
  onFailed?(url: string, message: string): void;
}

interface Failure {
  count: number;
  message: string;
  retryAt: number;
}

export function createLinkSource(deps: LinkDeps): LinkSource {
  const { cache, config, status, clock } = deps;
  const maxConcurrent = deps.maxConcurrent ?? 3;
  const maxQueued = deps.maxQueued ?? 100;
  const backoffMs = deps.backoffMs ?? 60_000;
  const maxBackoffMs = deps.maxBackoffMs ?? 3600_000;
  /** One promise per link, from the moment it is asked for until its fetch ends. */
  const inflightLinks = new Map<string, Promise<CatalogEntry>>();
  const failures = new Map<string, Failure>();
  /** Waiting for a free slot: foreground asks go first. */
  const waiting: { url: string; go(): void }[] = [];
  let running = 0;

  const fetchOpts = { ...deps, answerTimeoutMs: deps.answerTimeoutMs ?? 5_000 };

  function remember(url: string, error: unknown): void {
    const message = errorText(error);
    const previous = failures.get(url);
    const count = (previous?.count ?? 0) + 1;
    failures.set(url, { count, message, retryAt: clock.now() + Math.min(maxBackoffMs, backoffMs * 2 ** (count - 1)) });
    if (!previous) deps.onFailed?.(url, message);
  }

  function next(): void {
    while (running < maxConcurrent && waiting.length > 0) {
      running++;
      waiting.shift()!.go();
    }
  }

  /** Runs the fetch of a link when a slot is free. */
  function schedule(url: string, front: boolean): Promise<CatalogEntry> {
    const promise = new Promise<void>((resolve) => {
      const item = { url, go: resolve };
      if (front) waiting.unshift(item);
      else waiting.push(item);
      next();
    })
      .then(() => fetchLink(fetchOpts, url))
      .then(
        (entry) => {
          failures.delete(url);
          return entry;
        },
        (error: unknown) => {
          remember(url, error);
          throw error;
        },
      )
      .finally(() => {
        running--;
        inflightLinks.delete(url);
        next();
      });
    inflightLinks.set(url, promise);
    return promise;
  }

  function state(url: string): LinkState {
    if (inflightLinks.has(url)) return { kind: 'fetching' };
    const failure = failures.get(url);
    if (failure) return { kind: 'unreachable', message: failure.message, retryAt: failure.retryAt };
    return { kind: 'idle' };
  }

  async function refresh(signal: AbortSignal): Promise<void> {
    const urls = [...new Set([...config.get().urls, ...cache.bySource(LINKS_SOURCE_ID).map((e) => e.key)])];
    const failed: string[] = [];
    for (const [i, url] of urls.entries()) {
      if (signal.aborted) throw new Error('cancelled');
      status.set(LINKS_SOURCE_ID, { progress: { done: i, total: urls.length, phase: 'fetching links' } });
      try {
        await fetchLink(fetchOpts, url, signal);
        failures.delete(url);
      } catch (error) {
        failed.push(errorText(error));
      }
    }
    if (failed.length > 0) {
      throw new Error(`${failed.length} of ${urls.length} link(s) could not be refreshed (last good copies kept): ${failed.slice(0, 3).join('; ')}`);
    }
  }

  return {
    ensure(url) {
      const existing = inflightLinks.get(url);
      if (existing) {
        // Asked for by hand while queued behind background fetches: move it to the front.
        const at = waiting.findIndex((w) => w.url === url);
        if (at > 0) waiting.unshift(...waiting.splice(at, 1));
        return existing;
      }
      return schedule(url, true);
    },
    prefetch(url) {
      const known = state(url);
      if (known.kind === 'fetching') return known;
      if (known.kind === 'unreachable' && known.retryAt > clock.now()) return known;
      if (cache.get(runbookId(LINKS_SOURCE_ID, url))) return known;
      if (waiting.length >= maxQueued) return known;
      schedule(url, false).catch(() => undefined);
      return { kind: 'fetching' };
    },
    state,
    refresh,
    hasLinks: () => config.get().urls.length > 0 || cache.bySource(LINKS_SOURCE_ID).length > 0,
    inflight: () => [...inflightLinks.values()],
  };
}

async function fetchLink(deps: LinkDeps, url: string, signal?: AbortSignal): Promise<CatalogEntry> {
  const { cache, status } = deps;
  const iso = () => new Date(deps.clock.now()).toISOString();
  const id = runbookId(LINKS_SOURCE_ID, url);
  const previous = cache.get(id);
  const fetchUrl = rawRunbookUrl(url);
  try {
    const validators = previous && previous.fetchUrl === fetchUrl ? { etag: previous.etag, lastModified: previous.lastModified } : { etag: null, lastModified: null };
    const outcome = await fetchRunbook(deps.fetch, fetchUrl, validators, { signal, timeoutMs: deps.fetchTimeoutMs, answerTimeoutMs: deps.answerTimeoutMs });
    if (outcome.kind === 'unchanged' && previous) {
      cache.touch(id, { syncedAt: iso(), lastError: null });
    } else if (outcome.kind === 'fetched') {
      const stem = decodeURIComponent(new URL(outcome.finalUrl).pathname.split('/').filter(Boolean).pop() ?? url);
      const parsed = parseMarkdown(outcome.text, stem);
      parsed.warnings.unshift(...outcome.warnings);
      await cache.put(LINKS_SOURCE_ID, url, parsed, iso(), { etag: outcome.etag, lastModified: outcome.lastModified, fetchUrl, lastError: null });
      deps.onStored?.(url);
    }
    await cache.save();
    status.set(LINKS_SOURCE_ID, { count: cache.bySource(LINKS_SOURCE_ID).length, lastSyncAt: iso() });
    deps.onFetched();
    return cache.get(id)!;
  } catch (error) {
    const message = errorText(error);
    if (previous) {
      cache.touch(id, { lastError: message });
      await cache.save();
    }
    status.publish();
    throw new Error(message, { cause: error });
  }
}
