import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import MiniSearch, { type SearchResult } from 'minisearch';
import { z } from 'zod';
import type { Segment } from '../../shared/runbooks';
import { termCounts, type ParsedRunbook } from './parse';

/**
 * The offline cache of every runbook ever reachable, in `<dataDir>/runbooks/`:
 *   docs/<id>.json  the body (front matter removed) with its headings, front matter and warnings
 *   catalog.json    one small entry per runbook: title, source, alert names, labels, sync times, HTTP validators
 *   index.json      the MiniSearch index (title, headings, alert names, body keywords; nothing stored in it)
 *   terms.json      how many runbooks use each body term (document frequency), loaded only to index
 * Bodies stay on disk: the index holds only what search needs, so it loads fast and stays small.
 * Of a body, the index keeps the KEYWORDS_PER_RUNBOOK terms that best tell it apart (tf × idf):
 * words most runbooks use ("check", "restart") rank nothing and would only cost memory and time,
 * so body terms in more than 30% of runbooks go to a short list instead: the COMMON_LIST_SIZE
 * runbooks that use the word most (static index pruning), kept beside the index.
 */
export const CatalogEntrySchema = z.object({
  id: z.string(),
  sourceId: z.string(),
  /** Path inside the source, or the URL the runbook was seen as. */
  key: z.string(),
  title: z.string(),
  alerts: z.array(z.string()),
  service: z.string().nullable(),
  team: z.string().nullable(),
  /** Last time the source confirmed this copy (ISO). */
  syncedAt: z.string(),
  hash: z.string(),
  /** For links: validators for conditional GET, and the last refresh error (the copy is kept). */
  etag: z.string().nullable().default(null),
  lastModified: z.string().nullable().default(null),
  fetchUrl: z.string().nullable().default(null),
  lastError: z.string().nullable().default(null),
  /** For files: what the file looked like when imported, so an unchanged file is not read again. */
  mtimeMs: z.number().nullable().default(null),
  size: z.number().nullable().default(null),
});
export type CatalogEntry = z.infer<typeof CatalogEntrySchema>;

/** What docs/<id>.json holds: everything the reader shows that search does not need. */
export interface StoredDoc {
  markdown: string;
  headings: string[];
  frontMatter: { key: string; value: string }[];
  warnings: string[];
}

function looksLikeEntry(raw: CatalogEntry): boolean {
  return (
    typeof raw === 'object' &&
    raw !== null &&
    typeof raw.id === 'string' &&
    typeof raw.sourceId === 'string' &&
    typeof raw.key === 'string' &&
    typeof raw.title === 'string' &&
    typeof raw.syncedAt === 'string' &&
    typeof raw.hash === 'string' &&
    Array.isArray(raw.alerts) &&
    'lastError' in raw &&
    'etag' in raw
  );
}

const INDEX_VERSION = 10;
export const KEYWORDS_PER_RUNBOOK = 24;
/** Body terms used by more than this share of runbooks are not indexed from bodies. */
const COMMON_TERM_SHARE = 0.3;
const SEARCH_FIELDS = ['title', 'headings', 'keywords', 'alerts'];
/** Searched with prefix and typo tolerance. */
const TEXT_FIELDS = ['title', 'headings', 'keywords'];

interface IndexedDoc {
  id: string;
  title: string;
  headings: string;
  keywords: string;
  /** Whole alert keys, service and team: matched exactly, never as a prefix (there is one per runbook). */
  alerts: string;
}

export function runbookId(sourceId: string, key: string): string {
  return crypto.createHash('sha256').update(`${sourceId}\0${key}`).digest('hex').slice(0, 24);
}

export function contentHash(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, 32);
}

function newIndex(): MiniSearch<IndexedDoc> {
  return new MiniSearch<IndexedDoc>(indexOptions);
}

/**
 * In titles and headings a CamelCase alert name is indexed as its parts and adjacent pairs
 * (`KubePodCrashLooping` → kube, pod, crash, looping, podcrash, crashlooping), so "crashloop"
 * finds it as a prefix without one unique term per runbook; the whole name goes to `alerts`.
 * Queries (no field name) are split on anything that is not a letter or digit.
 */
