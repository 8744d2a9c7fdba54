import path from 'node:path';
import { LINKS_SOURCE_ID, type RunbookForPageResult, type RunbooksSlice, type SourceConfig, type SourceStatus } from '../../shared/runbooks';
import type { JournalRecord } from '../../shared/events';
import type { Clock } from '../clock';
import type { Journal } from '../journal';
import type { Logger } from '../log';
import { project } from '../projection';
import type { SecretBox } from '../secrets';
import type { SettingsService } from '../settings';
import { openRunbookCache, type CatalogEntry, type RunbookCache } from './cache';
import { openSourcesConfig } from './config';
import { readingHandlers, sourceHandlers, type RunbookHandlers } from './handlers';
import { pagesProjection, stepsProjection } from './journal-views';
import { matchRunbooks } from './match';
import { buildNameIndex } from './suggest';
import { createSyncScheduler } from './scheduler';
import { createFolderWatchers } from './sources/folder';
import type { FetchFn } from './sources/fetch';
import { createLinkSource } from './sources/link';
import { createStatusBoard } from './status';
import { summarize } from './summary';
import { syncSource } from './sync';
import { isWebUrl } from '../../shared/url';

export type { RunbookHandlers } from './handlers';

export interface RunbooksOptions {
  fetch?: FetchFn;
  /** A copy older than this is shown as stale. */
  staleAfterMs?: number;
  /** How often links are refreshed with a conditional GET. */
  linkRefreshMs?: number;
  /** Delay before the first scheduled git sync after start. */
  firstGitSyncMs?: number;
  watchDebounceMs?: number;
  gitTimeoutMs?: number;
  fetchTimeoutMs?: number;
  /** The home folder `~` stands for in a new source's path (default: the user's). */
  home?: string;
  /** A runbook link's host that has not answered within this long is given up on (default 5 s). */
  linkAnswerTimeoutMs?: number;
  /** Runbook link fetches at once (default 3). */
  maxLinkFetches?: number;
  /** The first wait before a failed link is tried again (default 1 min, doubling up to 1 h). */
  linkBackoffMs?: number;
}

/** What the runbooks feature uses, and nothing else. */
export interface RunbooksDeps {
  /** The cache lives in `<dataDir>/runbooks`. */
  dataDir: string;
  clock: Clock;
  log: Logger;
  /** Pages seen (for their runbook links) and steps ticked are read from it; ticks are written to it. */
  journal: Journal;
  /** The `runbookSources` section. */
  settings: Pick<SettingsService, 'read' | 'write' | 'keep'>;
  /** Seals git URLs that carry credentials. */
  secretBox: SecretBox;
  copyText(text: string): Promise<void>;
  /** Where the runbooks slice goes (the state hub). */
  publish(slice: RunbooksSlice): void;
}

export interface Runbooks {
  handlers: RunbookHandlers;
  cache: RunbookCache;
  /** The runbooks for a page, best first (what the Pages view opens). */
  forPage(pageId: string): Promise<RunbookForPageResult>;
  /** Resolves when the sync running (or queued) for a source ends. */
  sync(sourceId: string): Promise<void>;
  idle(): Promise<void>;
  /** Each configured source's sync status (the readiness check asks whether they synced recently). */
  sources(): SourceStatus[];
  dispose(): Promise<void>;
}

