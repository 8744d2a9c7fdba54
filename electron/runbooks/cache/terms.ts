import fsp from 'node:fs/promises';
import { bodyTerms } from '../search/keywords';
import type { TermStats } from '../search/keywords';
import type { CatalogEntry, StoredDoc } from './catalog';
import { readDoc } from './disk';

/** Document frequencies of body terms: loaded (or counted) only when something is indexed. */
export interface TermStatsStore {
  /** From terms.json, else counted from the bodies on disk. */
  load(): Promise<TermStats>;
  /** The stats if loaded. */
  current(): TermStats | null;
  /** Adds (1) or removes (-1) a body's terms. */
  count(doc: StoredDoc | null, delta: 1 | -1): void;
  json(): string | null;
}

export function createTermStats(termsFile: string, docsDir: string, catalog: Map<string, CatalogEntry>): TermStatsStore {
  let stats: TermStats | null = null;

  async function load(): Promise<TermStats> {
    if (stats) return stats;
    try {
      const saved = JSON.parse(await fsp.readFile(termsFile, 'utf8')) as { docs: number; df: [string, number][] };
      if (saved.docs === catalog.size) stats = { docs: saved.docs, df: new Map(saved.df), dirty: false };
    } catch {
      // Missing or damaged: counted below.
    }
    stats ??= countFromDisk(docsDir, catalog);
    return stats;
  }

  return {
    load,
    current: () => stats,
    count(doc, delta) {
      if (!stats || doc === null) return;
      stats.docs += delta;
      stats.dirty = true;
      for (const term of bodyTerms(doc.markdown).keys()) {
        const next = (stats.df.get(term) ?? 0) + delta;
        if (next > 0) stats.df.set(term, next);
        else stats.df.delete(term);
      }
    },
    json: () => (stats ? JSON.stringify({ docs: stats.docs, df: [...stats.df] }) : null),
  };
}

function countFromDisk(docsDir: string, catalog: Map<string, CatalogEntry>): TermStats {
  const df = new Map<string, number>();
  let docs = 0;
  for (const entry of catalog.values()) {
    const doc = readDoc(docsDir, entry.id);
    if (doc === null) continue;
    docs++;
    for (const term of bodyTerms(doc.markdown).keys()) df.set(term, (df.get(term) ?? 0) + 1);
  }
  return { docs, df, dirty: true };
}
