import { BOOST, FIELDS, INDEX_VERSION, exactTokens, textTerms, type Concept, type IndexedDoc } from './tokenize';

/**
 * The runbook search index: an inverted index from term to postings, small enough to keep in
 * memory for 10,000 runbooks (a few MB) and saved as one binary file that loads without building
 * an object per posting (no JSON string of megabytes, no parse peak that stays in the resident set).
 *
 * A posting is one number: doc × 128 + field × 16 + term frequency (capped at 15). Removed runbooks
 * leave their postings behind until the index is next written (which compacts it); searches skip them.
 * Scoring is BM25 per field with field boosts (alert names and titles over headings over body keywords).
 */
const K1 = 1.2;
const B = 0.6;
const MAX_TF = 15;
const FIELD_COUNT = FIELDS.length;
const FIELD_INDEX = Object.fromEntries(FIELDS.map((f, i) => [f, i])) as Record<(typeof FIELDS)[number], number>;
const ALERTS = FIELD_INDEX.alerts;
const BOOSTS = FIELDS.map((f) => BOOST[f]);
/** How much a term found by prefix or by a typo counts against the word typed. */
const PREFIX_WEIGHT = 0.6;
const FUZZY_WEIGHT = 0.5;
const SYNONYM_WEIGHT = 0.8;
const MAX_EXPANSIONS = 30;

const MAGIC = 'baton-runbook-index';

export interface Hit {
  score: number;
  terms: string[];
}

export class SearchIndex {
  /** Doc number → runbook id (null once removed). */
  private ids: (string | null)[] = [];
  private byId = new Map<string, number>();
  /** Per field, per doc: how many terms the field has. */
  private lengths: number[][] = FIELDS.map(() => []);
  private lengthSums = new Array<number>(FIELD_COUNT).fill(0);
  private live = 0;
  /** Postings of terms added or changed since the index was read. */
  private postings = new Map<string, number[]>();
  /**
   * Postings as read from index.bin: one typed array (outside the JS heap) and where each term's
   * run starts. Loading builds no array per term, so a start does not push megabytes of
   * long-lived objects through the young generation (which then stays large and resident).
   * A term that gets a new posting moves to `postings`.
   */
  private frozen = new Map<string, number>();
  private starts = new Uint32Array(1);
  private flat = new Uint32Array(0);
  /** All terms sorted, for prefixes and typos; rebuilt when a new term arrives. */
  private sorted: string[] | null = null;
  private masks: Int32Array | null = null;

  get documentCount(): number {
    return this.live;
  }

