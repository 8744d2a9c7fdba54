import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Segment } from '../../../shared/runbooks';
import type { ParsedRunbook } from '../parse';
import { dropCommon, toIndexed, type CommonList } from '../search/keywords';
import { searchRunbooks } from '../search/query';
import { makeSnippet } from '../search/snippet';
import { SearchIndex } from '../search/engine';
import { catalogJson, contentHash, loadCatalog, runbookId, type CatalogEntry, type StoredDoc } from './catalog';
import { docPath, indexBytes, loadIndex, readDoc, writeAtomically } from './disk';
import { createTermStats, type TermStatsStore } from './terms';

export { CatalogEntrySchema, contentHash, runbookId, type CatalogEntry, type StoredDoc } from './catalog';

/**
 * The offline cache of every runbook ever reachable, in `<dataDir>/runbooks/`:
 *   docs/<id>.json  the body (front matter removed) with its headings, front matter and warnings
 *   catalog.json    one small entry per runbook: title, source, alert names, labels, sync times, HTTP validators
 *   index.bin       the search index (title, alert names, headings, body keywords; no bodies), binary
 *   terms.json      how many runbooks use each body term (document frequency), loaded only to index
 * Bodies stay on disk: the index holds only what search needs, so it loads fast and stays small.
 * Of a body, the index keeps the KEYWORDS_PER_RUNBOOK terms that best tell it apart (tf × idf):
 * words most runbooks use ("check", "restart") rank nothing and would only cost memory and time,
 * so body terms in more than 30% of runbooks go to a short list instead: the COMMON_LIST_SIZE
 * runbooks that use the word most (static index pruning), kept beside the index.
 */
export interface RunbookCache {
  readonly dir: string;
  get(id: string): CatalogEntry | undefined;
  entries(): IterableIterator<CatalogEntry>;
  size(): number;
  bySource(sourceId: string): CatalogEntry[];
  /** Stores a runbook (body to disk, entry in the catalog, terms in the index); false when unchanged. */
  put(sourceId: string, key: string, parsed: ParsedRunbook, syncedAt: string, extra?: Partial<CatalogEntry>): Promise<boolean>;
  /** Updates metadata only (a 304, a refresh error) without touching body or index. */
  touch(id: string, patch: Partial<CatalogEntry>): void;
  remove(id: string): Promise<void>;
  doc(id: string): StoredDoc | null;
  search(query: string, limit: number): { entry: CatalogEntry; score: number; terms: string[] }[];
  snippet(id: string, terms: string[], query: string): Segment[];
  /** Writes catalog and index if they changed (atomically: temp file + rename). */
  save(): Promise<void>;
  /** Re-picks every runbook's keywords with the current term statistics and rebuilds the index (after a large sync). */
  reindex(onProgress?: (done: number, total: number) => void, signal?: AbortSignal): Promise<void>;
  /** Runbooks added or changed since the last reindex. */
  changedSinceReindex(): number;
}

export interface OpenCacheResult {
  cache: RunbookCache;
  /** Set when the index had to be rebuilt (missing, old, or damaged). */
  rebuilt: string | null;
}

/** The cache's state in memory, and what of it has not reached the disk yet. */
interface CacheState {
  docsDir: string;
  files: { catalog: string; index: string; terms: string };
  catalog: Map<string, CatalogEntry>;
  idx: SearchIndex;
  common: Map<string, CommonList>;
  terms: TermStatsStore;
  changed: number;
  dirty: boolean;
  /** The index changes less often than the catalog (a re-check touches only sync times). */
  indexDirty: boolean;
  /**
   * Runbooks stored but not yet in the index. Indexing waits: a large import re-picks every
   * runbook's keywords once at its end anyway (with the final term statistics), so doing it per
   * file would be thrown away. A search or save indexes a few at once, a reindex all.
   */
  pending: Set<string>;
  /** Bodies being written (at most WRITES_IN_FLIGHT), readable before they reach the disk. */
  writing: Map<string, { doc: StoredDoc; done: Promise<void> }>;
  /** While a reindex runs: runbooks stored or removed meanwhile (indexed again after it). */
  rebuilding: Set<string> | null;
}

/** Bodies written at once during an import: the disk works while the next file is parsed. */
const WRITES_IN_FLIGHT = 16;
/** A search indexes pending runbooks only this many at a time (more: a sync is running and will reindex). */
const PENDING_AT_SEARCH = 200;

