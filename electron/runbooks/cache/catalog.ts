import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import { z } from 'zod';
import type { BodyLocation } from './pack';

/** One small entry per runbook (catalog.json): title, source, alert names, labels, sync times, HTTP validators. */
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
  /** Where the body's record is in the packs (null: a cache from before packs, read from docs/<id>.json once). */
  body: z.object({ pack: z.number().int().nonnegative(), at: z.number().int().nonnegative(), length: z.number().int().positive() }).nullable().default(null),
});
export type CatalogEntry = Omit<z.infer<typeof CatalogEntrySchema>, 'body'> & { body: BodyLocation | null };

/** A runbook's body with what the reader shows that search does not need (a record in the packs). */
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
    'etag' in raw &&
    'body' in raw
  );
}

// One-shot hashes: no Hash object per call (a sync checks every file of a source).
export function runbookId(sourceId: string, key: string): string {
  return crypto.hash('sha256', `${sourceId}\0${key}`, 'hex').slice(0, 24);
}

export function contentHash(text: string): string {
  return crypto.hash('sha256', text, 'hex').slice(0, 32);
}

/** Reads catalog.json; a damaged entry or file is dropped and the reason returned (the index is then rebuilt). */
export async function loadCatalog(file: string): Promise<{ catalog: Map<string, CatalogEntry>; damaged: string | null }> {
  const catalog = new Map<string, CatalogEntry>();
  let damaged: string | null = null;
  try {
    const parsed = JSON.parse(await fsp.readFile(file, 'utf8')) as { version?: number; entries?: unknown };
    // Baton wrote this file itself (atomically); a cheap shape check keeps start fast, a bad entry is dropped.
    if (parsed.version === 1 && Array.isArray(parsed.entries)) {
      // Values many entries share (source, sync time, service, team) as one string each, not one per entry.
      const shared = new Map<string, string>();
      const share = (value: string | null) => {
        if (value === null) return null;
        const known = shared.get(value);
        if (known !== undefined) return known;
        shared.set(value, value);
        return value;
      };
      for (const raw of parsed.entries as CatalogEntry[]) {
        if (looksLikeEntry(raw)) {
          raw.sourceId = share(raw.sourceId)!;
          raw.syncedAt = share(raw.syncedAt)!;
          raw.service = typeof raw.service === 'string' ? share(raw.service) : null;
          raw.team = typeof raw.team === 'string' ? share(raw.team) : null;
          catalog.set(raw.id, raw);
        }
        else {
          const checked = CatalogEntrySchema.safeParse(raw);
          if (checked.success) catalog.set(checked.data.id, checked.data);
          else damaged = 'a runbook catalog entry was damaged';
        }
      }
    } else damaged = 'the runbook catalog was damaged';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') damaged = 'the runbook catalog was unreadable';
  }
  return { catalog, damaged };
}

/** The catalog as written: only entries whose body is in a pack (all of them once the packs are flushed). */
export function catalogJson(catalog: Map<string, CatalogEntry>): string {
  const entries: CatalogEntry[] = [];
  for (const entry of catalog.values()) if (entry.body) entries.push(entry);
  return JSON.stringify({ version: 1, entries });
}