export async function createRunbooks(deps: RunbooksDeps, options: RunbooksOptions = {}): Promise<Runbooks> {
  const { clock, log, journal } = deps;
  const dir = path.join(deps.dataDir, 'runbooks');
  const config = openSourcesConfig(deps.settings, deps.secretBox);
  const opened = await openRunbookCache(dir);
  const { rebuilt } = opened;
  // Every change of the catalog bumps a generation: the name index for page matching is rebuilt
  // on the next open after a change, not scanned on every open.
  let generation = 0;
  const cache: RunbookCache = {
    ...opened.cache,
    put: (...args) => opened.cache.put(...args).finally(() => void generation++),
    touch: (...args) => void (opened.cache.touch(...args), generation++),
    confirm: (...args) => void (opened.cache.confirm(...args), generation++),
    remove: (id) => opened.cache.remove(id).finally(() => void generation++),
    reindex: (...args) => opened.cache.reindex(...args).finally(() => void generation++),
  };
  let names = { generation: -1, index: buildNameIndex([]), searches: new Map<string, ReturnType<RunbookCache['search']>>() };
  const nameIndex = () => {
    if (names.generation !== generation) names = { generation, index: buildNameIndex(cache.entries()), searches: new Map() };
    return names.index;
  };
  // Pages of one alert share their suggestion query (a storm, a page opened again): searched once
  // per change of the cache.
  const suggestionSearch = (query: string, limit: number) => {
    nameIndex();
    const key = `${limit}|${query}`;
    let hits = names.searches.get(key);
    if (!hits) {
      if (names.searches.size >= 500) names.searches.clear();
      hits = cache.search(query, limit);
      names.searches.set(key, hits);
    }
    return hits;
  };
  if (rebuilt) log.warn(`runbooks: rebuilt the search index (${rebuilt})`);

  const status = createStatusBoard(cache, config, deps.publish);
  for (const source of config.get().sources) status.add(source);
  status.add(null);
  status.publish();

  const links = createLinkSource({
    cache, clock, config, status, fetch: options.fetch ?? fetch, fetchTimeoutMs: options.fetchTimeoutMs,
    answerTimeoutMs: options.linkAnswerTimeoutMs, maxConcurrent: options.maxLinkFetches, backoffMs: options.linkBackoffMs,
    onFetched: () => scheduler.scheduleIfIdle(LINKS_SOURCE_ID),
    onStored: () => status.linkUpdated(),
    // Once per link until it works again: a storm of pages with a dead link is one line, not thousands.
    onFailed: (_url, message) => {
      log.warn(`runbooks: could not fetch a runbook link (tried again later): ${message}`);
      status.linkUpdated();
    },
  });
  const watchers = createFolderWatchers({
    clock, log, debounceMs: options.watchDebounceMs ?? 500,
    isConfigured: (id) => config.get().sources.some((s) => s.id === id),
    onChange: (id) => void scheduler.start(id),
    onError: (id, message) => status.set(id, { lastError: message }),
  });
  const syncDeps = { dir, cache, clock, log, config, status, secretBox: deps.secretBox, links, watchers, gitTimeoutMs: options.gitTimeoutMs };
  const scheduler = createSyncScheduler({
    clock,
    run: (id, signal) => syncSource(syncDeps, id, signal),
    delayFor: (id) => syncDelay(id, config.get().sources, links.hasLinks(), options.linkRefreshMs),
    firstGitSyncMs: options.firstGitSyncMs ?? 10_000,
  });

  // A page with a runbook link not yet cached: fetched in the background (one per link, a few at
  // a time, not again soon after a failure), so it opens offline later.
  const pages = project(journal, pagesProjection, (_state, record) => {
    if (record.type !== 'page.received') return;
    const page = pages.get().get((record as JournalRecord<'page.received'>).data.pageId);
    if (page?.runbookUrl && isWebUrl(page.runbookUrl)) links.prefetch(page.runbookUrl);
  });
  const steps = project(journal, stepsProjection);

  for (const source of config.get().sources) scheduler.startSource(source);
  scheduler.schedule(LINKS_SOURCE_ID);

  const summary = (entry: CatalogEntry) =>
    summarize({ now: clock.now, sourceStatus: status.get, staleAfterMs: options.staleAfterMs ?? 24 * 3600_000, syncedAt: cache.syncedAt }, entry);
  // From the cache at once; the page's link, if not cached, is fetched in the background.
  const forPage = async (pageId: string) =>
    matchRunbooks({ cache: { get: cache.get, search: suggestionSearch }, names: nameIndex(), pins: config.get().pins, summarize: summary, requestLink: links.prefetch }, pageId, pages.get().get(pageId));
  const handlers: RunbookHandlers = {
    ...readingHandlers({ dir, cache, config, links, journal, steps, summarize: summary, forPage, copyText: deps.copyText }),
    ...sourceHandlers({ dir, cache, config, status, scheduler, watchers, secretBox: deps.secretBox, home: options.home }),
  };

  async function idle(): Promise<void> {
    for (let busy = [...scheduler.running(), ...links.inflight()]; busy.length > 0; busy = [...scheduler.running(), ...links.inflight()]) {
      await Promise.allSettled(busy);
    }
  }

  return {
    handlers,
    cache,
    forPage,
    sync: scheduler.start,
    idle,
    sources: () => config.get().sources.flatMap((s) => status.get(s.id) ?? []),
    async dispose() {
      status.stop();
      scheduler.dispose();
      await idle();
      scheduler.clearTimers();
      watchers.closeAll();
      pages.dispose();
      steps.dispose();
      await cache.save().catch((error: unknown) => log.error('runbooks: could not save the cache', error));
    },
  };
}

/** Links refresh hourly once there are some (an idle Baton keeps no timer for nothing); git on its interval; folders are watched. */
function syncDelay(sourceId: string, sources: SourceConfig[], hasLinks: boolean, linkRefreshMs = 3600_000): number | null {
  if (sourceId === LINKS_SOURCE_ID) return hasLinks ? linkRefreshMs : null;
  const source = sources.find((s) => s.id === sourceId);
  return source?.kind === 'git' ? source.intervalMinutes * 60_000 : null;
}
