import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { SourceConfig, SourceStatus } from '../../../shared/runbooks';
import type { Clock, Timer } from '../../clock';
import type { Logger } from '../../log';
import { UserError } from '../../user-error';
import { runbookId, type CatalogEntry, type RunbookCache } from '../cache';
import { checkRunbookSize, decodeRunbook, parseMarkdown, RefusedError } from '../parse';
import { detectLayout, fileStem, skipReason, type Patterns } from '../layout';
import { errorText } from '../../../shared/errors';

const MARKDOWN_FILE = /\.(md|markdown)$/i;
const SKIP_DIRS = new Set(['.git', 'node_modules', '.github']);

export type Skipped = SourceStatus['skipped'];
export type Progress = NonNullable<SourceStatus['progress']>;

export interface ImportDeps {
  cache: RunbookCache;
  clock: Clock;
  /** Told at most every ~100 ms (and every 200 files) how far the import is. */
  onProgress(progress: Progress): void;
}

/** At most this many files are listed as left out (the count of the rest is given). */
const SKIPPED_SHOWN = 50;

/**
 * Imports the runbooks under root/subfolder: every Markdown file the layout's rules (or the source's
 * include/exclude patterns) take; removes runbooks whose file is gone or no longer taken.
 */
export async function importFolder(
  deps: ImportDeps,
  sourceId: string,
  root: string,
  subfolder: string,
  signal: AbortSignal,
  patterns: Patterns = { include: [], exclude: [] },
): Promise<Skipped> {
  const { cache, clock } = deps;
  const base = path.resolve(root, subfolder);
  if (!base.startsWith(path.resolve(root))) throw new UserError('The subfolder must stay inside the repository.');
  let listed: Listed[];
  try {
    listed = await listMarkdown(root, base);
  } catch (error) {
    throw new Error(`${base} could not be read (${(error as NodeJS.ErrnoException).code ?? errorText(error)}); the runbooks synced before are kept`);
  }
  const layout = await detectLayout(root, subfolder);
  const files: Listed[] = [];
  const notRunbooks: Skipped = [];
  for (const item of listed) {
    const reason = skipReason(layout, patterns, item.key);
    if (reason === null) files.push(item);
    else notRunbooks.push({ path: item.key, reason });
  }
  const skipped: Skipped = [];
  const syncedAt = new Date(clock.now()).toISOString();
  // The source's runbooks by key: an unchanged file is found without hashing its key.
  const known = new Map<string, CatalogEntry>();
  for (const entry of cache.entries()) if (entry.sourceId === sourceId) known.set(entry.key, entry);
  /** Runbooks still there (read, unchanged, or kept after a read error): the rest are removed. */
  const seen = new Set<string>();
  const changed = await unchangedLeftOut(deps, files, known, seen, signal);
  let lastReport = 0;
  // A few files are read ahead while one is parsed: each file operation waits on a trip through
  // the thread pool, and the trips of files in flight overlap.
  const reads: Promise<Fetched>[] = [];
  let started = 0;
  const readNext = () => {
    const read = readWhole(changed[started].file);
    // Not waited for when the import stops early (cancelled).
    read.catch(() => undefined);
    reads.push(read);
    started++;
  };
  for (const [i, { key }] of changed.entries()) {
    if (signal.aborted) throw new Error('cancelled');
    while (started < changed.length && started < i + READ_AHEAD) readNext();
    const id = runbookId(sourceId, key);
    try {
      await storeFile(cache, sourceId, key, await reads.shift()!, syncedAt);
      seen.add(id);
    } catch (error) {
      const reason = error instanceof RefusedError ? error.message : errorText(error);
      if (skipped.length < SKIPPED_SHOWN) skipped.push({ path: key, reason });
      // A file that became unreadable keeps its last good copy, shown as stale (its error says why).
      if (!(error instanceof RefusedError)) {
        seen.add(id);
        cache.touch(id, { lastError: reason });
      }
    }
    if (i + 1 === changed.length || clock.now() - lastReport > 100 || (i + 1) % 200 === 0) {
      lastReport = clock.now();
      deps.onProgress({ done: i + 1, total: changed.length, phase: 'importing' });
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  for (const entry of known.values()) if (!seen.has(entry.id) && cache.get(entry.id)) await cache.remove(entry.id);
  // Every runbook read or found unchanged is confirmed at once (not one catalog entry each).
  cache.confirm(sourceId, syncedAt);
  // Files that could not be read come first; then what the layout's rules or the patterns left out.
  const room = SKIPPED_SHOWN - skipped.length;
  if (notRunbooks.length > room) {
    skipped.push(...notRunbooks.slice(0, Math.max(0, room - 1)), { path: '…', reason: `${notRunbooks.length - Math.max(0, room - 1)} more files that are not runbooks (${layout.kind} layout)` });
  } else skipped.push(...notRunbooks);
  return skipped;
}

/** Files read ahead of the one being parsed (Node's thread pool has 4 threads). */
const READ_AHEAD = 4;
/** Files checked at once for changes. */
const CHECKS_IN_FLIGHT = 8;

type Fetched = { stat: fs.Stats; bytes: Buffer };

/**
 * The files to read: new ones, and known ones whose mtime or size changed (or whose last read
 * failed). Unchanged files go into `seen`. At every start a folder source is checked this way, so
 * it allocates as little as it can per file: a stat with a callback, no promise, no key hashed.
 */
function unchangedLeftOut(deps: ImportDeps, files: Listed[], known: Map<string, CatalogEntry>, seen: Set<string>, signal: AbortSignal): Promise<Listed[]> {
  const changed: boolean[] = new Array<boolean>(files.length).fill(true);
  let next = 0;
  let running = 0;
  let checked = 0;
  let lastReport = deps.clock.now();
  return new Promise((resolve, reject) => {
    const finish = () => resolve(files.filter((_, i) => changed[i]));
    const pump = () => {
      if (signal.aborted) return reject(new Error('cancelled'));
      while (running < CHECKS_IN_FLIGHT && next < files.length) {
        const i = next++;
        const entry = known.get(files[i].key);
        if (!entry || entry.lastError !== null || entry.mtimeMs === null) continue;
        running++;
        fs.stat(files[i].file, (error, stat) => {
          running--;
          checked++;
          if (!error && stat.mtimeMs === entry.mtimeMs && stat.size === entry.size) {
            changed[i] = false;
            seen.add(entry.id);
          }
          if (deps.clock.now() - lastReport > 100) {
            lastReport = deps.clock.now();
            deps.onProgress({ done: checked, total: known.size, phase: 'checking for changes' });
          }
          pump();
        });
      }
      if (running === 0 && next >= files.length) finish();
    };
    pump();
  });
}

async function storeFile(cache: RunbookCache, sourceId: string, key: string, fetched: Fetched, syncedAt: string): Promise<void> {
  const { stat, bytes } = fetched;
  const { text, warnings } = decodeRunbook(bytes);
  const parsed = parseMarkdown(text, fileStem(key));
  parsed.warnings.unshift(...warnings);
  await cache.put(sourceId, key, parsed, syncedAt, { mtimeMs: stat.mtimeMs, size: stat.size });
}

/** A file's bytes with the stat they were read under (a file growing meanwhile is read as far as it was). */
async function readWhole(file: string): Promise<{ stat: fs.Stats; bytes: Buffer }> {
  const handle = await fsp.open(file, 'r');
  try {
    const stat = await handle.stat();
    // Refused by its size before a byte is read.
    checkRunbookSize(stat.size);
    const bytes = Buffer.allocUnsafe(stat.size);
    let read = 0;
    while (read < bytes.length) {
      const { bytesRead } = await handle.read(bytes, read, bytes.length - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return { stat, bytes: read === bytes.length ? bytes : bytes.subarray(0, read) };
  } finally {
    await handle.close();
  }
}

export interface FolderWatchers {
  /** Starts (or refreshes) watching a folder source; changes are debounced into `onChange`. */
  watch(source: SourceConfig): Promise<void>;
  close(sourceId: string): void;
  /** Closes every watcher and watches nothing more (shutdown). */
  closeAll(): void;
}

export interface WatchDeps {
  clock: Clock;
  log: Logger;
  debounceMs: number;
  /** Whether the source is still configured (a watch set up after its removal is dropped). */
  isConfigured(sourceId: string): boolean;
  onChange(sourceId: string): void;
  onError(sourceId: string, message: string): void;
}

/**
 * Watches folder sources for changes. Linux has no recursive inotify: Node emulates it with one
 * watcher and a stat per FILE, which for 10k runbooks is 10k watches and a busy start. Baton
 * watches each directory instead (inotify reports its files' changes) and refreshes that set after
 * every sync; elsewhere the native recursive watch is used.
 */
export function createFolderWatchers(deps: WatchDeps): FolderWatchers {
  const watchers = new Map<string, { key: string; close(): void }>();
  let closed = false;

  async function watch(source: SourceConfig): Promise<void> {
    if (source.kind !== 'folder' || closed) return;
    const dirs = process.platform === 'linux' ? await listDirectories(source.path).catch(() => [source.path]) : [source.path];
    if (closed || !deps.isConfigured(source.id)) return;
    const existing = watchers.get(source.id);
    const key = dirs.join('\0');
    if (existing?.key === key) return;
    existing?.close();
    watchers.set(source.id, { key, close: watchDirectories(deps, source.id, dirs) });
  }

  return {
    watch,
    close(sourceId) {
      watchers.get(sourceId)?.close();
      watchers.delete(sourceId);
    },
    closeAll() {
      closed = true;
      for (const watcher of watchers.values()) watcher.close();
    },
  };
}

/** Watches the directories; returns the function that stops it. */
function watchDirectories(deps: WatchDeps, sourceId: string, dirs: string[]): () => void {
  const { clock, log } = deps;
  let debounce: Timer | null = null;
  const handles: fs.FSWatcher[] = [];
  const onChange = (_event: string, name: string | Buffer | null) => {
    if (name && !MARKDOWN_FILE.test(String(name)) && String(name).includes('.')) return;
    if (debounce) clock.clearTimeout(debounce);
    debounce = clock.setTimeout(() => deps.onChange(sourceId), deps.debounceMs);
  };
  for (const dir of dirs) {
    try {
      const watcher = fs.watch(dir, { recursive: process.platform !== 'linux' }, onChange);
      watcher.on('error', (error) => {
        log.warn(`runbooks: stopped watching ${dir}`, error);
        deps.onError(sourceId, `Stopped watching the folder for changes (${errorText(error)}); use Sync now to refresh.`);
      });
      handles.push(watcher);
    } catch (error) {
      log.warn(`runbooks: cannot watch ${dir}`, error);
    }
  }
  return () => {
    if (debounce) clock.clearTimeout(debounce);
    for (const watcher of handles) watcher.close();
  };
}

/** The folder and its subfolders (not .git and the like), at most 2,000. */
async function listDirectories(base: string): Promise<string[]> {
  const out = [base];
  for (const entry of await fsp.readdir(base, { withFileTypes: true, recursive: true })) {
    if (!entry.isDirectory()) continue;
    const full = path.join(entry.parentPath, entry.name);
    if (path.relative(base, full).split(path.sep).some((part) => SKIP_DIRS.has(part))) continue;
    out.push(full);
    if (out.length >= 2000) break;
  }
  return out.sort();
}

/** A Markdown file: its key (path inside the source, `/`-separated) and where it is on disk. */
interface Listed {
  key: string;
  file: string;
}

/**
 * The Markdown files under base, by key. One folder at a time, keys built from the folder's key:
 * a recursive listing of 10,000 files held 10,000 entries at once, and path.relative per file
 * (which resolves both paths every call) was most of what a sync with nothing to do allocated.
 */
async function listMarkdown(root: string, base: string): Promise<Listed[]> {
  const out: Listed[] = [];
  const relative = path.relative(root, base).split(path.sep).join('/');
  const folders: { dir: string; prefix: string }[] = [{ dir: base, prefix: relative ? `${relative}/` : '' }];
  for (let folder = folders.pop(); folder; folder = folders.pop()) {
    const { dir, prefix } = folder;
    for (const entry of await fsp.readdir(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) folders.push({ dir: `${dir}${path.sep}${entry.name}`, prefix: `${prefix}${entry.name}/` });
      } else if (entry.isFile() && MARKDOWN_FILE.test(entry.name)) out.push({ key: prefix + entry.name, file: `${dir}${path.sep}${entry.name}` });
    }
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