  /** Postings of removed runbooks still held (compacted when written). */
  get garbage(): number {
    return this.ids.length - this.live;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  add(doc: IndexedDoc): void {
    if (this.byId.has(doc.id)) this.remove(doc.id);
    const n = this.ids.length;
    this.ids.push(doc.id);
    this.byId.set(doc.id, n);
    this.live++;
    const fields: Record<(typeof FIELDS)[number], string[]> = {
      alerts: exactTokens(doc.alerts),
      names: textTerms(doc.names),
      title: textTerms(doc.title),
      headings: textTerms(doc.headings),
      keywords: textTerms(doc.keywords),
    };
    for (const [f, field] of FIELDS.entries()) {
      const terms = fields[field];
      this.lengths[f][n] = terms.length;
      this.lengthSums[f] += terms.length;
      const counts = new Map<string, number>();
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      for (const [term, tf] of counts) this.post(term, n * 128 + f * 16 + Math.min(tf, MAX_TF));
    }
  }

  remove(id: string): void {
    const n = this.byId.get(id);
    if (n === undefined) return;
    this.byId.delete(id);
    this.ids[n] = null;
    this.live--;
    for (let f = 0; f < FIELD_COUNT; f++) this.lengthSums[f] -= this.lengths[f][n] ?? 0;
  }

  private post(term: string, posting: number): void {
    let list = this.postings.get(term);
    if (!list) {
      const slot = this.frozen.get(term);
      if (slot !== undefined) {
        list = Array.from(this.flat.subarray(this.starts[slot], this.starts[slot + 1]));
        this.frozen.delete(term);
      } else {
        this.sorted = null;
        this.masks = null;
        list = [];
      }
      this.postings.set(term, list);
    }
    list.push(posting);
  }

  /** A term's postings: doc × 128 + field × 16 + tf, by doc number. */
  private list(term: string): ArrayLike<number> | undefined {
    const list = this.postings.get(term);
    if (list) return list;
    const slot = this.frozen.get(term);
    return slot === undefined ? undefined : this.flat.subarray(this.starts[slot], this.starts[slot + 1]);
  }

  private hasTerm(term: string): boolean {
    return this.postings.has(term) || this.frozen.has(term);
  }

  /** Doc number of a runbook id (for lists kept beside the index), or -1. */
  docNumber(id: string): number {
    return this.byId.get(id) ?? -1;
  }

  /** The runbook id of a doc number written by toBuffer (null if removed since). */
  idAt(n: number): string | null {
    return this.ids[n] ?? null;
  }

  /**
   * Runbook ids matching the concepts, best first (at most `limit`), with the index terms that
   * matched. Scores accumulate in typed arrays by doc number: a word in every runbook ("api")
   * costs one pass over its postings, not a map entry per runbook.
   */
  search(concepts: Concept[], identifiers: string[], limit = 200): [string, Hit][] {
    const size = this.ids.length;
    const { total, covered, seen, best, score, matched } = this.scratchFor(size);
    const used: { term: string; docs: number[] }[] = [];
    // A word in more than a fifth of all runbooks ("api", "service") tells none apart but costs the
    // most: it is left out when the query has other words.
    const frequent = (concept: Concept) => concept.alternatives.every((alt) => alt.some((t) => (this.list(t)?.length ?? 0) > Math.max(50, this.live * 0.2)));
    const asked = concepts.length > 1 && concepts.some((c) => !frequent(c)) ? concepts.filter((c) => !frequent(c)) : concepts;
    for (const concept of asked) {
      // A doc's score for a concept is its best alternative (the words typed, or a synonym).
      best.fill(0, 0, size);
      for (const [a, alternative] of concept.alternatives.entries()) {
        score.fill(0, 0, size);
        matched.fill(0, 0, size);
        for (const [t, term] of alternative.entries()) {
          const typing = concept.typing && a === 0 && t === alternative.length - 1;
          const stamp = this.nextStamp(seen);
          for (const [found, weight] of this.expand(term, typing)) {
            const docs = this.scoreTerm(found, weight, score);
            if (docs.length === 0) continue;
            used.push({ term: found, docs });
            for (const d of docs) {
              if (seen[d] === stamp) continue;
              seen[d] = stamp;
              matched[d]++;
            }
          }
        }
        const factor = a === 0 ? 1 : SYNONYM_WEIGHT;
        for (let d = 0; d < size; d++) {
          if (score[d] === 0) continue;
          // Every word of a phrase counts: a synonym phrase half present counts a quarter.
          const share = matched[d] / alternative.length;
          const value = score[d] * factor * share * share;
          if (value > best[d]) best[d] = value;
        }
      }
      for (let d = 0; d < size; d++) {
        if (best[d] === 0) continue;
        total[d] += best[d];
        covered[d]++;
      }
    }
    // An alert name typed whole matches that alert's runbook exactly.
    for (const identifier of identifiers) {
      for (const d of this.scoreTerm(identifier, 1, total, ALERTS)) covered[d] = Math.max(covered[d], asked.length);
    }
    // Runbooks that match more of what was asked come first.
    const ranked: number[] = [];
    for (let d = 0; d < size; d++) {
      if (total[d] === 0 || this.ids[d] === null) continue;
      const coverage = asked.length > 0 ? Math.min(1, covered[d] / asked.length) : 1;
      total[d] *= coverage * coverage;
      ranked.push(d);
    }
    const top = ranked.sort((x, y) => total[y] - total[x]).slice(0, limit);
    const terms = new Map<number, Set<string>>(top.map((d) => [d, new Set()]));
    for (const { term, docs } of used) for (const d of docs) terms.get(d)?.add(term);
    return top.map((d) => [this.ids[d]!, { score: total[d], terms: [...terms.get(d)!] }]);
  }

  /**
   * Score arrays for a search, kept and reused: allocating them per search (a few 80 KB arrays for
   * 10,000 runbooks) left the freed blocks in the allocator, and the resident set grew by
   * megabytes over a few searches.
   */
  private scratch: { total: Float64Array; covered: Uint16Array; seen: Uint32Array; best: Float64Array; score: Float64Array; matched: Uint8Array } | null = null;
  private stamp = 0;

  private scratchFor(size: number) {
    if (!this.scratch || this.scratch.total.length < size) {
      // Room to grow, so a runbook added does not mean new arrays for the next search.
      const room = size + 256;
      this.scratch = {
        total: new Float64Array(room),
        covered: new Uint16Array(room),
        seen: new Uint32Array(room),
        best: new Float64Array(room),
        score: new Float64Array(room),
        matched: new Uint8Array(room),
      };
      this.stamp = 0;
    }
    this.scratch.total.fill(0, 0, size);
    this.scratch.covered.fill(0, 0, size);
    return this.scratch;
  }

  /** A new mark for `seen` (cleared once the marks run out). */
  private nextStamp(seen: Uint32Array): number {
    if (this.stamp >= 0xfffffffe) {
      seen.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }

  /** BM25 of one term in every live doc, summed over fields with their boosts, added to `into`; the docs it was found in. */
  private scoreTerm(term: string, weight: number, into: Float64Array, onlyField?: number): number[] {
    const list = this.list(term);
    if (!list) return [];
    let df = 0;
    let last = -1;
    for (let i = 0; i < list.length; i++) {
      const p = list[i];
      const doc = Math.floor(p / 128);
      if (doc !== last && this.ids[doc] !== null) df++;
      last = doc;
    }
    if (df === 0) return [];
    const n = Math.max(1, this.live);
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    const averages = this.lengthSums.map((sum) => sum / n || 1);
    const docs: number[] = [];
    for (let i = 0; i < list.length; i++) {
      const p = list[i];
      const d = Math.floor(p / 128);
      if (this.ids[d] === null) continue;
      const f = Math.floor(p / 16) % 8;
      if (onlyField !== undefined && f !== onlyField) continue;
      // Alert keys are whole identifiers: found only when typed whole (onlyField), never as a word.
      if (onlyField === undefined && f === ALERTS) continue;
      const tf = p % 16;
      const len = this.lengths[f][d] ?? averages[f];
      const value = BOOSTS[f] * idf * ((tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * len) / averages[f]))) * weight;
      if (docs[docs.length - 1] !== d) docs.push(d);
      into[d] += value;
    }
    return docs;
  }

