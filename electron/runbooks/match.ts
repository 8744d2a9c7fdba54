import { alertKey, LINKS_SOURCE_ID, type MatchReason, type RunbookForPageResult, type RunbookMatch, type RunbookSummary } from '../../shared/runbooks';
import { runbookId, type CatalogEntry, type RunbookCache } from './cache';
import type { PageInfo } from './journal-views';
import type { LinkState } from './sources/link';
import { suggestionQuery, type NameIndex } from './suggest';
import { isWebUrl } from '../../shared/url';
import { safePathOf } from './urls';

export interface MatchDeps {
  cache: Pick<RunbookCache, 'get' | 'search'>;
  /** The catalog by alert key, service, team and name words (kept current by the caller). */
  names: NameIndex;
  /** Lower-case alert name → the runbook id the user pinned. */
  pins: Record<string, string>;
  summarize(entry: CatalogEntry): RunbookSummary;
  /** Asks for a page's runbook link not yet cached, in the background; never waits. What is known of it now. */
  requestLink(url: string): LinkState;
}

/** At most this many suggestions (runbooks named like the alert, then search hits). */
const SUGGESTIONS = 5;

/**
 * The runbooks for a page, best first, from the cache alone (it never waits for the network): the
 * pinned one, the page's own link if cached, runbooks that name its alert (or the link's file name),
 * runbooks of its service or team, then suggestions with the words they matched. A link not yet
 * cached is fetched in the background; when it is stored, the slice says so and the view asks again.
 */
export function matchRunbooks(deps: MatchDeps, pageId: string, page: PageInfo | undefined): RunbookForPageResult {
  if (!page) return { page: null, best: null, alternatives: [], urlError: null, linkNote: null, query: '' };
  const alertName = page.labels.alertname ?? null;
  const found: RunbookMatch[] = [];
  const seen = new Set<string>();
  const add = (entry: CatalogEntry | undefined, reason: MatchReason, matched?: string[]) => {
    if (!entry || seen.has(entry.id)) return;
    seen.add(entry.id);
    found.push({ ...deps.summarize(entry), reason, ...(matched ? { matched } : {}) });
  };
  if (alertName) add(deps.cache.get(deps.pins[alertKey(alertName)] ?? ''), 'pinned');
  const link = page.runbookUrl && isWebUrl(page.runbookUrl) ? page.runbookUrl : null;
  const linked = link ? deps.cache.get(runbookId(LINKS_SOURCE_ID, link)) : undefined;
  add(linked, 'url');
  for (const [entry, reason] of namedOrLabelled(deps.names, page, alertName)) add(entry, reason);

  const query = suggestionQuery(alertName, page.summary, page.title);
  let suggested = 0;
  if (alertName) {
    for (const { entry, matched } of deps.names.similar(alertName, SUGGESTIONS)) {
      if (!seen.has(entry.id)) suggested++;
      add(entry, 'similar', matched);
    }
  }
  if (query) {
    for (const hit of deps.cache.search(query, SUGGESTIONS * 2)) {
      if (suggested >= SUGGESTIONS) break;
      if (!seen.has(hit.entry.id)) suggested++;
      add(hit.entry, 'search', [...new Set(hit.terms)].slice(0, 6));
    }
  }

  return {
    page: { pageId, title: page.title, alertName, runbookUrl: page.runbookUrl },
    best: found[0] ?? null,
    alternatives: found.slice(1, 12),
    urlError: page.runbookUrl && !link ? 'The page’s runbook link is not an http(s) link.' : null,
    linkNote: link ? linkNote(deps, link, linked, found.length > 0) : null,
    query,
  };
}

/** Quiet words on the page's link: fetched in the background, or unreachable with the cache shown instead. */
function linkNote(deps: MatchDeps, url: string, cached: CatalogEntry | undefined, shown: boolean): string | null {
  const instead = shown ? ', showing the cached runbook' : '';
  if (cached) return cached.lastError ? `Link unreachable (${cached.lastError})${instead}; the copy from the link is its last good one.` : null;
  const known = deps.requestLink(url);
  if (known.kind === 'fetching') return `Fetching the alert’s runbook link in the background${shown ? '; showing the cached runbook meanwhile' : ''}.`;
  if (known.kind === 'unreachable') return `Link unreachable (${known.message})${instead}.`;
  return null;
}

/** Runbooks naming the alert (or the link's file name), then up to 5 of the page's service or team. */
function namedOrLabelled(names: NameIndex, page: PageInfo, alertName: string | null): [CatalogEntry, MatchReason][] {
  const keys = new Set<string>();
  if (alertName) keys.add(alertKey(alertName));
  const slug = page.runbookUrl ? safePathOf(page.runbookUrl).split('/').filter(Boolean).pop() : undefined;
  if (slug) keys.add(alertKey(safeDecode(slug)));
  const named = new Set<CatalogEntry>();
  for (const key of keys) for (const entry of names.byAlert(key)) named.add(entry);
  const service = page.labels.service?.toLowerCase();
  const team = page.labels.team?.toLowerCase();
  // The service's runbooks first, then the team's.
  const byLabels = new Set<CatalogEntry>();
  for (const entry of [...(service ? names.byService(service) : []), ...(team ? names.byTeam(team) : [])]) {
    if (byLabels.size >= 5) break;
    if (!named.has(entry)) byLabels.add(entry);
  }
  return [...[...named].map((entry): [CatalogEntry, MatchReason] => [entry, 'alertname']), ...[...byLabels].map((entry): [CatalogEntry, MatchReason] => [entry, 'labels'])];
}

/** A link's file name as written: `%` that is not an escape stays as it is. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
