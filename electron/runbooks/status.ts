import { LINKS_SOURCE_ID, type RunbooksSlice, type SourceConfig, type SourceStatus } from '../../shared/runbooks';
import type { RunbookCache } from './cache';
import type { SourcesConfig } from './config';
import { describeGitUrl } from './sources/git';

/** Each source's sync status, published (with the cache's size) as the runbooks slice. */
export interface StatusBoard {
  get(id: string): SourceStatus | undefined;
  has(id: string): boolean;
  /** Starts tracking a source (null: the built-in links source) from what the cache holds. */
  add(source: SourceConfig | null): void;
  set(id: string, patch: Partial<SourceStatus>): void;
  delete(id: string): void;
  publish(): void;
  /** A background link fetch ended (stored, or failed for the first time): published so an open page match is asked again. */
  linkUpdated(): void;
  /** Publishes nothing more (shutdown). */
  stop(): void;
}

export function createStatusBoard(cache: RunbookCache, config: SourcesConfig, publishSlice: (slice: RunbooksSlice) => void): StatusBoard {
  const status = new Map<string, SourceStatus>();
  let stopped = false;
  let linkUpdates = 0;

  function initialStatus(source: SourceConfig | null): SourceStatus {
    const id = source?.id ?? LINKS_SOURCE_ID;
    const entries = cache.bySource(id);
    const last = entries.reduce<string | null>((acc, e) => (acc === null || cache.syncedAt(e) > acc ? cache.syncedAt(e) : acc), null);
    return {
      id,
      name: source?.name ?? 'Links from pages',
      kind: source?.kind ?? 'links',
      location: describeLocation(source),
      status: 'idle',
      lastSyncAt: last,
      lastError: null,
      progress: null,
      count: entries.length,
      skipped: [],
    };
  }

  const board: StatusBoard = {
    get: (id) => status.get(id),
    has: (id) => status.has(id),
    add(source) {
      const initial = initialStatus(source);
      status.set(initial.id, initial);
    },
    set(id, patch) {
      const current = status.get(id);
      if (!current) return;
      status.set(id, { ...current, ...patch });
      board.publish();
    },
    delete: (id) => void status.delete(id),
    publish() {
      if (stopped) return;
      const ids = [LINKS_SOURCE_ID, ...config.get().sources.map((s) => s.id)];
      const sources = ids.map((id) => status.get(id)).filter((s): s is SourceStatus => !!s);
      // The cache is open (and its index loaded) before anything is published.
      publishSlice({ sources, total: cache.size(), indexReady: true, linkUpdates });
    },
    linkUpdated() {
      linkUpdates++;
      board.publish();
    },
    stop: () => void (stopped = true),
  };
  return board;
}

function describeLocation(source: SourceConfig | null): string {
  if (!source) return 'runbook_url of pages, and links added by hand';
  if (source.kind === 'git') return `${describeGitUrl(source.url)} (${source.branch}${source.subfolder ? `, ${source.subfolder}` : ''})`;
  return source.path;
}
