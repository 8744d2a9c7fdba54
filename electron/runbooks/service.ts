import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Handlers } from '../router';
import { UserError } from '../user-error';
import type { FeatureContext } from '../services';
import type { Timer } from '../clock';
import { project, type Projection } from '../projection';
import { redactUrl } from '../secrets';
import type { JournalRecord } from '../../shared/events';
import {
  alertKey,
  LINKS_SOURCE_ID,
  RunbookSourcesSettingsSchema,
  type MatchReason,
  type RunbookDoc,
  type RunbookForPageResult,
  type RunbookMatch,
  type RunbookSourcesSettings,
  type RunbookSummary,
  type SearchHit,
  type SourceConfig,
  type SourceStatus,
} from '../../shared/runbooks';
import { openRunbookCache, runbookId, type CatalogEntry, type RunbookCache } from './cache';
import { decodeRunbook, parseMarkdown, rawRunbookUrl, RefusedError } from './parse';
import { describeGitUrl, syncRepository } from './git';
import { fetchRunbook, type FetchFn } from './fetch';
import { errorText } from '../../shared/errors';
import { isWebUrl } from '../../shared/url';
import { defineSection } from '../settings';

type RunbookHandlers = Pick<
  Handlers,
  | 'runbookSearch'
  | 'runbookList'
  | 'runbookGet'
  | 'runbookForPage'
  | 'runbookPin'
  | 'runbookSourceAdd'
  | 'runbookSourceRemove'
  | 'runbookSync'
  | 'runbookSyncCancel'
  | 'runbookAddUrl'
  | 'runbookStepDone'
  | 'runbookCopy'
>;

export interface RunbooksOptions {
  fetch?: FetchFn;
  /** A copy older than this is shown as stale. */
  staleAfterMs?: number;
  /** How often links are refreshed with a conditional GET. */
  linkRefreshMs?: number;
  /** Delay before the first scheduled git sync after start. */
  firstGitSyncMs?: number;
  watchDebounceMs?: number;
  gitTimeoutMs?: number;
  fetchTimeoutMs?: number;
}

export interface Runbooks {
  handlers: RunbookHandlers;
  cache: RunbookCache;
  /** Resolves when the sync running (or queued) for a source ends. */
  sync(sourceId: string): Promise<void>;
  idle(): Promise<void>;
  dispose(): Promise<void>;
}

interface PageInfo {
  pageId: string;
  title: string;
  labels: Record<string, string>;
  runbookUrl: string | null;
}

const pagesProjection: Projection<Map<string, PageInfo>> = {
  initial: () => new Map(),
  apply(state, record) {
    if (record.type === 'page.received') {
      const data = (record as JournalRecord<'page.received'>).data;
      state.set(data.pageId, {
        pageId: data.pageId,
        title: data.title,
        labels: data.labels,
        runbookUrl: data.runbookUrl ?? data.annotations.runbook_url ?? data.annotations.runbook ?? null,
      });
    }
    return state;
  },
};

/** Ticked steps per runbook and page: `${runbookId}\0${pageId}` → step → done. */
const stepsProjection: Projection<Map<string, Map<string, boolean>>> = {
  initial: () => new Map(),
  apply(state, record) {
    if (record.type === 'runbook.step.done') {
      const data = (record as JournalRecord<'runbook.step.done'>).data;
      const key = `${data.runbookId}\0${data.pageId ?? ''}`;
      const steps = state.get(key) ?? new Map<string, boolean>();
      steps.set(data.step, data.done);
      state.set(key, steps);
    }
    return state;
  },
};

const MARKDOWN_FILE = /\.(md|markdown)$/i;
const SKIP_DIRS = new Set(['.git', 'node_modules', '.github']);
export const runbookSourcesSection = defineSection({
  key: 'runbookSources',
  schema: RunbookSourcesSettingsSchema,
  label: 'runbook sources',
  fallback: 'Baton started without them; add them again.',
});
const SNIPPETS_PER_SEARCH = 10;