  /** The index terms a query term stands for: itself if known, else (being typed) its prefixes, else close typos. */
  private expand(term: string, typing: boolean): [string, number][] {
    const out: [string, number][] = [];
    if (this.hasTerm(term)) out.push([term, 1]);
    const sorted = this.sortedTerms();
    if (typing && term.length >= 3) {
      let at = lowerBound(sorted, term);
      for (; at < sorted.length && sorted[at].startsWith(term) && out.length < MAX_EXPANSIONS; at++) {
        if (sorted[at] !== term) out.push([sorted[at], PREFIX_WEIGHT * Math.sqrt(term.length / sorted[at].length)]);
      }
    }
    if (out.length === 0 && term.length >= 4) {
      const maxEdits = term.length >= 8 ? 2 : 1;
      const masks = this.termMasks();
      const mask = charMask(term);
      for (let i = 0; i < sorted.length && out.length < MAX_EXPANSIONS; i++) {
        const candidate = sorted[i];
        if (Math.abs(candidate.length - term.length) > maxEdits) continue;
        if (popcount(masks[i] ^ mask) > maxEdits * 2) continue;
        const distance = editDistance(term, candidate, maxEdits);
        if (distance <= maxEdits) out.push([candidate, FUZZY_WEIGHT * (1 - distance / (term.length + 1))]);
      }
    }
    return out;
  }

  private sortedTerms(): string[] {
    this.sorted ??= [...this.frozen.keys(), ...this.postings.keys()].sort();
    return this.sorted;
  }

  private termMasks(): Int32Array {
    if (!this.masks) {
      const sorted = this.sortedTerms();
      this.masks = new Int32Array(sorted.length);
      for (const [i, term] of sorted.entries()) this.masks[i] = charMask(term);
    }
    return this.masks;
  }