const ALERT_MARK = '~';

function exactTokens(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean);
}

function tokenize(text: string, field?: string): string[] {
  // Alert keys, services and teams are whole identifiers (`~payments-api`), kept apart so a prefix
  // search never walks one unique key per runbook.
  if (field === 'alerts') return exactTokens(text).map((w) => ALERT_MARK + w);
  const words = text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (field === undefined || field === 'keywords') return words;
  const out: string[] = [];
  for (const word of words) {
    const parts = word.split(/(?<=[\p{Ll}\p{N}])(?=\p{Lu})/u);
    if (parts.length <= 2) {
      out.push(word);
      if (parts.length === 2) out.push(...parts);
      continue;
    }
    out.push(...parts);
    // The leading pair (kubepod) is left out: it is shared by a whole family of alerts, so it would
    // only double what a prefix search walks; the whole name is in `alerts`.
    for (let i = 1; i + 1 < parts.length; i++) out.push(parts[i] + parts[i + 1]);
  }
  return out;
}

/** MiniSearch's term tree (not public API; minisearch is pinned). Absent → no typo or frequency shortcuts. */
function termIndex(index: MiniSearch<IndexedDoc>): { has(term: string): boolean; get(term: string): Map<number, Map<number, number>> | undefined } | undefined {
  return (index as unknown as { _index?: ReturnType<typeof termIndex> })._index;
}

/** In how many runbooks a term occurs in any field (at most). */
function documentFrequency(index: MiniSearch<IndexedDoc>, term: string): number {
  const fields = termIndex(index)?.get(term);
  let most = 0;
  if (fields) for (const docs of fields.values()) most = Math.max(most, docs.size);
  return most;
}

/**
 * Words of the query worth searching: one that is in more than a fifth of all runbooks ("api",
 * "service") ranks nothing but costs the most, so it is dropped when the query has other words.
 */
function selectiveQuery(index: MiniSearch<IndexedDoc>, query: string): string {
  const words = tokenize(query).map((w) => w.toLowerCase());
  if (words.length < 2) return words.join(' ');
  const limit = Math.max(50, index.documentCount * 0.2);
  const selective = words.filter((w) => documentFrequency(index, w) <= limit);
  return (selective.length > 0 ? selective : words).join(' ');
}

const indexOptions = {
  idField: 'id',
  fields: SEARCH_FIELDS,
  tokenize,
  storeFields: [] as string[],
  searchOptions: {
    boost: { title: 4, alerts: 6, headings: 2, keywords: 1 },
  },
  autoVacuum: { minDirtCount: 200, minDirtFactor: 0.2, batchSize: 2000, batchWait: 5 },
};

/**
 * Search options for one index: the word being typed (the last, 3+ letters) matches as a prefix;
 * a word the index does not know (a typo) matches within one or two edits. Known words are not
 * expanded, which keeps common queries cheap.
 */
function searchOptionsFor(index: MiniSearch<IndexedDoc>) {
  const known = (term: string) => (termIndex(index)?.has(term) || termIndex(index)?.has(ALERT_MARK + term)) ?? false;
  return {
    fields: TEXT_FIELDS,
    prefix: (term: string, i: number, all: string[]) => i === all.length - 1 && term.length >= 4,
    fuzzy: (term: string) => (term.length >= 4 && !known(term) ? (term.length >= 8 ? 0.25 : 0.2) : false),
    maxFuzzy: 2,
  };
}

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

