import path from 'node:path';
import { LINKS_SOURCE_ID, type GitSourceConfig, type SourceConfig, type SourceStatus } from '../../shared/runbooks';
import type { Patterns } from './layout';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { SecretBox } from '../secrets';
import type { RunbookCache } from './cache';
import type { SourcesConfig } from './config';
import type { StatusBoard } from './status';
import { importFolder, type FolderWatchers, type Skipped } from './sources/folder';
import { syncRepository } from './sources/git';
import type { LinkSource } from './sources/link';
import { errorText } from '../../shared/errors';
import { safeName } from './urls';

export interface SyncDeps {
  /** `<dataDir>/runbooks`: git clones live under `git/`. */
  dir: string;
  cache: RunbookCache;
  clock: Clock;
  log: Logger;
  config: SourcesConfig;
  status: StatusBoard;
  secretBox: SecretBox;
  links: LinkSource;
  watchers: FolderWatchers;
  gitTimeoutMs?: number;
}

/** Where a git source is cloned. */
export function cloneDir(dir: string, sourceId: string): string {
  return path.join(dir, 'git', safeName(sourceId));
}

/** One sync of one source: import, re-pick keywords after a large change, save; the outcome is its status. */
export async function syncSource(deps: SyncDeps, sourceId: string, signal: AbortSignal): Promise<void> {
  const { cache, status, log } = deps;
  const source = deps.config.get().sources.find((s) => s.id === sourceId);
  if (!source && sourceId !== LINKS_SOURCE_ID) return;
  status.set(sourceId, { status: 'syncing', progress: { done: 0, total: 0, phase: 'starting' }, lastError: null });
  try {
    let skipped: SourceStatus['skipped'] = [];
    if (!source) await deps.links.refresh(signal);
    else if (source.kind === 'folder') {
      skipped = await importFolder(importDeps(deps, sourceId), source.id, source.path, '', signal, patternsOf(source));
      await deps.watchers.watch(source);
    } else skipped = await syncGit(deps, source, signal);
    if (cache.changedSinceReindex() > Math.max(200, cache.size() * 0.2)) {
      // Many new runbooks change which terms are distinctive: pick every runbook's keywords again.
      status.set(sourceId, { progress: { done: 0, total: cache.size(), phase: 'indexing' } });
      await cache.reindex((done, total) => status.set(sourceId, { progress: { done, total, phase: 'indexing' } }), signal);
    }
    await cache.save();
    const lastSyncAt = new Date(deps.clock.now()).toISOString();
    status.set(sourceId, { status: 'ok', lastSyncAt, progress: null, count: cache.bySource(sourceId).length, skipped, lastError: null });
  } catch (error) {
    await cache.save().catch((e: unknown) => log.error('runbooks: could not save the cache', e));
    const message = signal.aborted ? 'Sync cancelled; the runbooks synced before are kept.' : errorText(error);
    log.warn(`runbooks: sync of ${sourceId} failed`, message);
    status.set(sourceId, { status: 'error', lastError: message, progress: null, count: cache.bySource(sourceId).length });
  }
}

async function syncGit(deps: SyncDeps, source: GitSourceConfig, signal: AbortSignal): Promise<Skipped> {
  const repoDir = cloneDir(deps.dir, source.id);
  deps.status.set(source.id, { progress: { done: 0, total: 0, phase: 'fetching from git' } });
  const url = source.sealedUrl ? deps.secretBox.decrypt(source.sealedUrl) : source.url;
  await syncRepository(url, source.branch, repoDir, { signal, timeoutMs: deps.gitTimeoutMs });
  return importFolder(importDeps(deps, source.id), source.id, repoDir, source.subfolder, signal, patternsOf(source));
}

function patternsOf(source: SourceConfig): Patterns {
  return { include: source.include, exclude: source.exclude };
}

/** Where a configured source's files are on this machine (a folder, or its git clone). */
export function sourceRoot(dir: string, source: SourceConfig): string {
  return source.kind === 'folder' ? source.path : cloneDir(dir, source.id);
}

function importDeps(deps: SyncDeps, sourceId: string) {
  return { cache: deps.cache, clock: deps.clock, onProgress: (progress: NonNullable<SourceStatus['progress']>) => deps.status.set(sourceId, { progress }) };
}