export async function openRunbookCache(dir: string, onProgress?: (done: number, total: number) => void): Promise<OpenCacheResult> {
  const docsDir = path.join(dir, 'docs');
  // A data folder the disk will not write to still starts: the cache is read as far as it exists, and saves say why they fail.
  await fsp.mkdir(docsDir, { recursive: true }).catch(() => undefined);
  const files = { catalog: path.join(dir, 'catalog.json'), index: path.join(dir, 'index.bin'), terms: path.join(dir, 'terms.json') };
  // Before version 11 the index was a MiniSearch JSON file: it is rebuilt from the bodies as index.bin.
  await fsp.rm(path.join(dir, 'index.json'), { force: true }).catch(() => undefined);
  const { catalog, damaged } = await loadCatalog(files.catalog);
  const loaded = await loadIndex(files.index, catalog.size);
  const state: CacheState = {
    docsDir, files, catalog,
    idx: loaded.index ?? new SearchIndex(),
    common: loaded.common,
    terms: createTermStats(files.terms, docsDir, catalog),
    changed: 0, dirty: false, indexDirty: false,
    pending: new Set(), writing: new Map(), rebuilding: null,
  };
  if (!loaded.index && catalog.size > 0) await rebuildIndex(state, onProgress);

  let saving: Promise<void> = Promise.resolve();
  const cache: RunbookCache = {
    dir,
    get: (id) => catalog.get(id),
    entries: () => catalog.values(),
    size: () => catalog.size,
    bySource: (sourceId) => [...catalog.values()].filter((e) => e.sourceId === sourceId),
    put: (sourceId, key, parsed, syncedAt, extra = {}) => putRunbook(state, sourceId, key, parsed, syncedAt, extra),
    touch(id, patch) {
      const entry = catalog.get(id);
      if (!entry) return;
      // In place: a re-check touches every runbook of a source, and a copy each is garbage that
      // survives long enough to grow the young generation (resident memory that stays).
      let changed = false;
      for (const [key, value] of Object.entries(patch) as [keyof CatalogEntry, unknown][]) {
        if (entry[key] === value) continue;
        (entry as Record<keyof CatalogEntry, unknown>)[key] = value;
        changed = true;
      }
      state.dirty ||= changed;
    },
    remove: (id) => removeRunbook(state, id),
    doc: (id) => storedDoc(state, id),
    search: (query, limit) => {
      if (state.pending.size > 0 && state.pending.size <= PENDING_AT_SEARCH) indexPending(state);
      const hits: { entry: CatalogEntry; score: number; terms: string[] }[] = [];
      for (const [id, { score, terms }] of searchRunbooks(state.idx, state.common, query)) {
        const entry = catalog.get(id);
        if (!entry) continue;
        hits.push({ entry, score, terms });
        if (hits.length >= limit) break;
      }
      return hits;
    },
    snippet(id, terms, query) {
      const doc = storedDoc(state, id);
      if (!catalog.has(id) || doc === null) return [];
      return makeSnippet(doc.markdown, [...terms, ...query.toLowerCase().split(/\s+/)].filter((t) => t.length >= 2));
    },
    save() {
      // One save at a time: a link fetched while a folder syncs must not interleave the writes.
      const run = saving.catch(() => undefined).then(() => saveState(state));
      saving = run;
      return run;
    },
    reindex: (progress, signal) => rebuildIndex(state, progress, signal),
    changedSinceReindex: () => state.changed,
  };

  // Saved again with the next change when the disk refuses it now.
  if (state.dirty || state.indexDirty) await cache.save().catch(() => undefined);
  return { cache, rebuilt: damaged ?? loaded.stale };
}

async function putRunbook(state: CacheState, sourceId: string, key: string, parsed: ParsedRunbook, syncedAt: string, extra: Partial<CatalogEntry>): Promise<boolean> {
  const id = runbookId(sourceId, key);
  const hash = contentHash(parsed.markdown);
  const previous = state.catalog.get(id);
  const entry: CatalogEntry = {
    id,
    sourceId,
    key,
    title: parsed.title,
    alerts: parsed.alerts,
    service: parsed.service,
    team: parsed.team,
    syncedAt,
    hash,
    etag: previous?.etag ?? null,
    lastModified: previous?.lastModified ?? null,
    fetchUrl: previous?.fetchUrl ?? null,
    lastError: null,
    mtimeMs: null,
    size: null,
    ...extra,
  };
  state.catalog.set(id, entry);
  // Before any await: a reindex running meanwhile must not take the body (not written yet) as lost.
  state.rebuilding?.add(id);
  state.dirty = true;
  const stored: StoredDoc = { markdown: parsed.markdown, headings: parsed.headings, frontMatter: parsed.frontMatter, warnings: parsed.warnings };
  if (previous && previous.hash === hash && previous.title === entry.title) {
    const old = storedDoc(state, id);
    if (old && old.warnings.join('\n') === stored.warnings.join('\n')) return false;
  }
  await state.terms.load();
  if (previous) {
    state.terms.count(storedDoc(state, id), -1);
    if (!state.pending.has(id)) dropCommon(state.common, id);
  }
  state.terms.count(stored, 1);
  await writeDoc(state, id, stored);
  state.idx.remove(id);
  state.pending.add(id);
  state.changed++;
  state.indexDirty = true;
  return true;
}

