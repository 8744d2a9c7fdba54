import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Segment } from '../../../shared/runbooks';
import type { ParsedRunbook } from '../parse';
import { bodyTerms, dropCommon, toIndexed, type CommonList } from '../search/keywords';
import { searchRunbooks } from '../search/query';
import { makeSnippet } from '../search/snippet';
import { SearchIndex } from '../search/engine';
import { catalogJson, contentHash, loadCatalog, runbookId, type CatalogEntry, type StoredDoc } from './catalog';
import { indexBytes, loadIndex, readLegacyDoc, writeAtomically } from './disk';
import { PackStore } from './pack';
import { createTermStats, type TermStatsStore } from './terms';

export { CatalogEntrySchema, contentHash, runbookId, type CatalogEntry, type StoredDoc } from './catalog';

/**
 * The offline cache of every runbook ever reachable, in `<dataDir>/runbooks/`:
 *   packs/<n>.pack  the bodies (front matter removed) with headings, front matter, warnings and body
 *                   terms, as records appended to a few pack files (see pack.ts)
 *   catalog.json    one small entry per runbook: title, source, alert names, labels, sync times, HTTP
 *                   validators, and where its record is
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
  /**
   * A sync of a folder or git source found its runbooks as cached (ISO time): one record per
   * source (confirmed.json), so a start that finds nothing changed rewrites no catalog.
   */
  confirm(sourceId: string, at: string): void;
  /** When this copy was last stored or confirmed by its source. */
  syncedAt(entry: CatalogEntry): string;
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
  /** Runbooks dropped at open because their record was cut short: synced again by their source. */
  lost: number;
}

/** The cache's state in memory, and what of it has not reached the disk yet. */
interface CacheState {
  packs: PackStore;
  files: { catalog: string; index: string; terms: string; confirmed: string };
  /** Per source: when its last sync confirmed its runbooks; written apart from the catalog. */
  confirmed: Map<string, string>;
  confirmedDirty: boolean;
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
  /** While a reindex runs: runbooks stored or removed meanwhile (indexed again after it). */
  rebuilding: Set<string> | null;
  /** A background write of queued records (an import goes on parsing meanwhile). */
  flushing: Promise<void> | null;
}

/** Queued records beyond this make an import wait for the disk. */
const QUEUED_AT_MOST = 8 * 1024 * 1024;
/** A search indexes pending runbooks only this many at a time (more: a sync is running and will reindex). */
const PENDING_AT_SEARCH = 200;

export async function openRunbookCache(dir: string, onProgress?: (done: number, total: number) => void): Promise<OpenCacheResult> {
  // A data folder the disk will not write to still starts: the cache is read as far as it exists, and saves say why they fail.
  await fsp.mkdir(dir, { recursive: true }).catch(() => undefined);
  const files = {
    catalog: path.join(dir, 'catalog.json'),
    index: path.join(dir, 'index.bin'),
    terms: path.join(dir, 'terms.json'),
    confirmed: path.join(dir, 'confirmed.json'),
  };
  // Before version 11 the index was a MiniSearch JSON file: it is rebuilt from the bodies as index.bin.
  await fsp.rm(path.join(dir, 'index.json'), { force: true }).catch(() => undefined);
  const { catalog, damaged } = await loadCatalog(files.catalog);
  const packs = await PackStore.open(path.join(dir, 'packs'));
  // An entry naming bytes a pack does not have (the disk lost a write the catalog had seen) is
  // dropped: its source brings it back at its next sync. Bodies of a cache from before the packs move in.
  const legacyDir = path.join(dir, 'docs');
  let lost = 0;
  let migrated = 0;
  for (const entry of [...catalog.values()]) {
    if (entry.body && packs.holds(entry.body)) packs.claim(entry.body);
    else if (entry.body) {
      catalog.delete(entry.id);
      lost++;
    } else {
      const doc = readLegacyDoc(legacyDir, entry.id);
      if (doc) {
        packs.add(entry.id, doc, bodyTerms(doc.markdown));
        migrated++;
      } else catalog.delete(entry.id);
    }
  }
  const loaded = await loadIndex(files.index, catalog);
  const state: CacheState = {
    packs, files, catalog, confirmed: await loadConfirmed(files.confirmed), confirmedDirty: false,
    idx: loaded.index ?? new SearchIndex(),
    common: loaded.common,
    terms: createTermStats(files.terms, catalog, { terms: (entry) => packs.meta(entry.id, entry.body)?.terms ?? null, reading: (work) => packs.reading(work) }),
    changed: 0, dirty: migrated > 0, indexDirty: false,
    pending: new Set(), rebuilding: null, flushing: null,
  };
  const stale = lost > 0 ? `${lost} runbooks' cached copies were cut short; their sources sync them again` : loaded.stale;
  if ((!loaded.index || lost > 0) && catalog.size > 0) await rebuildIndex(state, onProgress);

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
        if (entry[key] === value || key === 'body') continue;
        (entry as Record<keyof CatalogEntry, unknown>)[key] = value;
        changed = true;
      }
      state.dirty ||= changed;
    },
    confirm(sourceId, at) {
      if (state.confirmed.get(sourceId) === at) return;
      state.confirmed.set(sourceId, at);
      state.confirmedDirty = true;
    },
    syncedAt(entry) {
      const confirmed = state.confirmed.get(entry.sourceId);
      return confirmed !== undefined && confirmed > entry.syncedAt ? confirmed : entry.syncedAt;
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
  if (migrated > 0 && !state.dirty) await fsp.rm(legacyDir, { recursive: true, force: true }).catch(() => undefined);
  // Packs no entry names (copied out before a stop, or from a catalog that was lost) are deleted;
  // not when the catalog itself was damaged, so nothing is deleted on a misread.
  if (!damaged) await packs.deleteUnused().catch(() => undefined);
  return { cache, rebuilt: damaged ?? stale, lost };
}

