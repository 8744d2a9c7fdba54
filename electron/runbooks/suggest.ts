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

/** Per runbook (its entry object, replaced when it changes): the stems of its name's words → the word. */
const namesOf = new WeakMap<CatalogEntry, Map<string, string>>();

/** The words of a runbook's name (its title and its file's name), by stem. */
function nameStems(entry: CatalogEntry): Map<string, string> {
  let stems = namesOf.get(entry);
  if (!stems) {
    const file = entry.key.split(/[\\/]/).filter(Boolean).pop() ?? '';
    stems = new Map();
    for (const word of [...splitWords(entry.title), ...splitWords(file)]) if (!stems.has(stem(word))) stems.set(stem(word), word);
    namesOf.set(entry, stems);
  }
  return stems;
}

/** Runbooks by alert key, service, team and the stems of their names: opening a page looks up, it does not scan. */
export interface NameIndex {
  byAlert(key: string): readonly CatalogEntry[];
  byService(service: string): readonly CatalogEntry[];
  byTeam(team: string): readonly CatalogEntry[];
  /**
   * Runbooks named like the alert: at least two of its (meaningful) words, and two thirds of them,
   * found in the runbook's title or file name. Best first, with the words that matched.
   */
  similar(alertName: string, limit: number): { entry: CatalogEntry; matched: string[] }[];
}

/** Built from the catalog in one pass; rebuilt (on the next open) after the cache changed. */
export function buildNameIndex(entries: Iterable<CatalogEntry>): NameIndex {
  const alerts = new Map<string, CatalogEntry[]>();
  const services = new Map<string, CatalogEntry[]>();
  const teams = new Map<string, CatalogEntry[]>();
  const stems = new Map<string, CatalogEntry[]>();
  const push = (map: Map<string, CatalogEntry[]>, key: string, entry: CatalogEntry) => {
    const list = map.get(key);
    if (list) list.push(entry);
    else map.set(key, [entry]);
  };
  for (const entry of entries) {
    for (const key of new Set(entry.alerts)) push(alerts, key, entry);
    if (entry.service) push(services, entry.service, entry);
    if (entry.team) push(teams, entry.team, entry);
    for (const stemmed of nameStems(entry).keys()) push(stems, stemmed, entry);
  }
  return {
    byAlert: (key) => alerts.get(key) ?? [],
    byService: (service) => services.get(service) ?? [],
    byTeam: (team) => teams.get(team) ?? [],
    similar(alertName, limit) {
      const wanted = [...new Set(splitWords(alertName).filter((w) => !STOP.has(w)).map(stem))];
      if (wanted.length < 2) return [];
      const needed = Math.max(2, Math.ceil((wanted.length * 2) / 3));
      // A runbook with `needed` of the words has one of the n - needed + 1 rarest: only those are
      // walked ("kube" is in most names of a Kubernetes repository, "completion" in one or two).
      const rarest = [...wanted].sort((a, b) => (stems.get(a)?.length ?? 0) - (stems.get(b)?.length ?? 0));
      const candidates = new Set<CatalogEntry>();
      for (const s of rarest.slice(0, wanted.length - needed + 1)) for (const entry of stems.get(s) ?? []) candidates.add(entry);
      const found: { entry: CatalogEntry; matched: string[]; score: number }[] = [];
      for (const entry of candidates) {
        const names = nameStems(entry);
        const matched: string[] = [];
        for (const s of wanted) {
          const word = names.get(s);
          if (word !== undefined) matched.push(word);
        }
        if (matched.length < needed) continue;
        // Names that say the same in fewer extra words are closer.
        found.push({ entry, matched, score: matched.length / wanted.length - (names.size - matched.length) * 0.01 });
      }
      return found
        .sort((a, b) => b.score - a.score || a.entry.title.localeCompare(b.entry.title))
        .slice(0, limit)
        .map(({ entry, matched }) => ({ entry, matched }));
    },
  };
}
