import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { StoredDoc } from './catalog';
import type { CommonList } from '../search/keywords';
import { SearchIndex } from '../search/engine';

/** A body as caches before the packs stored it (docs/<id>.json): read once, to move it into a pack. */
export function readLegacyDoc(docsDir: string, id: string): StoredDoc | null {
  try {
    const doc = JSON.parse(fs.readFileSync(path.join(docsDir, `${id}.json`), 'utf8')) as StoredDoc;
    return typeof doc.markdown === 'string' && Array.isArray(doc.headings) ? doc : null;
  } catch {
    return null;
  }
}

let tempCounter = 0;

export async function writeAtomically(file: string, content: string | Uint8Array): Promise<void> {
  const temp = `${file}.${process.pid}-${++tempCounter}.tmp`;
  await fsp.writeFile(temp, content);
  await fsp.rename(temp, file);
}

export interface LoadedIndex {
  index: SearchIndex | null;
  common: Map<string, CommonList>;
  /** Why the index must be rebuilt, if it must. */
  stale: string | null;
}

/** Reads index.bin (the search index with the common-word lists) if it matches the catalog. */
export async function loadIndex(file: string, catalog: ReadonlyMap<string, { id: string }>): Promise<LoadedIndex> {
  const catalogSize = catalog.size;
  const common = new Map<string, CommonList>();
  try {
    // Runbook ids as the catalog holds them: one string per runbook, not one more per index.
    const loaded = SearchIndex.fromBuffer(await fsp.readFile(file), (id) => catalog.get(id)?.id ?? id);
    if (!loaded || loaded.index.documentCount !== catalogSize || !Array.isArray(loaded.extra)) {
      return { index: null, common, stale: 'the search index was out of date' };
    }
    // [term, doc numbers, weights]: runbooks by number, so every list names the index's own id string.
    for (const item of loaded.extra as unknown[]) {
      const [term, docs, weights] = Array.isArray(item) ? (item as unknown[]) : [];
      if (typeof term !== 'string' || !Array.isArray(docs) || !Array.isArray(weights) || docs.length !== weights.length) {
        return { index: null, common: new Map(), stale: 'the search index was out of date' };
      }
      const ids: string[] = [];
      for (const n of docs) {
        const id = typeof n === 'number' ? loaded.index.idAt(n) : null;
        if (id === null) return { index: null, common: new Map(), stale: 'the search index was damaged' };
        ids.push(id);
      }
      common.set(term, { ids, weights: weights.map(Number) });
    }
    return { index: loaded.index, common, stale: null };
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT' && catalogSize === 0;
    return { index: null, common, stale: missing ? null : 'the search index was missing or damaged' };
  }
}

export function indexBytes(index: SearchIndex, common: Map<string, CommonList>): Buffer {
  return index.toBuffer((renumber) => {
    const out: [string, number[], number[]][] = [];
    for (const [term, { ids, weights }] of common) {
      const docs: number[] = [];
      const kept: number[] = [];
      for (const [i, id] of ids.entries()) {
        const n = index.docNumber(id);
        if (n < 0 || renumber[n] < 0) continue;
        docs.push(renumber[n]);
        kept.push(weights[i]);
      }
      out.push([term, docs, kept]);
    }
    return out;
  });
}