export async function openRunbookCache(dir: string, onProgress?: (done: number, total: number) => void): Promise<OpenCacheResult> {
  const docsDir = path.join(dir, 'docs');
  await fsp.mkdir(docsDir, { recursive: true });
  const catalog = new Map<string, CatalogEntry>();
  const catalogFile = path.join(dir, 'catalog.json');
  const indexFile = path.join(dir, 'index.json');
  const termsFile = path.join(dir, 'terms.json');
  let rebuilt: string | null = null;

  try {
    const parsed = JSON.parse(await fsp.readFile(catalogFile, 'utf8')) as { version?: number; entries?: unknown };
    // Baton wrote this file itself (atomically); a cheap shape check keeps start fast, a bad entry is dropped.
    if (parsed.version === 1 && Array.isArray(parsed.entries)) {
      for (const raw of parsed.entries as CatalogEntry[]) {
        if (looksLikeEntry(raw)) catalog.set(raw.id, raw);
        else {
          const checked = CatalogEntrySchema.safeParse(raw);
          if (checked.success) catalog.set(checked.data.id, checked.data);
          else rebuilt = 'a runbook catalog entry was damaged';
        }
      }
    } else rebuilt = 'the runbook catalog was damaged';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') rebuilt = 'the runbook catalog was unreadable';
  }

  let index: MiniSearch<IndexedDoc> | null = null;
  let common = new Map<string, CommonPosting[]>();
  try {
    const text = await fsp.readFile(indexFile, 'utf8');
    const versionEnd = text.indexOf('\n');
    if (text.slice(0, versionEnd) === `baton-runbook-index ${INDEX_VERSION}`) {
      const commonEnd = text.indexOf('\n', versionEnd + 1);
      const saved = JSON.parse(text.slice(versionEnd + 1, commonEnd)) as [string, CommonPosting[]][];
      index = MiniSearch.loadJSON<IndexedDoc>(text.slice(commonEnd + 1), indexOptions);
      if (index.documentCount !== catalog.size) index = null;
      else common = new Map(saved);
    }
    if (!index) rebuilt ??= 'the search index was out of date';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || catalog.size > 0) rebuilt ??= 'the search index was missing or damaged';
  }

  let stats: TermStats | null = null;
  let changed = 0;
  let saving: Promise<void> = Promise.resolve();
  let dirty = false;
  /** The index changes less often than the catalog (a re-check touches only sync times). */
  let indexDirty = false;
  let idx: MiniSearch<IndexedDoc> = index ?? newIndex();

  /** Document frequencies: from terms.json, else counted from the bodies on disk. */
  async function termStats(): Promise<TermStats> {
    if (stats) return stats;
    try {
      const saved = JSON.parse(await fsp.readFile(termsFile, 'utf8')) as { docs: number; df: [string, number][] };
      if (saved.docs === catalog.size) stats = { docs: saved.docs, df: new Map(saved.df), dirty: false };
    } catch {
      // Missing or damaged: counted below.
    }
    if (!stats) {
      const df = new Map<string, number>();
      let docs = 0;
      for (const entry of catalog.values()) {
        const doc = readDoc(docsDir, entry.id);
        if (doc === null) continue;
        docs++;
        for (const term of termCounts(doc.markdown).keys()) df.set(term, (df.get(term) ?? 0) + 1);
      }
      stats = { docs, df, dirty: true };
    }
    return stats;
  }

  function count(doc: StoredDoc | null, delta: 1 | -1): void {
    if (!stats || doc === null) return;
    stats.docs += delta;
    stats.dirty = true;
    for (const term of termCounts(doc.markdown).keys()) {
      const next = (stats.df.get(term) ?? 0) + delta;
      if (next > 0) stats.df.set(term, next);
      else stats.df.delete(term);
    }
  }

  async function rebuildIndex(onProgress?: (done: number, total: number) => void, signal?: AbortSignal): Promise<void> {
    const current = await termStats();
    const next = newIndex();
    const nextCommon = new Map<string, CommonPosting[]>();
    let done = 0;
    for (const entry of [...catalog.values()]) {
      if (signal?.aborted) throw new Error('cancelled');
      const doc = readDoc(docsDir, entry.id);
      if (doc === null) catalog.delete(entry.id);
      else next.add(toIndexed(entry, doc, current, nextCommon));
      if (++done % 500 === 0) {
        onProgress?.(done, catalog.size);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    idx = next;
    common = nextCommon;
    changed = 0;
    dirty = true;
    indexDirty = true;
  }

  if (!index && catalog.size > 0) await rebuildIndex(onProgress);

  const cache: RunbookCache = {
    dir,
    get: (id) => catalog.get(id),
    entries: () => catalog.values(),
    size: () => catalog.size,
    bySource: (sourceId) => [...catalog.values()].filter((e) => e.sourceId === sourceId),
    async put(sourceId, key, parsed, syncedAt, extra = {}) {
      const id = runbookId(sourceId, key);
      const hash = contentHash(parsed.markdown);
      const previous = catalog.get(id);
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
      catalog.set(id, entry);
      dirty = true;
      const stored: StoredDoc = { markdown: parsed.markdown, headings: parsed.headings, frontMatter: parsed.frontMatter, warnings: parsed.warnings };
      if (previous && previous.hash === hash && previous.title === entry.title) {
        const old = readDoc(docsDir, id);
        if (old && old.warnings.join('\n') === stored.warnings.join('\n')) return false;
      }
      const current = await termStats();
      if (previous) {
        count(readDoc(docsDir, id), -1);
        dropCommon(common, id);
      }
      count(stored, 1);
      await writeAtomically(docPath(docsDir, id), JSON.stringify(stored));
      if (idx.has(id)) idx.replace(toIndexed(entry, stored, current, common));
      else idx.add(toIndexed(entry, stored, current, common));
      changed++;
      indexDirty = true;
      return true;
    },
    touch(id, patch) {
      const entry = catalog.get(id);
      if (!entry) return;
      catalog.set(id, { ...entry, ...patch });
      dirty = true;
    },
    async remove(id) {
      if (!catalog.has(id)) return;
      await termStats();
      count(readDoc(docsDir, id), -1);
      catalog.delete(id);
      dirty = true;
      if (idx.has(id)) idx.discard(id);
      dropCommon(common, id);
      indexDirty = true;
      await fsp.rm(docPath(docsDir, id), { force: true });
    },
    doc: (id) => readDoc(docsDir, id),
    search(query, limit) {
      const trimmed = query.trim().slice(0, 200);
      if (!trimmed) return [];
      // A word that is a whole alert name, service or team also matches as that identifier; a
      // compound one ("search-db-eu") only so: its parts would match thousands of runbooks.
      const words = exactTokens(trimmed);
      const identifiers = words.filter((w) => termIndex(idx)?.has(ALERT_MARK + w));
      const rest = words.filter((w) => !identifiers.includes(w) || /^[\p{L}\p{N}]+$/u.test(w)).join(' ');
      const results: SearchResult[] = rest ? idx.search(selectiveQuery(idx, rest), searchOptionsFor(idx)) : [];
      const exact: SearchResult[] = identifiers.length
        ? idx.search(identifiers.join(' '), {
            fields: ['alerts'],
            prefix: false,
            fuzzy: false,
            tokenize: exactTokens,
            processTerm: (term: string) => ALERT_MARK + term,
          })
        : [];
      const scored = new Map<string, { score: number; terms: string[] }>();
      for (const result of [...results, ...exact]) {
        const hit = scored.get(result.id as string);
        const terms = result.terms.map((t) => t.replace(ALERT_MARK, ''));
        if (hit) hit.score += result.score;
        else scored.set(result.id as string, { score: result.score, terms });
      }
      addCommonMatches(common, trimmed, scored);
      const ranked = [...scored].sort((a, b) => b[1].score - a[1].score);
      const hits: { entry: CatalogEntry; score: number; terms: string[] }[] = [];
      for (const [id, { score, terms }] of ranked) {
        const entry = catalog.get(id);
        if (!entry) continue;
        hits.push({ entry, score, terms });
        if (hits.length >= limit) break;
      }
      return hits;
    },
    snippet(id, terms, query) {
      const entry = catalog.get(id);
      const doc = readDoc(docsDir, id);
      if (!entry || doc === null) return [];
      return makeSnippet(doc.markdown, [...terms, ...query.toLowerCase().split(/\s+/)].filter((t) => t.length >= 2));
    },
    save() {
      // One save at a time: a link fetched while a folder syncs must not interleave the writes.
      const run = saving.catch(() => undefined).then(saveNow);
      saving = run;
      return run;
    },
    reindex: rebuildIndex,
    changedSinceReindex: () => changed,
  };

  async function saveNow(): Promise<void> {
    if (!dirty && !indexDirty) return;
    const writeIndex = indexDirty;
    const writeTerms = stats?.dirty ?? false;
    dirty = false;
    indexDirty = false;
    if (stats) stats.dirty = false;
    try {
      await writeAtomically(catalogFile, JSON.stringify({ version: 1, entries: [...catalog.values()] }));
      if (writeIndex) await writeAtomically(indexFile, `baton-runbook-index ${INDEX_VERSION}\n${JSON.stringify([...common])}\n${JSON.stringify(idx)}`);
      if (writeTerms && stats) await writeAtomically(termsFile, JSON.stringify({ docs: stats.docs, df: [...stats.df] }));
    } catch (error) {
      // Try again with the next save; nothing in memory is lost.
      dirty = true;
      indexDirty ||= writeIndex;
      if (stats) stats.dirty ||= writeTerms;
      throw error;
    }
  }

  if (dirty || indexDirty) await cache.save();
  return { cache, rebuilt };
}

interface TermStats {
  docs: number;
  df: Map<string, number>;
  dirty: boolean;
}

/** [runbook id, weight]: one runbook on a common word's short list. */
type CommonPosting = [string, number];
const COMMON_LIST_SIZE = 200;

/**
 * The body terms that best tell this runbook apart from the others (tf × idf), and the common
 * words it uses with their weight (how much of the runbook is about them).
 */
export function pickKeywords(
  body: string,
  stats: Pick<TermStats, 'docs' | 'df'>,
  limit = KEYWORDS_PER_RUNBOOK,
  own: ReadonlySet<string> = new Set(),
): { keywords: string[]; common: [string, number][] } {
  const scored: [string, number][] = [];
  const commonTerms: [string, number][] = [];
  const n = Math.max(1, stats.docs);
  const counts = termCounts(body);
  let total = 0;
  for (const tf of counts.values()) total += tf;
  for (const [term, tf] of counts) {
    // The runbook's own alert names are matched exactly in `alerts`; as keywords they would be one
    // unique term per runbook for every prefix search to walk.
    if (own.has(term)) continue;
    const df = stats.df.get(term) ?? 1;
    // A word in most runbooks ("check", "kubectl") tells none apart: it goes to the short lists.
    if (n >= 100 && df / n > COMMON_TERM_SHARE) commonTerms.push([term, tf / Math.sqrt(total)]);
    else scored.push([term, (1 + Math.log(tf)) * Math.log((n + 1) / df)]);
  }
  scored.sort((a, b) => b[1] - a[1]);
  return { keywords: scored.slice(0, limit).map(([term]) => term), common: commonTerms };
}

function addCommon(common: Map<string, CommonPosting[]>, id: string, terms: [string, number][]): void {
  for (const [term, weight] of terms) {
    let list = common.get(term);
    if (!list) common.set(term, (list = []));
    if (list.length >= COMMON_LIST_SIZE && weight <= list[list.length - 1][1]) continue;
    let at = list.length;
    while (at > 0 && list[at - 1][1] < weight) at--;
    list.splice(at, 0, [id, Math.round(weight * 1000) / 1000]);
    if (list.length > COMMON_LIST_SIZE) list.pop();
  }
}

function dropCommon(common: Map<string, CommonPosting[]>, id: string): void {
  for (const list of common.values()) {
    const at = list.findIndex((p) => p[0] === id);
    if (at >= 0) list.splice(at, 1);
  }
}

/** Query words that are common words add the runbooks on their short lists (below title matches). */
function addCommonMatches(common: Map<string, CommonPosting[]>, query: string, scored: Map<string, { score: number; terms: string[] }>): void {
  const words = query.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}_-]*/gu) ?? [];
  for (const [i, word] of words.entries()) {
    const terms = common.has(word) ? [word] : i === words.length - 1 && word.length >= 3 ? [...common.keys()].filter((t) => t.startsWith(word)).slice(0, 5) : [];
    for (const term of terms) {
      const list = common.get(term)!;
      const top = list[0]?.[1] || 1;
      for (const [id, weight] of list) {
        const hit = scored.get(id) ?? { score: 0, terms: [] };
        hit.score += 1 + weight / top;
        if (!hit.terms.includes(term)) hit.terms.push(term);
        scored.set(id, hit);
      }
    }
  }
}