async function removeRunbook(state: CacheState, id: string): Promise<void> {
  if (!state.catalog.has(id)) return;
  await state.terms.load();
  state.terms.count(storedDoc(state, id), -1);
  state.catalog.delete(id);
  state.dirty = true;
  state.idx.remove(id);
  state.rebuilding?.add(id);
  if (!state.pending.delete(id)) dropCommon(state.common, id);
  state.indexDirty = true;
  await state.writing.get(id)?.done;
  await fsp.rm(docPath(state.docsDir, id), { force: true });
}

/** A body: from the write in flight, else from disk. */
function storedDoc(state: CacheState, id: string): StoredDoc | null {
  return state.writing.get(id)?.doc ?? readDoc(state.docsDir, id);
}

/** Starts writing a body (atomically) and returns once fewer than WRITES_IN_FLIGHT are in flight. */
async function writeDoc(state: CacheState, id: string, doc: StoredDoc): Promise<void> {
  await state.writing.get(id)?.done;
  while (state.writing.size >= WRITES_IN_FLIGHT) await Promise.race([...state.writing.values()].map((w) => w.done));
  const done = writeAtomically(docPath(state.docsDir, id), JSON.stringify(doc)).finally(() => {
    if (state.writing.get(id)?.done === done) state.writing.delete(id);
  });
  // A failed write is reported by the save that waits for it.
  done.catch(() => undefined);
  state.writing.set(id, { doc, done });
}

/** Indexes the runbooks stored since the last index change (their keywords with today's term statistics). */
function indexPending(state: CacheState): void {
  const stats = state.terms.current();
  if (!stats) return;
  for (const id of state.pending) {
    const entry = state.catalog.get(id);
    const doc = entry ? storedDoc(state, id) : null;
    if (entry && doc) state.idx.add(toIndexed(entry, doc, stats, state.common));
  }
  state.pending.clear();
  state.indexDirty = true;
}

async function rebuildIndex(state: CacheState, onProgress?: (done: number, total: number) => void, signal?: AbortSignal): Promise<void> {
  const next = new SearchIndex();
  const nextCommon = new Map<string, CommonList>();
  // Set before the first await: a runbook stored from here on is re-indexed after, never taken as lost.
  const changedMeanwhile = new Set<string>();
  state.rebuilding = changedMeanwhile;
  try {
    const current = await state.terms.load();
    let done = 0;
    for (const entry of [...state.catalog.values()]) {
      if (signal?.aborted) throw new Error('cancelled');
      const doc = storedDoc(state, entry.id);
      if (doc === null) {
        if (!changedMeanwhile.has(entry.id)) state.catalog.delete(entry.id);
      } else next.add(toIndexed(entry, doc, current, nextCommon));
      if (++done % 500 === 0) {
        onProgress?.(done, state.catalog.size);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  } finally {
    state.rebuilding = null;
  }
  state.idx = next;
  state.common = nextCommon;
  state.pending.clear();
  // What was stored or removed while the reindex ran is indexed again, as is anything it missed.
  for (const id of changedMeanwhile) {
    next.remove(id);
    dropCommon(nextCommon, id);
    if (state.catalog.has(id)) state.pending.add(id);
  }
  for (const id of state.catalog.keys()) if (!next.has(id)) state.pending.add(id);
  state.changed = changedMeanwhile.size;
  state.dirty = true;
  state.indexDirty = true;
}

async function saveState(state: CacheState): Promise<void> {
  // The catalog names only bodies already on disk.
  await Promise.all([...state.writing.values()].map((w) => w.done));
  if (state.pending.size > 0) indexPending(state);
  if (!state.dirty && !state.indexDirty) return;
  const writeIndex = state.indexDirty;
  const stats = state.terms.current();
  const writeTerms = stats?.dirty ?? false;
  state.dirty = false;
  state.indexDirty = false;
  if (stats) stats.dirty = false;
  try {
    await writeAtomically(state.files.catalog, catalogJson(state.catalog));
    if (writeIndex) {
      const bytes = indexBytes(state.idx, state.common);
      // What is written is compacted (removed runbooks' postings are gone): swapped in before any await.
      if (state.idx.garbage > 1000) state.idx = SearchIndex.fromBuffer(bytes)?.index ?? state.idx;
      await writeAtomically(state.files.index, bytes);
    }
    const terms = writeTerms ? state.terms.json() : null;
    if (terms !== null) await writeAtomically(state.files.terms, terms);
  } catch (error) {
    // Try again with the next save; nothing in memory is lost.
    state.dirty = true;
    state.indexDirty ||= writeIndex;
    if (stats) stats.dirty ||= writeTerms;
    throw error;
  }
}
