import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Handlers } from '../router';
import { UserError } from '../user-error';
import { viaField } from '../caller';
import type { Journal } from '../journal';
import type { Projected } from '../projection';
import { splitUrlSecrets, type SecretBox } from '../secrets';
import { alertKey, LINKS_SOURCE_ID, type RunbookDoc, type RunbookImage, type RunbookLink, type RunbookForPageResult, type RunbookSummary, type SearchHit, type SourceConfig } from '../../shared/runbooks';
import type { CatalogEntry, RunbookCache } from './cache';
import type { SourcesConfig } from './config';
import { stepsKey } from './journal-views';
import type { SyncScheduler } from './scheduler';
import type { StatusBoard } from './status';
import type { FolderWatchers } from './sources/folder';
import type { LinkSource } from './sources/link';
import { cloneDir, sourceRoot } from './sync';
import { isLayoutKey, rewriteShortcodes } from './parse';
import { detectLayout } from './layout';
import { loadImages, resolveLinks, sourceKeys } from './references';
import { checkFolder, checkGitLocation } from './locations';
import { errorText } from '../../shared/errors';
import { isWebUrl } from '../../shared/url';

export type RunbookHandlers = Pick<
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

const SNIPPETS_PER_SEARCH = 10;

export interface ReadingDeps {
  /** `<dataDir>/runbooks` (git clones, for a runbook's images). */
  dir: string;
  cache: RunbookCache;
  config: SourcesConfig;
  links: LinkSource;
  journal: Pick<Journal, 'append'>;
  steps: Projected<Map<string, Map<string, boolean>>>;
  summarize(entry: CatalogEntry): RunbookSummary;
  forPage(pageId: string): Promise<RunbookForPageResult>;
  copyText(text: string): Promise<void>;
}

type ReadingHandlers = Omit<RunbookHandlers, 'runbookSourceAdd' | 'runbookSourceRemove' | 'runbookSync' | 'runbookSyncCancel'>;

function requireEntry(cache: RunbookCache, id: string): CatalogEntry {
  const entry = cache.get(id);
  if (!entry) throw new UserError('That runbook is not in the cache (its source may have been removed).');
  return entry;
}

/** Search, read, match, pin, add a link, tick a step, copy. */
export function readingHandlers(deps: ReadingDeps): ReadingHandlers {
  const { cache, config, summarize } = deps;
  return {
    runbookSearch: ({ query, limit }) => {
      // Snippets need the body from disk: the top hits get one, the rest show title and source.
      const hits: SearchHit[] = cache.search(query, limit ?? 20).map((hit, i) => ({
        ...summarize(hit.entry),
        score: hit.score,
        snippet: i < SNIPPETS_PER_SEARCH ? cache.snippet(hit.entry.id, hit.terms, query) : [],
      }));
      return { hits };
    },
    runbookList: ({ sourceId }) => {
      const entries = sourceId ? cache.bySource(sourceId) : [...cache.entries()];
      const runbooks = entries
        .map(summarize)
        .sort((a, b) => a.title.localeCompare(b.title, undefined, { numeric: true }))
        .slice(0, 500);
      return { runbooks, total: entries.length };
    },
    runbookGet: ({ id, pageId }) => readRunbook(deps, id, pageId),
    runbookForPage: ({ pageId }) => deps.forPage(pageId),
    runbookPin: ({ alertName, runbookId: id }) => {
      const key = alertKey(alertName);
      if (!key) throw new UserError('An alert name is needed to pin a runbook.');
      const pins = { ...config.get().pins };
      if (id) {
        requireEntry(cache, id);
        pins[key] = id;
      } else delete pins[key];
      config.save({ ...config.get(), pins });
      return { ok: true as const };
    },
    runbookAddUrl: async ({ url }) => {
      if (!isWebUrl(url)) throw new UserError('A runbook link must be an http or https URL.');
      if (!config.get().urls.includes(url)) config.save({ ...config.get(), urls: [...config.get().urls, url] });
      try {
        return summarize(await deps.links.ensure(url));
      } catch (error) {
        throw new UserError(`Could not fetch the runbook: ${errorText(error)}`);
      }
    },
    runbookStepDone: async ({ runbookId: id, step, done, pageId }) => {
      const entry = requireEntry(cache, id);
      await deps.journal.append('runbook.step.done', { runbookId: id, runbookTitle: entry.title.slice(0, 500), step: step.slice(0, 4096), done, pageId, ...viaField() });
      return { ok: true as const };
    },
    runbookCopy: async ({ text }) => {
      await deps.copyText(text);
      return { ok: true as const };
    },
  };
}

