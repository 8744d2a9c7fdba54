import { z } from 'zod';

/**
 * Runbooks: the shapes that cross the contract and the settings section `runbookSources`.
 * Bodies never travel in the state slice; the renderer asks for one runbook at a time.
 */

const Id = z.string().min(1).max(200);
const Name = z.string().trim().min(1).max(120);
/**
 * Glob patterns over paths from the source's root (`content/runbooks/**`, `_index.md`): `include`,
 * when given, replaces the layout's defaults (only matches are imported); `exclude` leaves out matches.
 */
const Globs = z.array(z.string().trim().min(1).max(300)).max(50);
const PatternFields = { include: Globs.default([]), exclude: Globs.default([]) };
const NewPatternFields = { include: Globs.optional(), exclude: Globs.optional() };

export const FolderSourceSchema = z.object({
  id: Id,
  name: Name,
  kind: z.literal('folder'),
  path: z.string().min(1).max(4096),
  ...PatternFields,
});

export const GitSourceSchema = z.object({
  id: Id,
  name: Name,
  kind: z.literal('git'),
  /** https, ssh (`ssh://` or `user@host:path`), or a local path / file:// (tests, mirrors). */
  url: z.string().min(1).max(4096),
  branch: z.string().trim().max(200).default('main'),
  /** Only Markdown under this folder of the repository is imported; empty = whole repository. */
  subfolder: z.string().trim().max(1000).default(''),
  intervalMinutes: z.number().int().min(5).max(24 * 60).default(60),
  /** When the URL carries credentials: the full URL sealed by main's SecretBox; `url` then has none. */
  sealedUrl: z.string().max(16384).optional(),
  ...PatternFields,
});

export const SourceConfigSchema = z.discriminatedUnion('kind', [FolderSourceSchema, GitSourceSchema]);
export type SourceConfig = z.infer<typeof SourceConfigSchema>;
export type GitSourceConfig = z.infer<typeof GitSourceSchema>;
export type FolderSourceConfig = z.infer<typeof FolderSourceSchema>;

/** Persisted as the `runbookSources` section of the settings. */
export const RunbookSourcesSettingsSchema = z.object({
  sources: z.array(SourceConfigSchema).max(50).default([]),
  /** Runbook links added by hand (links seen in pages are remembered in the cache). */
  urls: z.array(z.string().max(8192)).max(5000).default([]),
  /** Links added by hand whose URL carries a token or credentials: each sealed by main's SecretBox, never in `urls`. */
  sealedUrls: z.array(z.string().max(16384)).max(5000).default([]),
  /** Lower-case alert name → runbook id the user pinned. */
  pins: z.record(z.string().max(500), Id).default({}),
});
export type RunbookSourcesSettings = z.infer<typeof RunbookSourcesSettingsSchema>;

/** The built-in source holding runbooks fetched from links (pages' runbook_url, or added by hand). */
export const LINKS_SOURCE_ID = 'links';

export const SourceStatusSchema = z.object({
  id: Id,
  name: z.string(),
  kind: z.enum(['folder', 'git', 'links']),
  /** Where it syncs from, with any credentials removed. */
  location: z.string(),
  status: z.enum(['idle', 'syncing', 'ok', 'error']),
  lastSyncAt: z.string().nullable(),
  lastError: z.string().nullable(),
  progress: z.object({ done: z.number(), total: z.number(), phase: z.string() }).nullable(),
  count: z.number(),
  /** Files left out, with why (too large, binary…). */
  skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
});
export type SourceStatus = z.infer<typeof SourceStatusSchema>;

export const RunbooksSliceSchema = z.object({
  sources: z.array(SourceStatusSchema),
  total: z.number(),
  /** False while the index is rebuilt at start. */
  indexReady: z.boolean(),
  /** Counts background link fetches that ended (stored, or failed for the first time): a view showing a page's match asks again when it changes. */
  linkUpdates: z.number(),
});
export type RunbooksSlice = z.infer<typeof RunbooksSliceSchema>;