async function putRunbook(state: CacheState, sourceId: string, key: string, parsed: ParsedRunbook, syncedAt: string, extra: Partial<CatalogEntry>): Promise<boolean> {
  // Loaded (or counted from the stored terms) before this runbook is in the catalog or the queue.
  await state.terms.load();
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
    // Until the new record is written, the old one is what the disk has for this runbook.
    body: previous?.body ?? null,
  };
  if (previous && previous.hash === hash && previous.title === entry.title) {
    const old = state.packs.meta(id, previous.body);
    if (old && old.warnings.join('\n') === parsed.warnings.join('\n')) {
      state.catalog.set(id, entry);
      state.dirty = true;
      return false;
    }
  }
  // Read before the entry changes: the old body's terms leave the statistics.
  const oldTerms = previous ? (state.packs.meta(id, previous.body)?.terms ?? null) : null;
  state.catalog.set(id, entry);
  // Before any await: a reindex running meanwhile must not take the body (not written yet) as lost.
  state.rebuilding?.add(id);
  state.dirty = true;
  const stored: StoredDoc = { markdown: parsed.markdown, headings: parsed.headings, frontMatter: parsed.frontMatter, warnings: parsed.warnings };
  // Counted once: the statistics take them now, and the record keeps them for every later reindex.
  const terms = bodyTerms(parsed.markdown);
  state.packs.add(id, stored, terms);
  if (previous) {
    state.terms.count(oldTerms, -1);
    if (!state.pending.has(id)) dropCommon(state.common, id);
  }
  state.terms.count(terms, 1);
  state.idx.remove(id);
  state.pending.add(id);
  state.changed++;
  state.indexDirty = true;
  await writeSoon(state);
  return true;
}

/** Writes queued records in the background once enough wait; waits only when the disk falls far behind. */
async function writeSoon(state: CacheState): Promise<void> {
  if (state.packs.pendingBytes >= QUEUED_AT_MOST && state.flushing) await state.flushing.catch(() => undefined);
  if (!state.flushing && state.packs.wantsFlush()) {
    const run = flushPacks(state).finally(() => {
      if (state.flushing === run) state.flushing = null;
    });
    // A failed write is reported by the save that writes the queue again.
    run.catch(() => undefined);
    state.flushing = run;
  }
}

/** Writes every queued record; each entry then names where its record went. */
function flushPacks(state: CacheState): Promise<void> {
  return state.packs.flush((id, loc) => {
    const entry = state.catalog.get(id);
    if (!entry) {
      state.packs.release(loc);
      return;
    }
    state.packs.release(entry.body);
    entry.body = loc;
    state.dirty = true;
  });
}