export async function createRunbooks(ctx: FeatureContext, options: RunbooksOptions = {}): Promise<Runbooks> {
  const { clock, log, hub, journal } = ctx;
  const fetchFn = options.fetch ?? fetch;
  const staleAfterMs = options.staleAfterMs ?? 24 * 3600_000;
  const dir = path.join(ctx.deps.dataDir, 'runbooks');
  const iso = () => new Date(clock.now()).toISOString();

  let config = readConfig();
  const status = new Map<string, SourceStatus>();
  const running = new Map<string, { abort: AbortController; done: Promise<void> }>();
  const timers = new Map<string, Timer>();
  const watchers = new Map<string, { key: string; close(): void }>();
  const inflightLinks = new Map<string, Promise<CatalogEntry>>();
  let disposed = false;
  let indexReady = false;

  const { cache, rebuilt } = await openRunbookCache(dir);
  if (rebuilt) log.warn(`runbooks: rebuilt the search index (${rebuilt})`);
  indexReady = true;

  const pages = project(journal, pagesProjection, (_state, record) => {
    if (record.type !== 'page.received') return;
    const page = pages.get().get((record as JournalRecord<'page.received'>).data.pageId);
    if (page?.runbookUrl && isWebUrl(page.runbookUrl) && !cache.get(runbookId(LINKS_SOURCE_ID, page.runbookUrl))) {
      ensureLink(page.runbookUrl).catch((error: unknown) => log.warn(`runbooks: could not fetch the runbook of page ${page.pageId}`, error));
    }
  });
  const steps = project(journal, stepsProjection);

  function readConfig(): RunbookSourcesSettings {
    return ctx.settings.read(runbookSourcesSection);
  }

  function saveConfig(next: RunbookSourcesSettings): void {
    config = ctx.settings.write(runbookSourcesSection, next);
  }

  function initialStatus(source: SourceConfig | null): SourceStatus {
    const id = source?.id ?? LINKS_SOURCE_ID;
    const entries = cache.bySource(id);
    const last = entries.reduce<string | null>((acc, e) => (acc === null || e.syncedAt > acc ? e.syncedAt : acc), null);
    return {
      id,
      name: source?.name ?? 'Links from pages',
      kind: source?.kind ?? 'links',
      location: !source ? 'runbook_url of pages, and links added by hand' : source.kind === 'git' ? `${describeGitUrl(source.url)} (${source.branch}${source.subfolder ? `, ${source.subfolder}` : ''})` : source.path,
      status: 'idle',
      lastSyncAt: last,
      lastError: null,
      progress: null,
      count: entries.length,
      skipped: [],
    };
  }

  function publish(): void {
    if (disposed) return;
    const sources = [LINKS_SOURCE_ID, ...config.sources.map((s) => s.id)].map((id) => status.get(id)).filter((s): s is SourceStatus => !!s);
    hub.set('runbooks', { sources, total: cache.size(), indexReady });
  }

  function setStatus(id: string, patch: Partial<SourceStatus>): void {
    const current = status.get(id);
    if (!current) return;
    status.set(id, { ...current, ...patch });
    publish();
  }

  for (const source of config.sources) status.set(source.id, initialStatus(source));
  status.set(LINKS_SOURCE_ID, initialStatus(null));
  publish();

  // ── syncing ──

  function startSync(sourceId: string): Promise<void> {
    const existing = running.get(sourceId);
    if (existing) return existing.done;
    const abort = new AbortController();
    const done = runSync(sourceId, abort.signal).finally(() => {
      running.delete(sourceId);
      schedule(sourceId);
    });
    running.set(sourceId, { abort, done });
    return done;
  }

  async function runSync(sourceId: string, signal: AbortSignal): Promise<void> {
    const source = config.sources.find((s) => s.id === sourceId);
    if (!source && sourceId !== LINKS_SOURCE_ID) return;
    setStatus(sourceId, { status: 'syncing', progress: { done: 0, total: 0, phase: 'starting' }, lastError: null });
    try {
      let skipped: SourceStatus['skipped'] = [];
      if (!source) await refreshLinks(signal);
      else if (source.kind === 'folder') {
        skipped = await importFolder(source.id, source.path, '', signal);
        await watchFolder(source);
      }
      else {
        const repoDir = path.join(dir, 'git', safeName(source.id));
        setStatus(sourceId, { progress: { done: 0, total: 0, phase: 'fetching from git' } });
        const url = source.sealedUrl ? ctx.deps.secretBox.decrypt(source.sealedUrl) : source.url;
        await syncRepository(url, source.branch, repoDir, { signal, timeoutMs: options.gitTimeoutMs });
        skipped = await importFolder(source.id, repoDir, source.subfolder, signal);
      }
      if (cache.changedSinceReindex() > Math.max(200, cache.size() * 0.2)) {
        // Many new runbooks change which terms are distinctive: pick every runbook's keywords again.
        setStatus(sourceId, { progress: { done: 0, total: cache.size(), phase: 'indexing' } });
        await cache.reindex((done, total) => setStatus(sourceId, { progress: { done, total, phase: 'indexing' } }), signal);
      }
      await cache.save();
      setStatus(sourceId, { status: 'ok', lastSyncAt: iso(), progress: null, count: cache.bySource(sourceId).length, skipped, lastError: null });
    } catch (error) {
      await cache.save().catch((e: unknown) => log.error('runbooks: could not save the cache', e));
      const message = signal.aborted ? 'Sync cancelled; the runbooks synced before are kept.' : errorText(error);
      log.warn(`runbooks: sync of ${sourceId} failed`, message);
      setStatus(sourceId, { status: 'error', lastError: message, progress: null, count: cache.bySource(sourceId).length });
    }
  }

  /** Imports every Markdown file under root/subfolder; removes runbooks whose file is gone. */
  async function importFolder(sourceId: string, root: string, subfolder: string, signal: AbortSignal): Promise<SourceStatus['skipped']> {
    const base = path.resolve(root, subfolder);
    if (!base.startsWith(path.resolve(root))) throw new UserError('The subfolder must stay inside the repository.');
    let files: string[];
    try {
      files = await listMarkdown(base);
    } catch (error) {
      throw new Error(`${base} could not be read (${(error as NodeJS.ErrnoException).code ?? errorText(error)}); the runbooks synced before are kept`);
    }
    const skipped: SourceStatus['skipped'] = [];
    const seen = new Set<string>();
    const syncedAt = iso();
    let lastReport = 0;
    for (const [i, file] of files.entries()) {
      if (signal.aborted) throw new Error('cancelled');
      const key = path.relative(root, file).split(path.sep).join('/');
      const id = runbookId(sourceId, key);
      try {
        const stat = await fsp.stat(file);
        const known = cache.get(id);
        if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) {
          // Unchanged since the last import: confirmed without reading it again.
          cache.touch(id, { syncedAt });
          seen.add(id);
        } else {
          const bytes = await fsp.readFile(file);
          const { text, warnings } = decodeRunbook(bytes);
          const parsed = parseMarkdown(text, path.basename(file).replace(MARKDOWN_FILE, ''));
          parsed.warnings.unshift(...warnings);
          await cache.put(sourceId, key, parsed, syncedAt, { mtimeMs: stat.mtimeMs, size: stat.size });
          seen.add(id);
        }
      } catch (error) {
        if (skipped.length < 50) skipped.push({ path: key, reason: error instanceof RefusedError ? error.message : errorText(error) });
        // A file that became unreadable keeps its last good copy.
        if (!(error instanceof RefusedError)) seen.add(id);
      }
      if (i + 1 === files.length || clock.now() - lastReport > 100 || (i + 1) % 200 === 0) {
        lastReport = clock.now();
        setStatus(sourceId, { progress: { done: i + 1, total: files.length, phase: 'importing' } });
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    for (const entry of cache.bySource(sourceId)) if (!seen.has(entry.id)) await cache.remove(entry.id);
    return skipped;
  }

  async function refreshLinks(signal: AbortSignal): Promise<void> {
    const urls = [...new Set([...config.urls, ...cache.bySource(LINKS_SOURCE_ID).map((e) => e.key)])];
    const failures: string[] = [];
    for (const [i, url] of urls.entries()) {
      if (signal.aborted) throw new Error('cancelled');
      setStatus(LINKS_SOURCE_ID, { progress: { done: i, total: urls.length, phase: 'fetching links' } });
      try {
        await fetchLink(url, signal);
      } catch (error) {
        failures.push(errorText(error));
      }
    }
    if (failures.length > 0) {
      throw new Error(`${failures.length} of ${urls.length} link(s) could not be refreshed (last good copies kept): ${failures.slice(0, 3).join('; ')}`);
    }
  }

  /** Fetches a link once at a time; the last good copy survives any failure. */
  function ensureLink(url: string): Promise<CatalogEntry> {
    const existing = inflightLinks.get(url);
    if (existing) return existing;
    const promise = fetchLink(url).finally(() => inflightLinks.delete(url));
    inflightLinks.set(url, promise);
    return promise;
  }

  async function fetchLink(url: string, signal?: AbortSignal): Promise<CatalogEntry> {
    const id = runbookId(LINKS_SOURCE_ID, url);
    const previous = cache.get(id);
    const fetchUrl = rawRunbookUrl(url);
    try {
      const outcome = await fetchRunbook(
        fetchFn,
        fetchUrl,
        previous && previous.fetchUrl === fetchUrl ? { etag: previous.etag, lastModified: previous.lastModified } : { etag: null, lastModified: null },
        { signal, timeoutMs: options.fetchTimeoutMs },
      );
      if (outcome.kind === 'unchanged' && previous) {
        cache.touch(id, { syncedAt: iso(), lastError: null });
      } else if (outcome.kind === 'fetched') {
        const stem = decodeURIComponent(new URL(outcome.finalUrl).pathname.split('/').filter(Boolean).pop() ?? url);
        const parsed = parseMarkdown(outcome.text, stem);
        parsed.warnings.unshift(...outcome.warnings);
        await cache.put(LINKS_SOURCE_ID, url, parsed, iso(), { etag: outcome.etag, lastModified: outcome.lastModified, fetchUrl, lastError: null });
      }
      await cache.save();
      setStatus(LINKS_SOURCE_ID, { count: cache.bySource(LINKS_SOURCE_ID).length, lastSyncAt: iso() });
      if (!timers.has(LINKS_SOURCE_ID) && !running.has(LINKS_SOURCE_ID)) schedule(LINKS_SOURCE_ID);
      return cache.get(id)!;
    } catch (error) {
      const message = errorText(error);
      if (previous) {
        cache.touch(id, { lastError: message });
        await cache.save();
      }
      publish();
      throw new Error(message, { cause: error });
    }
  }

  function hasLinks(): boolean {
    return config.urls.length > 0 || cache.bySource(LINKS_SOURCE_ID).length > 0;
  }

  function schedule(sourceId: string): void {
    if (disposed) return;
    const existing = timers.get(sourceId);
    if (existing) clock.clearTimeout(existing);
    const source = config.sources.find((s) => s.id === sourceId);
    let delay: number | null = null;
    // Links are refreshed only once there are some: an idle Baton keeps no timer for nothing.
    if (sourceId === LINKS_SOURCE_ID) delay = hasLinks() ? (options.linkRefreshMs ?? 3600_000) : null;
    else if (source?.kind === 'git') delay = source.intervalMinutes * 60_000;
    if (delay === null) return;
    const timer = clock.setTimeout(() => {
      timers.delete(sourceId);
      void startSync(sourceId);
    }, delay);
    timer.unref?.();
    timers.set(sourceId, timer);
  }

  /**
   * Watches a folder source for changes (debounced into a sync). Linux has no recursive inotify:
   * Node emulates it with one watcher and a stat per FILE, which for 10k runbooks is 10k watches
   * and a busy start. Baton watches each directory instead (inotify reports its files' changes)
   * and refreshes that set after every sync; elsewhere the native recursive watch is used.
   */
  async function watchFolder(source: SourceConfig): Promise<void> {
    if (source.kind !== 'folder' || disposed) return;
    const dirs = process.platform === 'linux' ? await listDirectories(source.path).catch(() => [source.path]) : [source.path];
    if (disposed || !config.sources.some((s) => s.id === source.id)) return;
    const existing = watchers.get(source.id);
    const key = dirs.join('\0');
    if (existing?.key === key) return;
    existing?.close();
    let debounce: Timer | null = null;
    const handles: fs.FSWatcher[] = [];
    const onChange = (_event: string, name: string | Buffer | null) => {
      if (name && !MARKDOWN_FILE.test(String(name)) && String(name).includes('.')) return;
      if (debounce) clock.clearTimeout(debounce);
      debounce = clock.setTimeout(() => void startSync(source.id), options.watchDebounceMs ?? 500);
    };
    for (const dir of dirs) {
      try {
        const watcher = fs.watch(dir, { recursive: process.platform !== 'linux' }, onChange);
        watcher.on('error', (error) => {
          log.warn(`runbooks: stopped watching ${dir}`, error);
          setStatus(source.id, { lastError: `Stopped watching the folder for changes (${errorText(error)}); use Sync now to refresh.` });
        });
        handles.push(watcher);
      } catch (error) {
        log.warn(`runbooks: cannot watch ${dir}`, error);
      }
    }
    watchers.set(source.id, {
      key,
      close: () => {
        if (debounce) clock.clearTimeout(debounce);
        for (const watcher of handles) watcher.close();
      },
    });
  }

  function startSource(source: SourceConfig): void {
    if (source.kind === 'folder') {
      void startSync(source.id);
    } else {
      const timer = clock.setTimeout(() => {
        timers.delete(source.id);
        void startSync(source.id);
      }, options.firstGitSyncMs ?? 10_000);
      timer.unref?.();
      timers.set(source.id, timer);
    }
  }

  for (const source of config.sources) startSource(source);
  schedule(LINKS_SOURCE_ID);

  // ── reading and matching ──

  function summary(entry: CatalogEntry): RunbookSummary {
    const source = status.get(entry.sourceId);
    const age = clock.now() - Date.parse(entry.syncedAt);
    return {
      id: entry.id,
      title: entry.title,
      sourceId: entry.sourceId,
      sourceName: source?.name ?? entry.sourceId,
      location: entry.sourceId === LINKS_SOURCE_ID ? redactUrl(entry.key).replace(/\/…$/, '') + safePathOf(entry.key) : entry.key,
      syncedAt: entry.syncedAt,
      stale: age > staleAfterMs || entry.lastError !== null || source?.status === 'error',
    };
  }

  function requireEntry(id: string): CatalogEntry {
    const entry = cache.get(id);
    if (!entry) throw new UserError('That runbook is not in the cache (its source may have been removed).');
    return entry;
  }

  async function forPage(pageId: string): Promise<RunbookForPageResult> {
    const page = pages.get().get(pageId);
    if (!page) return { page: null, best: null, alternatives: [], urlError: null };
    const alertName = page.labels.alertname ?? null;
    const found: RunbookMatch[] = [];
    const seen = new Set<string>();
    const add = (entry: CatalogEntry | undefined, reason: MatchReason) => {
      if (!entry || seen.has(entry.id)) return;
      seen.add(entry.id);
      found.push({ ...summary(entry), reason });
    };
    let urlError: string | null = null;
    if (alertName) add(cache.get(config.pins[alertKey(alertName)] ?? ''), 'pinned');
    if (page.runbookUrl) {
      if (!isWebUrl(page.runbookUrl)) urlError = 'The page’s runbook link is not an http(s) link.';
      else {
        let entry = cache.get(runbookId(LINKS_SOURCE_ID, page.runbookUrl));
        if (!entry) {
          try {
            entry = await ensureLink(page.runbookUrl);
          } catch (error) {
            urlError = errorText(error);
          }
        } else if (entry.lastError) urlError = `${entry.lastError} (showing the last good copy)`;
        add(entry, 'url');
      }
    }
    const keys = new Set<string>();
    if (alertName) keys.add(alertKey(alertName));
    const slug = page.runbookUrl ? safePathOf(page.runbookUrl).split('/').filter(Boolean).pop() : undefined;
    if (slug) keys.add(alertKey(decodeURIComponent(slug)));
    const service = page.labels.service?.toLowerCase();
    const team = page.labels.team?.toLowerCase();
    const byLabels: CatalogEntry[] = [];
    for (const entry of cache.entries()) {
      if (entry.alerts.some((a) => keys.has(a))) add(entry, 'alertname');
      else if ((service && entry.service === service) || (team && entry.team === team)) byLabels.push(entry);
    }
    byLabels.sort((a, b) => Number(b.service === service) - Number(a.service === service));
    for (const entry of byLabels.slice(0, 5)) add(entry, 'labels');
    const query = [alertName ?? '', service ?? ''].join(' ').trim() || page.title;
    for (const hit of cache.search(query, 5)) add(hit.entry, 'search');
    return { page: { pageId, title: page.title, alertName, runbookUrl: page.runbookUrl }, best: found[0] ?? null, alternatives: found.slice(1, 9), urlError };
  }

  // ── handlers ──

  const handlers: RunbookHandlers = {
    runbookSearch: ({ query, limit }) => {
      // Snippets need the body from disk: the top hits get one, the rest show title and source.
      const hits: SearchHit[] = cache.search(query, limit ?? 20).map((hit, i) => ({
        ...summary(hit.entry),
        score: hit.score,
        snippet: i < SNIPPETS_PER_SEARCH ? cache.snippet(hit.entry.id, hit.terms, query) : [],
      }));
      return { hits };
    },
    runbookList: ({ sourceId }) => {
      const entries = sourceId ? cache.bySource(sourceId) : [...cache.entries()];
      const runbooks = entries
        .map(summary)
        .sort((a, b) => a.title.localeCompare(b.title, undefined, { numeric: true }))
        .slice(0, 500);
      return { runbooks, total: entries.length };
    },
    runbookGet: ({ id, pageId }) => {
      const entry = requireEntry(id);
      const stored = cache.doc(id);
      if (stored === null) throw new UserError('The cached copy of this runbook is missing; sync its source again.');
      const ticks = steps.get().get(`${id}\0${pageId ?? ''}`);
      const doc: RunbookDoc = {
        ...summary(entry),
        markdown: stored.markdown,
        frontMatter: stored.frontMatter,
        stepsDone: ticks ? [...ticks].filter(([, done]) => done).map(([step]) => step) : [],
        warnings: [...stored.warnings, ...(entry.lastError ? [`The last refresh failed: ${entry.lastError}. This is the last good copy.`] : [])],
        url: entry.sourceId === LINKS_SOURCE_ID && isWebUrl(entry.key) ? entry.key : null,
      };
      return doc;
    },
    runbookForPage: ({ pageId }) => forPage(pageId),
    runbookPin: ({ alertName, runbookId: id }) => {
      const key = alertKey(alertName);
      if (!key) throw new UserError('An alert name is needed to pin a runbook.');
      const pins = { ...config.pins };
      if (id) {
        requireEntry(id);
        pins[key] = id;
      } else delete pins[key];
      saveConfig({ ...config, pins });
      return { ok: true as const };
    },
    runbookSourceAdd: (source) => {
      if (config.sources.some((s) => s.name.toLowerCase() === source.name.toLowerCase())) {
        throw new UserError(`There is already a runbook source called “${source.name}”.`);
      }
      if (source.kind === 'folder' && !path.isAbsolute(source.path)) throw new UserError('Give the folder as a full path.');
      const id = `src-${crypto.randomBytes(6).toString('hex')}`;
      let full: SourceConfig;
      if (source.kind === 'git') {
        checkGitUrl(source.url);
        // A token in the URL is stored only sealed; the plain config keeps the URL without it.
        const bare = withoutCredentials(source.url);
        full = bare === source.url ? { ...source, id } : { ...source, id, url: bare, sealedUrl: ctx.deps.secretBox.encrypt(source.url) };
      } else full = { ...source, id };
      saveConfig({ ...config, sources: [...config.sources, full] });
      status.set(full.id, initialStatus(full));
      publish();
      if (full.kind === 'folder') startSource(full);
      else void startSync(full.id);
      return { id: full.id };
    },
    runbookSourceRemove: async ({ id }) => {
      if (!config.sources.some((s) => s.id === id)) throw new UserError('There is no such runbook source.');
      running.get(id)?.abort.abort();
      await running.get(id)?.done;
      watchers.get(id)?.close();
      watchers.delete(id);
      const timer = timers.get(id);
      if (timer) clock.clearTimeout(timer);
      timers.delete(id);
      saveConfig({ ...config, sources: config.sources.filter((s) => s.id !== id) });
      for (const entry of cache.bySource(id)) await cache.remove(entry.id);
      await cache.save();
      await fsp.rm(path.join(dir, 'git', safeName(id)), { recursive: true, force: true });
      status.delete(id);
      publish();
      return { ok: true as const };
    },
    runbookSync: ({ sourceId }) => {
      if (!status.has(sourceId)) throw new UserError('There is no such runbook source.');
      void startSync(sourceId);
      return { ok: true as const };
    },
    runbookSyncCancel: ({ sourceId }) => {
      running.get(sourceId)?.abort.abort();
      return { ok: true as const };
    },
    runbookAddUrl: async ({ url }) => {
      if (!isWebUrl(url)) throw new UserError('A runbook link must be an http or https URL.');
      if (!config.urls.includes(url)) saveConfig({ ...config, urls: [...config.urls, url] });
      try {
        return summary(await ensureLink(url));
      } catch (error) {
        throw new UserError(`Could not fetch the runbook: ${errorText(error)}`);
      }
    },
    runbookStepDone: async ({ runbookId: id, step, done, pageId }) => {
      const entry = requireEntry(id);
      await journal.append('runbook.step.done', { runbookId: id, runbookTitle: entry.title.slice(0, 500), step: step.slice(0, 4096), done, pageId });
      return { ok: true as const };
    },
    runbookCopy: ({ text }) => {
      ctx.deps.copyText(text);
      return { ok: true as const };
    },
  };

  async function idle(): Promise<void> {
    while (running.size > 0 || inflightLinks.size > 0) {
      await Promise.allSettled([...[...running.values()].map((r) => r.done), ...inflightLinks.values()]);
    }
  }

  return {
    handlers,
    cache,
    sync: startSync,
    idle,
    async dispose() {
      disposed = true;
      for (const run of running.values()) run.abort.abort();
      await idle();
      for (const timer of timers.values()) clock.clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      pages.dispose();
      steps.dispose();
      await cache.save().catch((error: unknown) => log.error('runbooks: could not save the cache', error));
    },
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

async function listMarkdown(base: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await fsp.readdir(base, { withFileTypes: true, recursive: true });
  for (const entry of entries) {
    if (!entry.isFile() || !MARKDOWN_FILE.test(entry.name)) continue;
    const full = path.join(entry.parentPath, entry.name);
    if (path.relative(base, full).split(path.sep).some((part) => SKIP_DIRS.has(part))) continue;
    out.push(full);
  }
  return out.sort();
}

function checkGitUrl(url: string): void {
  if (/^-/.test(url) || /^ext::|^fd::/i.test(url)) throw new UserError('That git URL is not allowed.');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    const protocol = url.slice(0, url.indexOf(':')).toLowerCase();
    if (!['https', 'http', 'ssh', 'git', 'file'].includes(protocol)) throw new UserError(`Baton clones over https, ssh, git or file, not ${protocol}.`);
  }
}

function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}

function safeName(id: string): string {
  return id.replace(/[^a-zA-Z0-9_-]/g, '_');
}

function safePathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}
