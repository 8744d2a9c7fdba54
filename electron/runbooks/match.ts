import { alertKey, LINKS_SOURCE_ID, type MatchReason, type RunbookForPageResult, type RunbookMatch, type RunbookSummary } from '../../shared/runbooks';
import { runbookId, type CatalogEntry, type RunbookCache } from './cache';
import type { PageInfo } from './journal-views';
import { errorText } from '../../shared/errors';
import { isWebUrl } from '../../shared/url';
import { safePathOf } from './urls';

export interface MatchDeps {
  cache: Pick<RunbookCache, 'get' | 'entries' | 'search'>;
  /** Lower-case alert name → the runbook id the user pinned. */
  pins: Record<string, string>;
  summarize(entry: CatalogEntry): RunbookSummary;
  /** Fetches a page's runbook link not yet in the cache. */
  ensureLink(url: string): Promise<CatalogEntry>;
}

/**
 * The runbooks for a page, best first: the pinned one, the page's own link, runbooks that name its
 * alert (or the link's file name), runbooks of its service or team, then a search.
 */
export async function matchRunbooks(deps: MatchDeps, pageId: string, page: PageInfo | undefined): Promise<RunbookForPageResult> {
  if (!page) return { page: null, best: null, alternatives: [], urlError: null };
  const alertName = page.labels.alertname ?? null;
  const found: RunbookMatch[] = [];
  const seen = new Set<string>();
  const add = (entry: CatalogEntry | undefined, reason: MatchReason) => {
    if (!entry || seen.has(entry.id)) return;
    seen.add(entry.id);
    found.push({ ...deps.summarize(entry), reason });
  };
  if (alertName) add(deps.cache.get(deps.pins[alertKey(alertName)] ?? ''), 'pinned');
  const byUrl = page.runbookUrl ? await linkedRunbook(deps, page.runbookUrl) : { entry: undefined, urlError: null };
  if (page.runbookUrl && isWebUrl(page.runbookUrl)) add(byUrl.entry, 'url');
  for (const [entry, reason] of namedOrLabelled(deps.cache, page, alertName)) add(entry, reason);
  const service = page.labels.service?.toLowerCase();
  const query = [alertName ?? '', service ?? ''].join(' ').trim() || page.title;
  for (const hit of deps.cache.search(query, 5)) add(hit.entry, 'search');
  return {
    page: { pageId, title: page.title, alertName, runbookUrl: page.runbookUrl },
    best: found[0] ?? null,
    alternatives: found.slice(1, 9),
    urlError: byUrl.urlError,
  };
}

/** The runbook at the page's link: cached, or fetched now; a failure is told, never thrown. */
async function linkedRunbook(deps: MatchDeps, url: string): Promise<{ entry: CatalogEntry | undefined; urlError: string | null }> {
  if (!isWebUrl(url)) return { entry: undefined, urlError: 'The page’s runbook link is not an http(s) link.' };
  const cached = deps.cache.get(runbookId(LINKS_SOURCE_ID, url));
  if (cached) return { entry: cached, urlError: cached.lastError ? `${cached.lastError} (showing the last good copy)` : null };
  try {
    return { entry: await deps.ensureLink(url), urlError: null };
  } catch (error) {
    return { entry: undefined, urlError: errorText(error) };
  }
}

/** Runbooks naming the alert (or the link's file name), then up to 5 of the page's service or team. */
function namedOrLabelled(cache: MatchDeps['cache'], page: PageInfo, alertName: string | null): [CatalogEntry, MatchReason][] {
  const keys = new Set<string>();
  if (alertName) keys.add(alertKey(alertName));
  const slug = page.runbookUrl ? safePathOf(page.runbookUrl).split('/').filter(Boolean).pop() : undefined;
  if (slug) keys.add(alertKey(decodeURIComponent(slug)));
  const service = page.labels.service?.toLowerCase();
  const team = page.labels.team?.toLowerCase();
  const named: [CatalogEntry, MatchReason][] = [];
  const byLabels: CatalogEntry[] = [];
  for (const entry of cache.entries()) {
    if (entry.alerts.some((a) => keys.has(a))) named.push([entry, 'alertname']);
    else if ((service && entry.service === service) || (team && entry.team === team)) byLabels.push(entry);
  }
  byLabels.sort((a, b) => Number(b.service === service) - Number(a.service === service));
  return [...named, ...byLabels.slice(0, 5).map((entry): [CatalogEntry, MatchReason] => [entry, 'labels'])];
}
