import { LINKS_SOURCE_ID } from '../../../shared/runbooks';
import type { Clock } from '../../clock';
import { runbookId, type CatalogEntry, type RunbookCache } from '../cache';
import type { SourcesConfig } from '../config';
import { parseMarkdown, rawRunbookUrl } from '../parse';
import type { StatusBoard } from '../status';
import { errorText } from '../../../shared/errors';
import { fetchRunbook, type FetchFn } from './fetch';

/** Runbooks fetched from links: `runbook_url` of pages, and links added by hand. */
export interface LinkSource {
  /** Fetches a link, once at a time per link; the last good copy survives any failure. */
  ensure(url: string): Promise<CatalogEntry>;
  /** Re-fetches every known link with a conditional GET. */
  refresh(signal: AbortSignal): Promise<void>;
  /** Whether there are links to refresh at all. */
  hasLinks(): boolean;
  /** The fetches under way. */
  inflight(): Promise<CatalogEntry>[];
}

export interface LinkDeps {
  cache: RunbookCache;
  clock: Clock;
  config: SourcesConfig;
  status: StatusBoard;
  fetch: FetchFn;
  fetchTimeoutMs?: number;
  /** After a link was fetched: the links source now has something to refresh periodically. */
  onFetched(): void;
}

export function createLinkSource(deps: LinkDeps): LinkSource {
  const { cache, config, status } = deps;
  const inflightLinks = new Map<string, Promise<CatalogEntry>>();

  async function refresh(signal: AbortSignal): Promise<void> {
    const urls = [...new Set([...config.get().urls, ...cache.bySource(LINKS_SOURCE_ID).map((e) => e.key)])];
    const failures: string[] = [];
    for (const [i, url] of urls.entries()) {
      if (signal.aborted) throw new Error('cancelled');
      status.set(LINKS_SOURCE_ID, { progress: { done: i, total: urls.length, phase: 'fetching links' } });
      try {
        await fetchLink(deps, url, signal);
      } catch (error) {
        failures.push(errorText(error));
      }
    }
    if (failures.length > 0) {
      throw new Error(`${failures.length} of ${urls.length} link(s) could not be refreshed (last good copies kept): ${failures.slice(0, 3).join('; ')}`);
    }
  }

  return {
    ensure(url) {
      const existing = inflightLinks.get(url);
      if (existing) return existing;
      const promise = fetchLink(deps, url).finally(() => inflightLinks.delete(url));
      inflightLinks.set(url, promise);
      return promise;
    },
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
    const outcome = await fetchRunbook(deps.fetch, fetchUrl, validators, { signal, timeoutMs: deps.fetchTimeoutMs });
    if (outcome.kind === 'unchanged' && previous) {
      cache.touch(id, { syncedAt: iso(), lastError: null });
    } else if (outcome.kind === 'fetched') {
      const stem = decodeURIComponent(new URL(outcome.finalUrl).pathname.split('/').filter(Boolean).pop() ?? url);
      const parsed = parseMarkdown(outcome.text, stem);
      parsed.warnings.unshift(...outcome.warnings);
      await cache.put(LINKS_SOURCE_ID, url, parsed, iso(), { etag: outcome.etag, lastModified: outcome.lastModified, fetchUrl, lastError: null });
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