function toIndexed(entry: CatalogEntry, doc: StoredDoc, stats: TermStats, common: Map<string, CommonPosting[]>): IndexedDoc {
  const picked = pickKeywords(doc.markdown, stats, KEYWORDS_PER_RUNBOOK, new Set(entry.alerts));
  addCommon(common, entry.id, picked.common);
  return {
    id: entry.id,
    // The file name (often the alert name) counts as part of the title when the title lacks it.
    title: entry.title.toLowerCase().includes(stem(entry.key).toLowerCase()) ? entry.title : `${entry.title} ${stem(entry.key)}`,
    headings: doc.headings.join(' \n'),
    keywords: picked.keywords.join(' '),
    alerts: [...entry.alerts, entry.service ?? '', entry.team ?? ''].join(' '),
  };
}


function stem(key: string): string {
  return (key.split('/').pop() ?? '').replace(/\.(md|markdown)$/i, '');
}

function docPath(docsDir: string, id: string): string {
  return path.join(docsDir, `${id}.json`);
}

function readDoc(docsDir: string, id: string): StoredDoc | null {
  try {
    const doc = JSON.parse(fs.readFileSync(docPath(docsDir, id), 'utf8')) as StoredDoc;
    return typeof doc.markdown === 'string' && Array.isArray(doc.headings) ? doc : null;
  } catch {
    return null;
  }
}

