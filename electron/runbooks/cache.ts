import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import MiniSearch, { type SearchResult } from 'minisearch';
import { z } from 'zod';
import type { Segment } from '../../shared/runbooks';
import { bodyKeywords, type ParsedRunbook } from './parse';

/**
 * The offline cache of every runbook ever reachable, in `<dataDir>/runbooks/`:
 *   docs/<id>.md    the body (front matter removed; shown by the reader, used for snippets)
 *   catalog.json    one entry per runbook: title, source, alert names, labels, sync times, HTTP validators
 *   index.json      the MiniSearch index (title, headings, body keywords; nothing stored in it)
 * Bodies stay on disk: the index holds only what search needs, so it loads fast and stays small.
 */
export const CatalogEntrySchema = z.object({
  id: z.string(),
  sourceId: z.string(),
  /** Path inside the source, or the URL the runbook was seen as. */
  key: z.string(),
  title: z.string(),
  headings: z.array(z.string()),
  alerts: z.array(z.string()),
  service: z.string().nullable(),
  team: z.string().nullable(),
  frontMatter: z.array(z.object({ key: z.string(), value: z.string() })),
  warnings: z.array(z.string()),
  /** Last time the source confirmed this copy (ISO). */
  syncedAt: z.string(),
  hash: z.string(),
  /** For links: validators for conditional GET, and the last refresh error (the copy is kept). */
  etag: z.string().nullable().default(null),
  lastModified: z.string().nullable().default(null),
  fetchUrl: z.string().nullable().default(null),
  lastError: z.string().nullable().default(null),
});
export type CatalogEntry = z.infer<typeof CatalogEntrySchema>;

const CatalogFileSchema = z.object({ version: z.literal(1), entries: z.array(CatalogEntrySchema) });

const INDEX_VERSION = 1;
const SEARCH_FIELDS = ['title', 'headings', 'keywords', 'alerts'];

interface IndexedDoc {
  id: string;
  title: string;
  headings: string;
  keywords: string;
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

const indexOptions = {
  idField: 'id',
  fields: SEARCH_FIELDS,
  storeFields: [] as string[],
  searchOptions: {
    boost: { title: 4, alerts: 3, headings: 2, keywords: 1 },
    prefix: (term: string) => term.length >= 2,
    fuzzy: (term: string) => (term.length >= 5 ? 0.2 : false),
    maxFuzzy: 2,
  },
  autoVacuum: { minDirtCount: 200, minDirtFactor: 0.2, batchSize: 2000, batchWait: 5 },
};

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
  body(id: string): string | null;
  search(query: string, limit: number): { entry: CatalogEntry; score: number; terms: string[] }[];
  snippet(id: string, terms: string[], query: string): Segment[];
  /** Writes catalog and index if they changed (atomically: temp file + rename). */
  save(): Promise<void>;
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
  let rebuilt: string | null = null;

  try {
    const parsed = CatalogFileSchema.safeParse(JSON.parse(await fsp.readFile(catalogFile, 'utf8')));
    if (parsed.success) for (const entry of parsed.data.entries) catalog.set(entry.id, entry);
    else rebuilt = 'the runbook catalog was damaged';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') rebuilt = 'the runbook catalog was unreadable';
  }

