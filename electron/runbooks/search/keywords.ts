import type { CatalogEntry, StoredDoc } from '../cache/catalog';
import type { IndexedDoc } from './tokenize';

const STOP = new Set(
  'the and for are but not you all any can had her was one our out has him his how its may new now old see two who did get let put say she too use that with have this will your from they been were when what into than then them some such also just only more most must over very well each which while would could should there their these those about after again before being below between both does doing down during from further here once other same under until where why yes'.split(
    ' ',
  ),
);
const STOP_LONGEST = Math.max(...[...STOP].map((w) => w.length));
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const BODY_CAMEL = /\p{Ll}\p{Lu}/u;
const CAMEL_SPLIT = /(?<=[\p{Ll}\p{N}])(?=\p{Lu})/u;

/** Whether a code point is a letter or a digit (ASCII answered without a regular expression). */
function letterOrDigit(cp: number): boolean {
  if (cp < 128) return (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122);
  return LETTER_OR_DIGIT.test(String.fromCodePoint(cp));
}

function codePointAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff ? (text.codePointAt(i) ?? c) : c;
}

/**
 * Body terms worth indexing and their counts: words of letters and digits (with - and _ inside,
 * not first), 3–40 long, not stop words or bare numbers; a CamelCase name counts as its parts too.
 * The hottest loop of an import (once per body: the result is stored with it), so words are
 * found by scanning characters, not by a regular expression match per word.
 */
export function bodyTerms(markdown: string): Map<string, number> {
  const counts = new Map<string, number>();
  const count = (term: string) => {
    if (term.length < 3 || term.length > 40 || (term.length <= STOP_LONGEST && STOP.has(term)) || isNumber(term)) return;
    counts.set(term, (counts.get(term) ?? 0) + 1);
  };
  const n = markdown.length;
  let i = 0;
  while (i < n) {
    const cp = codePointAt(markdown, i);
    i += cp > 0xffff ? 2 : 1;
    if (!letterOrDigit(cp)) continue;
    const start = i - (cp > 0xffff ? 2 : 1);
    // Whether the word may change when lowercased (an ASCII capital, or anything not ASCII).
    let cased = cp >= 65 && cp <= 90 ? true : cp >= 128;
    while (i < n) {
      const c = codePointAt(markdown, i);
      if (c !== 45 && c !== 95 && !letterOrDigit(c)) break;
      if ((c >= 65 && c <= 90) || c >= 128) cased = true;
      i += c > 0xffff ? 2 : 1;
    }
    if (i - start < 3) continue;
    const word = markdown.slice(start, i);
    if (!cased) {
      count(word);
      continue;
    }
    const lower = word.toLowerCase();
    count(lower);
    if (lower !== word && BODY_CAMEL.test(word)) for (const part of word.split(CAMEL_SPLIT)) count(part.toLowerCase());
  }
  return counts;
}

