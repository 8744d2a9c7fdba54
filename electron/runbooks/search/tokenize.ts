import MiniSearch from 'minisearch';

/**
 * How runbooks are indexed and queried: the MiniSearch fields, tokenizers and search options.
 */
export const INDEX_VERSION = 10;
const SEARCH_FIELDS = ['title', 'headings', 'keywords', 'alerts'];
/** Searched with prefix and typo tolerance. */
const TEXT_FIELDS = ['title', 'headings', 'keywords'];

export interface IndexedDoc {
  id: string;
  title: string;
  headings: string;
  keywords: string;
  /** Whole alert keys, service and team: matched exactly, never as a prefix (there is one per runbook). */
  alerts: string;
}

export function newIndex(): MiniSearch<IndexedDoc> {
  return new MiniSearch<IndexedDoc>(indexOptions);
}

/**
 * In titles and headings a CamelCase alert name is indexed as its parts and adjacent pairs
 * (`KubePodCrashLooping` → kube, pod, crash, looping, podcrash, crashlooping), so "crashloop"
 * finds it as a prefix without one unique term per runbook; the whole name goes to `alerts`.
 * Queries (no field name) are split on anything that is not a letter or digit.
 */
export const ALERT_MARK = '~';

export function exactTokens(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean);
}

function tokenize(text: string, field?: string): string[] {
  // Alert keys, services and teams are whole identifiers (`~payments-api`), kept apart so a prefix
  // search never walks one unique key per runbook.
  if (field === 'alerts') return exactTokens(text).map((w) => ALERT_MARK + w);
  const words = text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (field === undefined || field === 'keywords') return words;
  const out: string[] = [];
  for (const word of words) {
    const parts = word.split(/(?<=[\p{Ll}\p{N}])(?=\p{Lu})/u);
    if (parts.length <= 2) {
      out.push(word);
      if (parts.length === 2) out.push(...parts);
      continue;
    }
    out.push(...parts);
    // The leading pair (kubepod) is left out: it is shared by a whole family of alerts, so it would
    // only double what a prefix search walks; the whole name is in `alerts`.
    for (let i = 1; i + 1 < parts.length; i++) out.push(parts[i] + parts[i + 1]);
  }
  return out;
}

/** MiniSearch's term tree (not public API; minisearch is pinned). Absent → no typo or frequency shortcuts. */
export function termIndex(index: MiniSearch<IndexedDoc>): { has(term: string): boolean; get(term: string): Map<number, Map<number, number>> | undefined } | undefined {
  return (index as unknown as { _index?: ReturnType<typeof termIndex> })._index;
}

/** In how many runbooks a term occurs in any field (at most). */
function documentFrequency(index: MiniSearch<IndexedDoc>, term: string): number {
  const fields = termIndex(index)?.get(term);
  let most = 0;
  if (fields) for (const docs of fields.values()) most = Math.max(most, docs.size);
  return most;
}

/**
 * Words of the query worth searching: one that is in more than a fifth of all runbooks ("api",
 * "service") ranks nothing but costs the most, so it is dropped when the query has other words.
 */
export function selectiveQuery(index: MiniSearch<IndexedDoc>, query: string): string {
  const words = tokenize(query).map((w) => w.toLowerCase());
  if (words.length < 2) return words.join(' ');
  const limit = Math.max(50, index.documentCount * 0.2);
  const selective = words.filter((w) => documentFrequency(index, w) <= limit);
  return (selective.length > 0 ? selective : words).join(' ');
}

export const indexOptions = {
  idField: 'id',
  fields: SEARCH_FIELDS,
  tokenize,
  storeFields: [] as string[],
  searchOptions: {
    boost: { title: 4, alerts: 6, headings: 2, keywords: 1 },
  },
  autoVacuum: { minDirtCount: 200, minDirtFactor: 0.2, batchSize: 2000, batchWait: 5 },
};

/**
 * Search options for one index: the word being typed (the last, 3+ letters) matches as a prefix;
 * a word the index does not know (a typo) matches within one or two edits. Known words are not
 * expanded, which keeps common queries cheap.
 */
export function searchOptionsFor(index: MiniSearch<IndexedDoc>) {
  const known = (term: string) => (termIndex(index)?.has(term) || termIndex(index)?.has(ALERT_MARK + term)) ?? false;
  return {
    fields: TEXT_FIELDS,
    prefix: (term: string, i: number, all: string[]) => i === all.length - 1 && term.length >= 4,
    fuzzy: (term: string) => (term.length >= 4 && !known(term) ? (term.length >= 8 ? 0.25 : 0.2) : false),
    maxFuzzy: 2,
  };
}