  let index: MiniSearch<IndexedDoc> | null = null;
  try {
    const text = await fsp.readFile(indexFile, 'utf8');
    const versionEnd = text.indexOf('\n');
    if (text.slice(0, versionEnd) === `baton-runbook-index ${INDEX_VERSION}`) {
      index = MiniSearch.loadJSON<IndexedDoc>(text.slice(versionEnd + 1), indexOptions);
      if (index.documentCount !== catalog.size) index = null;
    }
    if (!index) rebuilt ??= 'the search index was out of date';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || catalog.size > 0) rebuilt ??= 'the search index was missing or damaged';
  }
  let dirty = false;
  if (!index) {
    index = newIndex();
    let done = 0;
    for (const entry of catalog.values()) {
      const body = readBody(docsDir, entry.id);
      if (body === null) {
        catalog.delete(entry.id);
      } else {
        index.add(toIndexed(entry, body));
      }
      if (++done % 500 === 0) {
        onProgress?.(done, catalog.size);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    dirty = catalog.size > 0;
  }
  const idx = index;

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
        headings: parsed.headings,
        alerts: parsed.alerts,
        service: parsed.service,
        team: parsed.team,
        frontMatter: parsed.frontMatter,
        warnings: parsed.warnings,
        syncedAt,
        hash,
        etag: previous?.etag ?? null,
        lastModified: previous?.lastModified ?? null,
        fetchUrl: previous?.fetchUrl ?? null,
        lastError: null,
        ...extra,
      };
      catalog.set(id, entry);
      dirty = true;
      if (previous && previous.hash === hash && previous.title === entry.title) return false;
      await writeAtomically(path.join(docsDir, `${id}.md`), parsed.markdown);
      if (idx.has(id)) idx.replace(toIndexed(entry, parsed.markdown));
      else idx.add(toIndexed(entry, parsed.markdown));
      return true;
    },
    touch(id, patch) {
      const entry = catalog.get(id);
      if (!entry) return;
      catalog.set(id, { ...entry, ...patch });
      dirty = true;
    },
    async remove(id) {
      if (!catalog.delete(id)) return;
      dirty = true;
      if (idx.has(id)) idx.discard(id);
      await fsp.rm(path.join(docsDir, `${id}.md`), { force: true });
    },
    body: (id) => readBody(docsDir, id),
    search(query, limit) {
      const trimmed = query.trim().slice(0, 200);
      if (!trimmed) return [];
      const results: SearchResult[] = idx.search(trimmed);
      const hits: { entry: CatalogEntry; score: number; terms: string[] }[] = [];
      for (const result of results) {
        const entry = catalog.get(result.id as string);
        if (!entry) continue;
        hits.push({ entry, score: result.score, terms: result.terms });
        if (hits.length >= limit) break;
      }
      return hits;
    },
    snippet(id, terms, query) {
      const entry = catalog.get(id);
      const body = readBody(docsDir, id);
      if (!entry || body === null) return [];
      return makeSnippet(body, [...terms, ...query.toLowerCase().split(/\s+/)].filter((t) => t.length >= 2));
    },
    async save() {
      if (!dirty) return;
      dirty = false;
      const entries = [...catalog.values()];
      await writeAtomically(catalogFile, JSON.stringify({ version: 1, entries }));
      await writeAtomically(indexFile, `baton-runbook-index ${INDEX_VERSION}\n${JSON.stringify(idx)}`);
    },
  };
  if (dirty) await cache.save();
  return { cache, rebuilt };
}

function toIndexed(entry: CatalogEntry, body: string): IndexedDoc {
  return {
    id: entry.id,
    title: entry.title,
    headings: entry.headings.join(' \n'),
    keywords: bodyKeywords(body),
    alerts: [...entry.alerts, entry.service ?? '', entry.team ?? '', ...camelSuffixes(`${entry.key.split('/').pop() ?? ''} ${entry.title} ${entry.headings.join(' ')}`)].join(' '),
  };
}

/** `KubePodCrashLooping` → `podcrashlooping crashlooping looping`, so "crashloop" finds it as a prefix. */
export function camelSuffixes(text: string): string[] {
  const out = new Set<string>();
  for (const word of text.match(/[A-Za-z0-9]+/g) ?? []) {
    const parts = word.split(/(?<=[a-z0-9])(?=[A-Z])/);
    for (let i = 1; i < parts.length && out.size < 200; i++) out.add(parts.slice(i).join('').toLowerCase());
  }
  return [...out];
}

function readBody(docsDir: string, id: string): string | null {
  try {
    return fs.readFileSync(path.join(docsDir, `${id}.md`), 'utf8');
  } catch {
    return null;
  }
}

async function writeAtomically(file: string, content: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await fsp.writeFile(temp, content);
  await fsp.rename(temp, file);
}

const SNIPPET = 180;

/** A short passage around the first matched term, as text segments with the matches marked (never HTML). */
export function makeSnippet(body: string, terms: string[]): Segment[] {
  const plain = body.replace(/```[a-z]*\n?/g, '').replace(/[#>*_`|]+/g, ' ').replace(/\s+/g, ' ').trim();
  const lower = plain.toLowerCase();
  const needles = [...new Set(terms.map((t) => t.toLowerCase()))].filter(Boolean).sort((a, b) => b.length - a.length);
  let first = -1;
  for (const needle of needles) {
    const at = lower.indexOf(needle);
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  const start = first < 0 ? 0 : Math.max(0, first - 60);
  const end = Math.min(plain.length, start + SNIPPET);
  const window = plain.slice(start, end);
  const windowLower = lower.slice(start, end);
  const segments: Segment[] = [];
  let cursor = 0;
  while (cursor < window.length) {
    let next = -1;
    let length = 0;
    for (const needle of needles) {
      const at = windowLower.indexOf(needle, cursor);
      if (at >= 0 && (next < 0 || at < next || (at === next && needle.length > length))) {
        next = at;
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
  if (start > 0) segments.unshift({ text: '…', mark: false });
  if (end < plain.length) segments.push({ text: '…', mark: false });
  return segments;
}
