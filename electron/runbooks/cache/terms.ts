import fsp from 'node:fs/promises';
import { forEachTerm, type TermCounts, type TermStats } from '../search/keywords';
import type { CatalogEntry } from './catalog';

/** Document frequencies of body terms: loaded (or counted) only when something is indexed. */
export interface TermStatsStore {
  /** From terms.json, else counted from the terms stored with the bodies. */
  load(): Promise<TermStats>;
  /** The stats if loaded. */
  current(): TermStats | null;
  /** Adds (1) or removes (-1) a body's terms. */
  count(terms: TermCounts | null, delta: 1 | -1): void;
  json(): string | null;
}

export function createTermStats(
  termsFile: string,
  catalog: Map<string, CatalogEntry>,
  /** A runbook's stored body terms (null when its record is lost); `reading` batches the reads. */
  stored: { terms(entry: CatalogEntry): TermCounts | null; reading<T>(work: () => T): Promise<T> },
): TermStatsStore {
  let stats: TermStats | null = null;

  async function load(): Promise<TermStats> {
    if (stats) return stats;
    try {
      const saved = JSON.parse(await fsp.readFile(termsFile, 'utf8')) as { docs: number; df: [string, number][] };
      if (saved.docs === catalog.size) stats = { docs: saved.docs, df: new Map(saved.df), dirty: false };
    } catch {
      // Missing or damaged: counted below.
    }
    stats ??= await stored.reading(() => countStored(catalog, stored.terms));
    return stats;
  }

  return {
    load,
    current: () => stats,
    count(terms, delta) {
      if (!stats || terms === null) return;
      stats.docs += delta;
      stats.dirty = true;
      const { df } = stats;
      forEachTerm(terms, (term) => {
        const next = (df.get(term) ?? 0) + delta;
        if (next > 0) df.set(term, next);
        else df.delete(term);
      });
    },
    json: () => (stats ? JSON.stringify({ docs: stats.docs, df: [...stats.df] }) : null),
  };
}

function countStored(catalog: Map<string, CatalogEntry>, termsOf: (entry: CatalogEntry) => TermCounts | null): TermStats {
  const df = new Map<string, number>();
  let docs = 0;
  for (const entry of catalog.values()) {
    const terms = termsOf(entry);
    if (terms === null) continue;
    docs++;
    forEachTerm(terms, (term) => df.set(term, (df.get(term) ?? 0) + 1));
  }
  return { docs, df, dirty: true };
}