export const RunbookSummarySchema = z.object({
  id: Id,
  title: z.string(),
  sourceId: z.string(),
  sourceName: z.string(),
  /** Path inside the source, or the URL. */
  location: z.string(),
  syncedAt: z.string(),
  stale: z.boolean(),
});
export type RunbookSummary = z.infer<typeof RunbookSummarySchema>;

export const SegmentSchema = z.object({ text: z.string(), mark: z.boolean() });
export type Segment = z.infer<typeof SegmentSchema>;

export const SearchHitSchema = RunbookSummarySchema.extend({
  score: z.number(),
  snippet: z.array(SegmentSchema),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

/** A relative link of the runbook (as written, percent-escapes decoded) and the runbook it names, when main found it. */
export const RunbookLinkSchema = z.object({ href: z.string(), runbookId: z.string().nullable(), anchor: z.string().nullable() });
export type RunbookLink = z.infer<typeof RunbookLinkSchema>;
/** An image of the runbook: a data: URL main built from a checked local file, or why it is not shown. */
export const RunbookImageSchema = z.object({ src: z.string(), dataUrl: z.string().startsWith('data:image/').nullable(), problem: z.string().nullable() });
export type RunbookImage = z.infer<typeof RunbookImageSchema>;

export const RunbookDocSchema = RunbookSummarySchema.extend({
  markdown: z.string(),
  frontMatter: z.array(z.object({ key: z.string(), value: z.string() })),
  /** Step texts ticked (in the context of the page when one is given). */
  stepsDone: z.array(z.string()),
  /** Something the reader should know (invalid UTF-8 replaced, last refresh failed…). */
  warnings: z.array(z.string()),
  /** The link to open in the browser, for runbooks fetched from a URL. */
  url: z.string().nullable(),
  /** Links to other runbooks of the same source (relative paths, Hugo refs), resolved by main. */
  links: z.array(RunbookLinkSchema).max(2000),
  /** Images from the runbook's own source, as checked data: URLs. */
  images: z.array(RunbookImageSchema).max(100),
});
export type RunbookDoc = z.infer<typeof RunbookDocSchema>;

/** Exact: pinned, url, alertname. Not exact: labels; and suggestions: similar (alert name), search. */
export const MatchReasonSchema = z.enum(['pinned', 'url', 'alertname', 'labels', 'similar', 'search']);
export type MatchReason = z.infer<typeof MatchReasonSchema>;
export const RunbookMatchSchema = RunbookSummarySchema.extend({
  reason: MatchReasonSchema,
  /** For a suggestion: the words it matched (why it is suggested). */
  matched: z.array(z.string()).optional(),
});
export type RunbookMatch = z.infer<typeof RunbookMatchSchema>;

export const PageContextSchema = z.object({
  pageId: z.string(),
  title: z.string(),
  alertName: z.string().nullable(),
  runbookUrl: z.string().nullable(),
});

export const RunbookForPageResultSchema = z.object({
  page: PageContextSchema.nullable(),
  best: RunbookMatchSchema.nullable(),
  alternatives: z.array(RunbookMatchSchema),
  /** Why the page's own runbook link can never be used (not an http(s) link). */
  urlError: z.string().nullable(),
  /** A quiet note on the page's link: being fetched in the background, or unreachable (the cached runbooks are shown). */
  linkNote: z.string().nullable(),
  /** The search the suggestions came from (the alert name's words and its summary): the search box starts with it. */
  query: z.string(),
});
export type RunbookForPageResult = z.infer<typeof RunbookForPageResultSchema>;

export const NewSourceSchema = z.discriminatedUnion('kind', [
  FolderSourceSchema.omit({ id: true }).extend(NewPatternFields),
  GitSourceSchema.omit({ id: true, sealedUrl: true }).extend(NewPatternFields),
]);
export type NewSource = z.infer<typeof NewSourceSchema>;

/** `KubePodCrashLooping`, `kube-pod-crash-looping.md`, `kube_pod_crashlooping` → `kubepodcrashlooping`. */
export function alertKey(name: string): string {
  return name
    .replace(/\.(md|markdown)$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

export { PAGE_FOCUS_PREFIX, RUNBOOK_FOCUS_PREFIX } from './focus';
