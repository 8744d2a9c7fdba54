import { alertKey } from '../../../shared/runbooks';
import type { SearchIndex } from './engine';
import { addCommonMatches, type CommonList } from './keywords';
import { exactTokens, queryConcepts } from './tokenize';

export type Scored = Map<string, { score: number; terms: string[] }>;

/** Runbook ids matching a query, best first, with the terms that matched. */
export function searchRunbooks(idx: SearchIndex, common: Map<string, CommonList>, query: string): [string, { score: number; terms: string[] }][] {
  const trimmed = query.trim().slice(0, 200);
  if (!trimmed) return [];
  // A word that is a whole alert name, service or team also matches as that identifier.
  const words = exactTokens(trimmed);
  const identifiers = [...new Set([...words, ...words.map(alertKey)])].filter(Boolean);
  const scored: Scored = new Map(idx.search(queryConcepts(trimmed), identifiers));
  addCommonMatches(common, trimmed, scored);
  return [...scored].sort((a, b) => b[1].score - a[1].score);
}
