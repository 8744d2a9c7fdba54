import { redactUrl } from '../secrets';
import { LINKS_SOURCE_ID, type RunbookSummary, type SourceStatus } from '../../shared/runbooks';
import type { CatalogEntry } from './cache';
import { safePathOf } from './urls';

export interface SummaryDeps {
  now(): number;
  sourceStatus(sourceId: string): SourceStatus | undefined;
  /** A copy older than this is shown as stale. */
  staleAfterMs: number;
  /** When the copy was last stored or confirmed (its source's last sync may have confirmed it). */
  syncedAt(entry: CatalogEntry): string;
}

/** A runbook as lists show it: where it came from and whether its copy is stale. */
export function summarize(deps: SummaryDeps, entry: CatalogEntry): RunbookSummary {
  const source = deps.sourceStatus(entry.sourceId);
  const syncedAt = deps.syncedAt(entry);
  const age = deps.now() - Date.parse(syncedAt);
  return {
    id: entry.id,
    title: entry.title,
    sourceId: entry.sourceId,
    sourceName: source?.name ?? entry.sourceId,
    location: entry.sourceId === LINKS_SOURCE_ID ? redactUrl(entry.key).replace(/\/…$/, '') + safePathOf(entry.key) : entry.key,
    syncedAt,
    stale: age > deps.staleAfterMs || entry.lastError !== null || source?.status === 'error',
  };
}