let tempCounter = 0;

async function writeAtomically(file: string, content: string): Promise<void> {
  const temp = `${file}.${process.pid}-${++tempCounter}.tmp`;
  await fsp.writeFile(temp, content);
  await fsp.rename(temp, file);
}

const SNIPPET = 180;

/** A short passage around the first matched term, as text segments with the matches marked (never HTML). */
export function makeSnippet(body: string, terms: string[]): Segment[] {
  const needles = [...new Set(terms.map((t) => t.toLowerCase()))].filter(Boolean).sort((a, b) => b.length - a.length);
  // Find the first match in the raw text, then clean only a window around it.
  const lowerBody = body.toLowerCase();
  let first = -1;
  for (const needle of needles) {
    const at = lowerBody.indexOf(needle);
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  const rawStart = first < 0 ? 0 : Math.max(0, first - 120);
  const raw = body.slice(rawStart, rawStart + SNIPPET * 3);
  const plain = raw
    .replace(/```[a-z]*\n?/g, '')
    .replace(/^\s*(?:[-*+]|\d+\.)\s+(?:\[[ xX]\]\s+)?/gm, '')
    .replace(/^\s*#{1,6}\s+/gm, '')
    .replace(/^\s*>+\s?/gm, '')
    .replace(/\*\*|__|[*`|]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const lower = plain.toLowerCase();
  let at = -1;
  for (const needle of needles) {
    const found = lower.indexOf(needle);
    if (found >= 0 && (at < 0 || found < at)) at = found;
  }
  const start = at < 0 ? 0 : Math.max(0, at - 60);
  const end = Math.min(plain.length, start + SNIPPET);
  const window = plain.slice(start, end);
  const windowLower = lower.slice(start, end);
  const segments: Segment[] = [];
  let cursor = 0;
  while (cursor < window.length) {
    let next = -1;
    let length = 0;
    for (const needle of needles) {
      const found = windowLower.indexOf(needle, cursor);
      if (found >= 0 && (next < 0 || found < next || (found === next && needle.length > length))) {
        next = found;
        length = needle.length;
      }
    }
    if (next < 0) {
      segments.push({ text: window.slice(cursor), mark: false });
      break;
    }
    if (next > cursor) segments.push({ text: window.slice(cursor, next), mark: false });
    segments.push({ text: window.slice(next, next + length), mark: true });
    cursor = next + length;
  }
  if (rawStart > 0 || start > 0) segments.unshift({ text: '…', mark: false });
  if (end < plain.length || rawStart + raw.length < body.length) segments.push({ text: '…', mark: false });
  return segments;
}