function isNumber(term: string): boolean {
  for (let i = 0; i < term.length; i++) {
    const c = term.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export const KEYWORDS_PER_RUNBOOK = 24;
/** Body terms used by more than this share of runbooks are not indexed from bodies. */
const COMMON_TERM_SHARE = 0.3;

/** How many runbooks use each body term (document frequency). */
export interface TermStats {
  docs: number;
  df: Map<string, number>;
  dirty: boolean;
}

/**
 * A common word's short list: runbook ids and their weights, best first, as two parallel arrays
 * (an array of [id, weight] pairs cost an array and a boxed number per runbook on the list).
 */
export interface CommonList {
  ids: string[];
  weights: number[];
}
const COMMON_LIST_SIZE = 200;

/**
 * Body terms with their counts: as counted (a Map), or as stored with the body, one string
 * "term count term count …" (terms never hold spaces) read without building a Map.
 */
export type TermCounts = ReadonlyMap<string, number> | string;

export function termsText(terms: ReadonlyMap<string, number>): string {
  const parts: string[] = [];
  for (const [term, count] of terms) parts.push(term, String(count));
  return parts.join(' ');
}

export function forEachTerm(terms: TermCounts, visit: (term: string, count: number) => void): void {
  if (typeof terms !== 'string') {
    for (const [term, count] of terms) visit(term, count);
    return;
  }
  let at = 0;
  while (at < terms.length) {
    const space = terms.indexOf(' ', at);
    if (space < 0) return;
    let count = 0;
    let end = space + 1;
    for (let c = terms.charCodeAt(end); c >= 48 && c <= 57; c = terms.charCodeAt(++end)) count = count * 10 + (c - 48);
    visit(terms.slice(at, space), count);
    at = end + 1;
  }
}

/**
 * The body terms that best tell this runbook apart from the others (tf × idf), and the common
 * words it uses with their weight (how much of the runbook is about them).
 */
export function pickKeywords(
  body: string,
  stats: Pick<TermStats, 'docs' | 'df'>,
  limit = KEYWORDS_PER_RUNBOOK,
  own: ReadonlySet<string> = new Set(),
): { keywords: string[]; common: [string, number][] } {
  return pickFromTerms(bodyTerms(body), stats, limit, own);
}

export function pickFromTerms(
  counts: TermCounts,
  stats: Pick<TermStats, 'docs' | 'df'>,
  limit = KEYWORDS_PER_RUNBOOK,
  own: ReadonlySet<string> = new Set(),
): { keywords: string[]; common: [string, number][] } {
  const scored: [string, number][] = [];
  const commonTerms: [string, number][] = [];
  const n = Math.max(1, stats.docs);
  let total = 0;
  forEachTerm(counts, (term, tf) => {
    total += tf;
    // The runbook's own alert names are matched exactly in `alerts`; as keywords they would be one
    // unique term per runbook for every prefix search to walk.
    if (own.has(term)) return;
    const df = stats.df.get(term) ?? 1;
    // A word in most runbooks ("check", "kubectl") tells none apart: it goes to the short lists
    // (weighed below, once the body's total is known).
    if (n >= 100 && df / n > COMMON_TERM_SHARE) commonTerms.push([term, tf]);
    else scored.push([term, (1 + Math.log(tf)) * Math.log((n + 1) / df)]);
  });
  const norm = Math.sqrt(total);
  for (const common of commonTerms) common[1] /= norm;
  scored.sort((a, b) => b[1] - a[1]);
  return { keywords: scored.slice(0, limit).map(([term]) => term), common: commonTerms };
}

export function addCommon(common: Map<string, CommonList>, id: string, terms: [string, number][]): void {
  for (const [term, raw] of terms) {
    const weight = Math.round(raw * 1000) / 1000;
    let list = common.get(term);
    if (!list) common.set(term, (list = { ids: [], weights: [] }));
    const { ids, weights } = list;
    if (ids.length >= COMMON_LIST_SIZE && weight <= weights[weights.length - 1]) continue;
    // After the last weight not below this one (binary search: lists are sorted, best first).
    let low = 0;
    let high = ids.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (weights[mid] < weight) high = mid;
      else low = mid + 1;
    }
    const at = low;
    ids.splice(at, 0, id);
    weights.splice(at, 0, weight);
    if (ids.length > COMMON_LIST_SIZE) {
      ids.pop();
      weights.pop();
    }
  }
}

export function dropCommon(common: Map<string, CommonList>, id: string): void {
  for (const list of common.values()) {
    const at = list.ids.indexOf(id);
    if (at >= 0) {
      list.ids.splice(at, 1);
      list.weights.splice(at, 1);
    }
  }
}

/** Query words that are common words add the runbooks on their short lists (below title matches). */
export function addCommonMatches(common: Map<string, CommonList>, query: string, scored: Map<string, { score: number; terms: string[] }>): void {
  const words = query.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}_-]*/gu) ?? [];
  for (const [i, word] of words.entries()) {
    const terms = common.has(word) ? [word] : i === words.length - 1 && word.length >= 3 ? [...common.keys()].filter((t) => t.startsWith(word)).slice(0, 5) : [];
    for (const term of terms) {
      const { ids, weights } = common.get(term)!;
      const top = weights[0] || 1;
      for (const [i, id] of ids.entries()) {
        const weight = weights[i];
        const hit = scored.get(id) ?? { score: 0, terms: [] };
        hit.score += 1 + weight / top;
        if (!hit.terms.includes(term)) hit.terms.push(term);
        scored.set(id, hit);
      }
    }
  }
}

/** A runbook as the index takes it; `terms` are its body terms (stored with the body, counted once). */
export function toIndexed(
  entry: CatalogEntry,
  doc: Pick<StoredDoc, 'headings' | 'frontMatter'>,
  terms: TermCounts,
  stats: TermStats,
  common: Map<string, CommonList>,
): IndexedDoc {
  const picked = pickFromTerms(terms, stats, KEYWORDS_PER_RUNBOOK, new Set(entry.alerts));
  addCommon(common, entry.id, picked.common);
  return {
    id: entry.id,
    title: entry.title,
    // The file name (often the alert name) and declared alert names, as written: split into words.
    names: [fileStem(entry.key), ...declaredAlerts(doc)].join(' '),
    headings: doc.headings.join(' \n'),
    keywords: picked.keywords.join(' '),
    alerts: [...entry.alerts, entry.service ?? '', entry.team ?? ''].join(' '),
  };
}
const ALERT_FIELDS = new Set(['alert', 'alertname', 'alerts', 'alert_name']);

/** Alert names from the front matter as written (the catalog keeps them only normalised). */
function declaredAlerts(doc: Pick<StoredDoc, 'frontMatter'>): string[] {
  return doc.frontMatter.filter((f) => ALERT_FIELDS.has(f.key.toLowerCase())).map((f) => f.value.slice(0, 1000));
}

function fileStem(key: string): string {
  return (key.split('/').pop() ?? '').replace(/\.(md|markdown)$/i, '');
}

