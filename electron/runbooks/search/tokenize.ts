/**
 * How runbook text becomes search terms, the same for indexing and for queries.
 *
 * - Words are runs of letters and digits; a CamelCase word (an alert name) is split into its words
 *   (`KubeletPodStartUpLatencyHigh` → kubelet, pod, start, latency, high) and adjacent pairs
 *   (startup, uplatency, …), so "crashloop" finds `KubePodCrashLooping` as a prefix of a pair.
 *   Parts shorter than 3 letters ("Up", "No") are never terms of their own: "disk filling up"
 *   must not find every `…StartUp…` runbook. They survive inside the pairs.
 * - A light plural stemmer (files → file, descriptors → descriptor) on both sides.
 * - Query words that carry no meaning ("too", "many", "up") are dropped when others remain.
 */
export const INDEX_VERSION = 12;

export interface IndexedDoc {
  id: string;
  title: string;
  /** Alert names (file name, declared alerts) as written, CamelCase intact: split into words. */
  names: string;
  headings: string;
  keywords: string;
  /** Whole alert keys, service and team: matched exactly, never as a prefix or with typos. */
  alerts: string;
}

/** Field numbers in postings, and how much a match in each counts. */
export const FIELDS = ['alerts', 'names', 'title', 'headings', 'keywords'] as const;
export type Field = (typeof FIELDS)[number];
export const BOOST: Record<Field, number> = { alerts: 6, names: 4, title: 4, headings: 2, keywords: 1 };

const WORD = /[\p{L}\p{N}]+/gu;
const CAMEL = /(?<=[\p{Ll}\p{N}])(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})/u;

export function stem(term: string): string {
  if (term.length > 4 && term.endsWith('ies')) return `${term.slice(0, -3)}y`;
  if (term.length > 3 && term.endsWith('s') && !/(?:ss|us|is|os)$/.test(term)) return term.slice(0, -1);
  return term;
}

/** The terms of one word as written (CamelCase split, pairs, stemmed). */
export function wordTerms(word: string, out: string[] = []): string[] {
  const parts = word.split(CAMEL).map((p) => p.toLowerCase());
  if (parts.length === 1) {
    if (parts[0].length >= 2) out.push(stem(parts[0]));
    return out;
  }
  // A two-word name is also a word of its own ("StartUp" → startup, "CrashLooping" → crashlooping).
  if (parts.length === 2) out.push(stem(parts.join('')));
  for (const part of parts) if (part.length >= 3 || /\p{N}/u.test(part)) out.push(stem(part));
  for (let i = 0; i + 1 < parts.length; i++) if (parts.length > 2) out.push(stem(parts[i] + parts[i + 1]));
  return out;
}

/** Terms of a text field (title, names, headings, keywords). */
export function textTerms(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(WORD)) wordTerms(match[0], out);
  return out;
}

/** Whole identifiers (alert keys, services, teams): lowercased, only trimmed of punctuation. */
export function exactTokens(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean);
}

/** Query words that say nothing about which runbook is meant. */
const QUERY_STOP = new Set(
  'a an and are as at be by can do does for from how i in into is it its keep keeps kept many me much my of on or our so the to too up very what when why with'.split(' '),
);

/**
 * Operations synonyms: each group's phrases mean the same to an on-call engineer. Written as typed;
 * compared after tokenising and stemming. Kept small and general on purpose.
 */
const SYNONYM_GROUPS: string[][] = [
  ['oom', 'out of memory', 'oomkilled', 'oom killed'],
  ['cert', 'certificate', 'certs'],
  ['fd', 'file descriptor', 'too many open files', 'open files'],
  ['disk', 'filesystem', 'fs'],
  ['full', 'filling up', 'out of space', 'no space left'],
  ['k8s', 'kubernetes', 'kube'],
  ['db', 'database'],
  ['pg', 'postgres', 'postgresql'],
  ['mem', 'memory', 'ram'],
  ['crashloop', 'crash loop', 'crashloopbackoff', 'keeps restarting', 'restart loop'],
  ['imagepullbackoff', 'image pull backoff', 'errimagepull', 'image pull error'],
  ['dns', 'name resolution', 'coredns'],
  ['ntp', 'time sync', 'chrony'],
  ['hpa', 'horizontal pod autoscaler', 'autoscaler'],
  ['apiserver', 'api server', 'kube api'],
  ['expired', 'expiring', 'expiry', 'expiration', 'expire'],
  ['error', 'err', 'errs'],
  ['fail', 'failed', 'failing', 'failure'],
  ['slow', 'latency'],
  ['down', 'unreachable', 'unavailable'],
  ['stuck', 'not progressing', 'hung'],
  ['throttling', 'throttled'],
  ['completion', 'complete', 'completed', 'not completed'],
  ['replica', 'replication', 'standby'],
];

/** A query word's terms: a CamelCase word asks for each of its words (a two-word one, for itself). */
function queryWordTerms(word: string): string[] {
  const parts = word.split(CAMEL).map((p) => p.toLowerCase());
  if (parts.length <= 2) return parts.join('').length >= 2 ? [stem(parts.join(''))] : [];
  return parts.filter((p) => p.length >= 3 || /\p{N}/u.test(p)).map(stem);
}

/** A phrase as terms (stemmed words, CamelCase split). */
function phraseTerms(phrase: string): string[] {
  return [...phrase.toLowerCase().matchAll(WORD)].map((m) => stem(m[0]));
}

const SYNONYMS: { terms: string[]; group: number }[] = SYNONYM_GROUPS.flatMap((group, g) => group.map((phrase) => ({ terms: phraseTerms(phrase), group: g })))
  // Longest phrases first, so "too many open files" wins over "open files".
  .sort((a, b) => b.terms.length - a.terms.length);

/** One thing the query asks for: the words as typed, or any of their synonyms. */
export interface Concept {
  /** Each alternative is a list of terms; the first is what was typed. */
  alternatives: string[][];
  /** Whether the last word (being typed) is this concept's last term: it may match as a prefix. */
  typing: boolean;
}

/** A query as concepts: synonym phrases grouped, meaningless words dropped, CamelCase split. */
export function queryConcepts(query: string): Concept[] {
  const words = [...query.matchAll(WORD)].map((m) => m[0]);
  const lower = words.map((w) => stem(w.toLowerCase()));
  const concepts: Concept[] = [];
  const meaningful = words.some((w) => !QUERY_STOP.has(w.toLowerCase()));
  for (let i = 0; i < words.length; ) {
    const match = SYNONYMS.find(({ terms }) => terms.length > 0 && terms.every((t, k) => lower[i + k] === t));
    const last = i + (match?.terms.length ?? 1) === words.length;
    if (match) {
      const others = SYNONYMS.filter((s) => s.group === match.group && s !== match).map((s) => s.terms);
      concepts.push({ alternatives: [match.terms, ...others], typing: false });
      i += match.terms.length;
      continue;
    }
    const word = words[i];
    i++;
    if (meaningful && QUERY_STOP.has(word.toLowerCase())) continue;
    const terms = queryWordTerms(word);
    if (terms.length === 0) continue;
    concepts.push({ alternatives: [terms], typing: last && terms.length === 1 });
  }
  return concepts;
}