async function removeRunbook(state: CacheState, id: string): Promise<void> {
  const entry = state.catalog.get(id);
  if (!entry) return;
  await state.terms.load();
  state.terms.count(state.packs.meta(id, entry.body)?.terms ?? null, -1);
  forget(state, id);
}

/** Takes a runbook out of catalog, index and packs (removed, or its record was found lost). */
function forget(state: CacheState, id: string): void {
  const entry = state.catalog.get(id);
  if (!entry) return;
  state.catalog.delete(id);
  state.packs.drop(id);
  state.packs.release(entry.body);
  state.dirty = true;
  state.idx.remove(id);
  state.rebuilding?.add(id);
  if (!state.pending.delete(id)) dropCommon(state.common, id);
  state.indexDirty = true;
}

/**
 * A body: queued, else from its pack. A record that does not read back as this runbook's (cut
 * short, overwritten) is never shown: the runbook is dropped, and its source brings it back.
 */
function storedDoc(state: CacheState, id: string): StoredDoc | null {
  const entry = state.catalog.get(id);
  if (!entry) return null;
  const doc = state.packs.doc(id, entry.body);
  if (doc === null && !state.packs.isQueued(id)) forget(state, id);
  return doc;
}

/** Indexes the runbooks stored since the last index change (their keywords with today's term statistics). */
function indexPending(state: CacheState): void {
  const stats = state.terms.current();
  if (!stats) return;
  for (const id of state.pending) {
    const entry = state.catalog.get(id);
    const meta = entry ? state.packs.meta(id, entry.body) : null;
    if (entry && meta) state.idx.add(toIndexed(entry, meta, meta.terms, stats, state.common));
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
    await state.packs.reading(async () => {
      let done = 0;
      for (const entry of [...state.catalog.values()]) {
        if (signal?.aborted) throw new Error('cancelled');
        // The stored terms and headings: the Markdown is not decoded again.
        const meta = state.catalog.get(entry.id) === entry ? state.packs.meta(entry.id, entry.body) : null;
        if (meta) next.add(toIndexed(entry, meta, meta.terms, current, nextCommon));
        else if (state.catalog.get(entry.id) === entry && !changedMeanwhile.has(entry.id)) forget(state, entry.id);
        if (++done % 500 === 0) {
          onProgress?.(done, state.catalog.size);
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    });
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

/** Moves the live records out of packs that are mostly dead (queued again, written by the next flush). */
function compact(state: CacheState): void {
  const packs = new Set(state.packs.compactable());
  if (packs.size === 0) return;
  for (const entry of [...state.catalog.values()]) {
    if (!entry.body || !packs.has(entry.body.pack) || state.packs.isQueued(entry.id)) continue;
    const bytes = state.packs.raw(entry.id, entry.body);
    if (bytes) state.packs.requeue(entry.id, bytes);
    else forget(state, entry.id);
  }
}

async function loadConfirmed(file: string): Promise<Map<string, string>> {
  try {
    const raw = JSON.parse(await fsp.readFile(file, 'utf8')) as unknown;
    if (typeof raw !== 'object' || raw === null) return new Map();
    return new Map(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    // Missing or damaged: each runbook's own sync time stands until its source syncs again.
    return new Map();
  }
}

async function saveState(state: CacheState): Promise<void> {
  // Written first, so what they replace counts as dead when packs are picked for compaction.
  while (state.packs.pendingBytes > 0) await flushPacks(state);
  compact(state);
  // The catalog names only records already written: the queue is empty when it is serialised
  // (checked right before, with no await in between).
  while (state.packs.pendingBytes > 0) await flushPacks(state);
  if (state.pending.size > 0) indexPending(state);
  if (state.confirmedDirty) {
    state.confirmedDirty = false;
    try {
      await writeAtomically(state.files.confirmed, JSON.stringify(Object.fromEntries(state.confirmed)));
    } catch (error) {
      state.confirmedDirty = true;
      throw error;
    }
  }
  if (!state.dirty && !state.indexDirty) return;
  const writeIndex = state.indexDirty;
  const stats = state.terms.current();
  const writeTerms = stats?.dirty ?? false;
  state.dirty = false;
  state.indexDirty = false;
  if (stats) stats.dirty = false;
  // Packs the catalog written now does not name: deletable once it is on disk.
  const unused = state.packs.unused();
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
  await state.packs.deleteUnused(unused);
}