async function readRunbook(deps: ReadingDeps, id: string, pageId: string | undefined): Promise<RunbookDoc> {
  const entry = requireEntry(deps.cache, id);
  const stored = deps.cache.doc(id);
  if (stored === null) throw new UserError('The cached copy of this runbook is missing; sync its source again.');
  const ticks = deps.steps.get().get(stepsKey(id, pageId));
  // Copies cached before shortcodes were rewritten at import are rewritten here (idempotent).
  const markdown = rewriteShortcodes(stored.markdown);
  const source = deps.config.get().sources.find((s) => s.id === entry.sourceId);
  let links: RunbookLink[] = [];
  let images: RunbookImage[] = [];
  if (source) {
    const root = sourceRoot(deps.dir, source);
    const layout = await detectLayout(root, source.kind === 'git' ? source.subfolder : '');
    links = resolveLinks(markdown, entry.key, sourceKeys(deps.cache.bySource(entry.sourceId)), layout);
    images = await loadImages(markdown, entry.key, root, layout);
  } else {
    images = await loadImages(markdown, entry.key, null, { kind: 'plain', siteRoot: '', contentRoots: [''], staticRoots: [] });
  }
  return {
    ...deps.summarize(entry),
    markdown,
    links,
    images,
    frontMatter: stored.frontMatter.filter(({ key }) => !isLayoutKey(key)),
    stepsDone: ticks ? [...ticks].filter(([, done]) => done).map(([step]) => step) : [],
    warnings: [...stored.warnings, ...(entry.lastError ? [`The last refresh failed: ${entry.lastError}. This is the last good copy.`] : [])],
    url: entry.sourceId === LINKS_SOURCE_ID && isWebUrl(entry.key) ? entry.key : null,
  };
}

export interface SourceHandlerDeps {
  dir: string;
  cache: RunbookCache;
  config: SourcesConfig;
  status: StatusBoard;
  scheduler: SyncScheduler;
  watchers: FolderWatchers;
  secretBox: SecretBox;
  /** The home folder `~` stands for (tests give their own). */
  home?: string;
}

/** Add, remove, sync and cancel runbook sources. */
export function sourceHandlers(deps: SourceHandlerDeps): Pick<RunbookHandlers, 'runbookSourceAdd' | 'runbookSourceRemove' | 'runbookSync' | 'runbookSyncCancel'> {
  const { cache, config, status, scheduler } = deps;
  return {
    runbookSourceAdd: async (source) => {
      const full = await newSource(deps, source);
      config.save({ ...config.get(), sources: [...config.get().sources, full] });
      status.add(full);
      status.publish();
      if (full.kind === 'folder') scheduler.startSource(full);
      else void scheduler.start(full.id);
      return { id: full.id };
    },
    runbookSourceRemove: async ({ id }) => {
      if (!config.get().sources.some((s) => s.id === id)) throw new UserError('There is no such runbook source.');
      await scheduler.stop(id);
      deps.watchers.close(id);
      config.save({ ...config.get(), sources: config.get().sources.filter((s) => s.id !== id) });
      for (const entry of cache.bySource(id)) await cache.remove(entry.id);
      await cache.save();
      await fsp.rm(cloneDir(deps.dir, id), { recursive: true, force: true });
      status.delete(id);
      status.publish();
      return { ok: true as const };
    },
    runbookSync: ({ sourceId }) => {
      if (!status.has(sourceId)) throw new UserError('There is no such runbook source.');
      void scheduler.start(sourceId);
      return { ok: true as const };
    },
    runbookSyncCancel: ({ sourceId }) => {
      scheduler.cancel(sourceId);
      return { ok: true as const };
    },
  };
}

/**
 * A source as configured: with an id, its location checked (see locations.ts: `~` expanded, relative
 * paths and missing folders or repositories refused), and a git URL's credentials sealed apart from it.
 */
async function newSource(deps: SourceHandlerDeps, source: Parameters<RunbookHandlers['runbookSourceAdd']>[0]): Promise<SourceConfig> {
  if (deps.config.get().sources.some((s) => s.name.toLowerCase() === source.name.toLowerCase())) {
    throw new UserError(`There is already a runbook source called “${source.name}”.`);
  }
  const id = `src-${crypto.randomBytes(6).toString('hex')}`;
  const patterns = { include: source.include ?? [], exclude: source.exclude ?? [] };
  if (source.kind === 'folder') return { ...source, ...patterns, id, path: await checkFolder(source.path, deps.home) };
  const url = await checkGitLocation(source.url, source.branch, deps.home);
  if (source.subfolder.split(/[\\/]+/).includes('..') || path.isAbsolute(source.subfolder)) {
    throw new UserError('The subfolder is a folder inside the repository (e.g. content/runbooks), not a path outside it.');
  }
  // A token in the URL (user-info or query) is stored only sealed; the plain config keeps the URL without it.
  const { bare, hasSecrets } = splitUrlSecrets(url);
  return hasSecrets ? { ...source, ...patterns, id, url: bare, sealedUrl: deps.secretBox.encrypt(url) } : { ...source, ...patterns, id, url };
}
