import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import MiniSearch from 'minisearch';
import type { StoredDoc } from './catalog';
import type { CommonPosting } from '../search/keywords';
import { INDEX_VERSION, indexOptions, type IndexedDoc } from '../search/tokenize';

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

export async function writeAtomically(file: string, content: string): Promise<void> {
  const temp = `${file}.${process.pid}-${++tempCounter}.tmp`;
  await fsp.writeFile(temp, content);
  await fsp.rename(temp, file);
}

export interface LoadedIndex {
  index: MiniSearch<IndexedDoc> | null;
  common: Map<string, CommonPosting[]>;
  /** Why the index must be rebuilt, if it must. */
  stale: string | null;
}

/** Reads index.json (a version line, the common-word lists, the MiniSearch index) if it matches the catalog. */
export async function loadIndex(file: string, catalogSize: number): Promise<LoadedIndex> {
  let index: MiniSearch<IndexedDoc> | null = null;
  let common = new Map<string, CommonPosting[]>();
  try {
    const text = await fsp.readFile(file, 'utf8');
    const versionEnd = text.indexOf('\n');
    if (text.slice(0, versionEnd) === `baton-runbook-index ${INDEX_VERSION}`) {
      const commonEnd = text.indexOf('\n', versionEnd + 1);
      const saved = JSON.parse(text.slice(versionEnd + 1, commonEnd)) as [string, CommonPosting[]][];
      index = MiniSearch.loadJSON<IndexedDoc>(text.slice(commonEnd + 1), indexOptions);
      if (index.documentCount !== catalogSize) index = null;
      else common = new Map(saved);
    }
    return { index, common, stale: index ? null : 'the search index was out of date' };
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT' && catalogSize === 0;
    return { index: null, common, stale: missing ? null : 'the search index was missing or damaged' };
  }
}

export function indexText(index: MiniSearch<IndexedDoc>, common: Map<string, CommonPosting[]>): string {
  return `baton-runbook-index ${INDEX_VERSION}\n${JSON.stringify([...common])}\n${JSON.stringify(index)}`;
}