  /**
   * The index as bytes (compacted: removed runbooks dropped): a header line, a JSON line, the term list, the postings.
   * `extra` gets the new doc number of each old one (-1 when removed), for lists that name runbooks by number.
   */
  toBuffer(extra: (renumber: Int32Array) => unknown): Buffer {
    const renumber = new Int32Array(this.ids.length).fill(-1);
    const ids: string[] = [];
    for (const [n, id] of this.ids.entries()) {
      if (id === null) continue;
      renumber[n] = ids.length;
      ids.push(id);
    }
    const lengths = this.lengths.map((perDoc) => ids.map((id) => perDoc[this.byId.get(id)!] ?? 0));
    const terms: string[] = [];
    const counts: number[] = [];
    const flat: number[] = [];
    for (const term of this.sortedTerms()) {
      let kept = 0;
      const list = this.list(term)!;
      for (let i = 0; i < list.length; i++) {
        const p = list[i];
        const doc = renumber[Math.floor(p / 128)];
        if (doc < 0) continue;
        flat.push(doc * 128 + (p % 128));
        kept++;
      }
      if (kept === 0) continue;
      terms.push(term);
      counts.push(kept);
    }
    const termBytes = Buffer.from(terms.join('\n'), 'utf8');
    const meta = Buffer.from(`${MAGIC} ${INDEX_VERSION}\n${JSON.stringify({ ids, lengths, terms: terms.length, termBytes: termBytes.length, postings: flat.length, extra: extra(renumber) })}\n`, 'utf8');
    const pad = (4 - ((meta.length + termBytes.length) % 4)) % 4;
    return Buffer.concat([meta, termBytes, Buffer.alloc(pad), Buffer.from(new Uint32Array(counts).buffer), Buffer.from(new Uint32Array(flat).buffer)]);
  }

  /** Reads what toBuffer wrote; null when it is another version or damaged. */
  static fromBuffer(bytes: Buffer, canonicalId: (id: string) => string = (id) => id): { index: SearchIndex; extra: unknown } | null {
    const first = bytes.indexOf(10);
    if (first < 0 || bytes.toString('utf8', 0, first) !== `${MAGIC} ${INDEX_VERSION}`) return null;
    const second = bytes.indexOf(10, first + 1);
    if (second < 0) return null;
    const meta = JSON.parse(bytes.toString('utf8', first + 1, second)) as { ids: string[]; lengths: number[][]; terms: number; termBytes: number; postings: number; extra: unknown };
    let at = second + 1;
    const terms = meta.terms > 0 ? bytes.toString('utf8', at, at + meta.termBytes).split('\n') : [];
    at += meta.termBytes;
    at += (4 - (at % 4)) % 4;
    const expected = at + (meta.terms + meta.postings) * 4;
    if (terms.length !== meta.terms || bytes.length !== expected || meta.lengths.length !== FIELD_COUNT) return null;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    const index = new SearchIndex();
    index.ids = meta.ids.map(canonicalId);
    index.ids.forEach((id, n) => index.byId.set(id!, n));
    index.live = meta.ids.length;
    index.lengths = meta.lengths;
    index.lengthSums = meta.lengths.map((perDoc) => perDoc.reduce((a, b) => a + b, 0));
    const starts = new Uint32Array(meta.terms + 1);
    for (let i = 0; i < meta.terms; i++) {
      starts[i + 1] = starts[i] + view.getUint32(at + i * 4, true);
      index.frozen.set(terms[i], i);
    }
    if (starts[meta.terms] !== meta.postings) return null;
    // A copy, aligned and apart from the file's bytes (which are then free to go).
    index.flat = new Uint32Array(meta.postings);
    const from = at + meta.terms * 4;
    for (let k = 0; k < meta.postings; k++) index.flat[k] = view.getUint32(from + k * 4, true);
    index.starts = starts;
    index.sorted = terms;
    return { index, extra: meta.extra };
  }
}

function lowerBound(sorted: string[], term: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < term) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Which of 32 letter buckets a term uses: two terms within k edits differ in at most 2k buckets. */
function charMask(term: string): number {
  let mask = 0;
  for (let i = 0; i < term.length; i++) mask |= 1 << (term.charCodeAt(i) % 32);
  return mask;
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

const rowA = new Int32Array(64);
const rowB = new Int32Array(64);

/** Levenshtein distance, giving up (max + 1) once it must exceed max. Terms are at most 40 letters mostly; longer ones are not fuzzy-matched. */
function editDistance(a: string, b: string, max: number): number {
  if (a.length >= 63 || b.length >= 63) return max + 1;
  let previous = rowA;
  let current = rowB;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    const swap = previous;
    previous = current;
    current = swap;
  }
  return previous[b.length];
}
