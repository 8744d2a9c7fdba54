import type { CatalogEntry } from './cache';

/**
 * Suggestions for a page without an exact runbook: words of its alert name (CamelCase, snake_case,
 * kebab-case split), its summary, and runbooks whose names share most of those words, even when
 * renamed since (`KubeJobNotCompleted` alert, `KubeJobCompletion.md` runbook).
 */

/** Words too common to say anything in a summary (or an alert name: `…NotCompleted`). */
const STOP = new Set(
  'a an and are as at be been but by for from has have in into is it its of on or than that the this to was were will with not no more less over under is are being which there their'.split(' '),
);

/** `KubeJobNotCompleted` → kube job not completed; `node_disk-full2XL` → node disk full 2 xl. */
export function splitWords(text: string): string[] {
  return text
    .replace(/\.(md|markdown)$/i, '')
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .replace(/(\p{L})(\p{N})/gu, '$1 $2')
    .replace(/(\p{N})(\p{L})/gu, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** The search a page's suggestions come from: its alert name's words, then the summary's (or the title's). */
export function suggestionQuery(alertName: string | null, summary: string | null, title: string): string {
  const words: string[] = [];
  const add = (word: string) => {
    if (!words.includes(word) && words.length < 12) words.push(word);
  };
  const named = alertName ? splitWords(alertName) : [];
  for (const word of named) if (!STOP.has(word)) add(word);
  const text = summary ?? (named.length === 0 ? title : '');
  // Summaries carry instance names and numbers ("pod payments-api-7d9f", "12 hours"): words only.
  for (const word of splitWords(text)) if (word.length > 1 && !STOP.has(word) && /^\p{L}+$/u.test(word)) add(word);
  return words.join(' ');
}

/** A word without its inflection: completed, completion → complet; failing, failed → fail. */
export function stem(word: string): string {
  const m = /^(.{3,}?)(?:ations?|ions?|ings?|ed|es|ers?|ments?|s)$/.exec(word);
  return m && m[1].length >= 3 ? m[1] : word;
}

/** Two words are the same for suggestions when equal or of one stem (completed, completion); startup is not start. */
export function sameWord(a: string, b: string): boolean {
  return a === b || stem(a) === stem(b);
}

const namesOf = new WeakMap<CatalogEntry, string[]>();

/** The words of a runbook's name: its title and its file's name. */
function nameWords(entry: CatalogEntry): string[] {
  let words = namesOf.get(entry);
  if (!words) {
    const file = entry.key.split(/[\\/]/).filter(Boolean).pop() ?? '';
    words = [...new Set([...splitWords(entry.title), ...splitWords(file)])];
    namesOf.set(entry, words);
  }
  return words;
}

/**
 * Runbooks named like the alert: at least two of its (meaningful) words, and most of them, found in
 * the runbook's title or file name. Best first, with the words that matched.
 */
export function similarlyNamed(entries: Iterable<CatalogEntry>, alertName: string, limit: number): { entry: CatalogEntry; matched: string[] }[] {
  const words = [...new Set(splitWords(alertName).filter((w) => !STOP.has(w)))];
  if (words.length < 2) return [];
  const found: { entry: CatalogEntry; matched: string[]; score: number }[] = [];
  for (const entry of entries) {
    const names = nameWords(entry);
    const matched: string[] = [];
    for (const word of words) {
      const hit = names.find((n) => sameWord(word, n));
      if (hit) matched.push(hit);
    }
    if (matched.length < 2 || matched.length * 3 < words.length * 2) continue;
    // Names that say the same in fewer extra words are closer.
    found.push({ entry, matched, score: matched.length / words.length - (names.length - matched.length) * 0.01 });
  }
  return found
    .sort((a, b) => b.score - a.score || a.entry.title.localeCompare(b.entry.title))
    .slice(0, limit)
    .map(({ entry, matched }) => ({ entry, matched }));
}
