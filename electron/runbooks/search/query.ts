import type MiniSearch from 'minisearch';
import type { SearchResult } from 'minisearch';
import { addCommonMatches, type CommonPosting } from './keywords';
import { ALERT_MARK, exactTokens, searchOptionsFor, selectiveQuery, termIndex, type IndexedDoc } from './tokenize';

export type Scored = Map<string, { score: number; terms: string[] }>;

/** Runbook ids matching a query, best first, with the terms that matched. */
export function searchRunbooks(idx: MiniSearch<IndexedDoc>, common: Map<string, CommonPosting[]>, query: string): [string, { score: number; terms: string[] }][] {
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
  const scored: Scored = new Map();
  for (const result of [...results, ...exact]) {
    const hit = scored.get(result.id as string);
    const terms = result.terms.map((t) => t.replace(ALERT_MARK, ''));
    if (hit) hit.score += result.score;
    else scored.set(result.id as string, { score: result.score, terms });
  }
  addCommonMatches(common, trimmed, scored);
  return [...scored].sort((a, b) => b[1].score - a[1].score);
}
