import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { StoredDoc } from './catalog';
import type { CommonPosting } from '../search/keywords';
import { SearchIndex } from '../search/engine';

export function docPath(docsDir: string, id: string): string {
  return path.join(docsDir, `${id}.json`);
}

export function readDoc(docsDir: string, id: string): StoredDoc | null {
  try {
    const doc = JSON.parse(fs.readFileSync(docPath(docsDir, id), 'utf8')) as StoredDoc;
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
  common: Map<string, CommonPosting[]>;
  /** Why the index must be rebuilt, if it must. */
  stale: string | null;
}

/** Reads index.bin (the search index with the common-word lists) if it matches the catalog. */
export async function loadIndex(file: string, catalogSize: number): Promise<LoadedIndex> {
  const common = new Map<string, CommonPosting[]>();
  try {
    const loaded = SearchIndex.fromBuffer(await fsp.readFile(file));
    if (!loaded || loaded.index.documentCount !== catalogSize || !Array.isArray(loaded.extra)) {
      return { index: null, common, stale: 'the search index was out of date' };
    }
    for (const [term, list] of loaded.extra as [string, CommonPosting[]][]) {
      // The same id string for every list it is on (JSON gives each its own copy).
      common.set(term, list.map(([id, weight]) => [loaded.index.internId(id), weight]));
    }
    return { index: loaded.index, common, stale: null };
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT' && catalogSize === 0;
    return { index: null, common, stale: missing ? null : 'the search index was missing or damaged' };
  }
}

export function indexBytes(index: SearchIndex, common: Map<string, CommonPosting[]>): Buffer {
  return index.toBuffer([...common]);
}
