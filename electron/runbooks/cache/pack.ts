import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import type { StoredDoc } from './catalog';
import { termsText } from '../search/keywords';

/**
 * Runbook bodies in a few append-only pack files (`packs/<n>.pack`) instead of one file each: an
 * import of 10,000 runbooks is a few hundred large writes instead of 40,000 file operations
 * through Node's thread pool, and a reindex reads records from a few files it keeps open.
 *
 * A record is "BRB1", the payload's length and its CRC-32 (each u32 little-endian), then the payload:
 * one JSON line (id, headings, front matter, warnings, body terms) and the Markdown after it. The
 * body terms are stored so that picking keywords again (a reindex) does not tokenise every body a
 * second time. Where a runbook's record is lives in its catalog entry, and the catalog is written
 * (atomically) only after the records it names are written: a process killed mid-import leaves at
 * most a torn tail that no entry names. A record that does not read back whole and as the runbook
 * asked for (wrong magic, length, CRC or id: a torn write after a power cut) is reported lost,
 * never shown. Records no entry names any more are dropped by copying a pack's live records into
 * the newest pack once it is mostly dead, then deleting it after the catalog no longer names it.
 */
export interface BodyLocation {
  pack: number;
  at: number;
  length: number;
}

/** What a record holds besides the Markdown, and the body terms with their counts. */
export interface RecordMeta {
  headings: string[];
  frontMatter: { key: string; value: string }[];
  warnings: string[];
  /** "term count term count …" (see forEachTerm). */
  terms: string;
}

const MAGIC = 0x31425242; // "BRB1"
const HEADER = 12;
const NEWLINE = 0x0a;
/** The newest pack takes records until it is this large; then a new one starts. */
export const PACK_LIMIT = 64 * 1024 * 1024;
/** Queued records are written once this many bytes wait (and at every save). */
const FLUSH_AT = 1024 * 1024;
/** A pack is copied out when more than half of it, and at least this much, is dead. */
const COMPACT_MIN_DEAD = 1024 * 1024;

interface Queued {
  id: string;
  bytes: Buffer;
  doc: StoredDoc | null;
  terms: string;
}

export function packName(pack: number): string {
  return `${pack}.pack`;
}

export function encodeRecord(id: string, doc: StoredDoc, terms: string): Buffer {
  const meta = JSON.stringify({ id, headings: doc.headings, frontMatter: doc.frontMatter, warnings: doc.warnings, terms });
  const payloadLength = Buffer.byteLength(meta) + 1 + Buffer.byteLength(doc.markdown);
  const bytes = Buffer.allocUnsafe(HEADER + payloadLength);
  let at = HEADER + bytes.write(meta, HEADER);
  bytes[at++] = NEWLINE;
  bytes.write(doc.markdown, at);
  bytes.writeUInt32LE(MAGIC, 0);
  bytes.writeUInt32LE(payloadLength, 4);
  bytes.writeUInt32LE(zlib.crc32(bytes.subarray(HEADER)) >>> 0, 8);
  return bytes;
}

/** A record's meta (and Markdown, if asked) when it is whole and is the runbook's; else null. */
export function decodeRecord(bytes: Buffer, id: string, withMarkdown: boolean): { meta: RecordMeta; markdown: string | null } | null {
  if (bytes.length < HEADER + 2 || bytes.readUInt32LE(0) !== MAGIC || bytes.readUInt32LE(4) !== bytes.length - HEADER) return null;
  if ((zlib.crc32(bytes.subarray(HEADER)) >>> 0) !== bytes.readUInt32LE(8)) return null;
  const newline = bytes.indexOf(NEWLINE, HEADER);
  if (newline < 0) return null;
  try {
    const raw = JSON.parse(bytes.toString('utf8', HEADER, newline)) as Record<string, unknown>;
    const terms = raw.terms;
    if (raw.id !== id || typeof terms !== 'string' || !Array.isArray(raw.headings) || !Array.isArray(raw.frontMatter) || !Array.isArray(raw.warnings)) return null;
    const meta: RecordMeta = { headings: raw.headings as string[], frontMatter: raw.frontMatter as RecordMeta['frontMatter'], warnings: raw.warnings as string[], terms };
    return { meta, markdown: withMarkdown ? bytes.toString('utf8', newline + 1) : null };
  } catch {
    return null;
  }
}

export class PackStore {
  /** Records waiting to be written, by runbook (a newer copy replaces the one waiting). */
  private queue = new Map<string, Queued>();
  private queuedBytes = 0;
  /** Per pack: bytes on disk, and bytes of records entries name. */
  private sizes = new Map<number, number>();
  private live = new Map<number, number>();
  private active = 0;
  /** Open read descriptors during a batch of reads (a reindex); single reads open and close. */
  private readers: Map<number, number> | null = null;
  private flushing: Promise<void> = Promise.resolve();

  private constructor(readonly dir: string) {}

  /** Opens the packs folder: which packs exist and how large they are (a torn tail included). */
  static async open(dir: string): Promise<PackStore> {
    const store = new PackStore(dir);
    await fsp.mkdir(dir, { recursive: true }).catch(() => undefined);
    const names = await fsp.readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      const match = /^(\d+)\.pack$/.exec(name);
      if (!match) continue;
      const pack = Number(match[1]);
      const size = (await fsp.stat(path.join(dir, name)).catch(() => null))?.size ?? 0;
      store.sizes.set(pack, size);
      store.live.set(pack, 0);
      store.active = Math.max(store.active, pack);
    }
    return store;
  }

  /** Whether a location lies inside a pack on disk (checked for every entry at open). */
  holds(loc: BodyLocation): boolean {
    const size = this.sizes.get(loc.pack);
    return size !== undefined && loc.at >= 0 && loc.length > HEADER && loc.at + loc.length <= size;
  }

  /** Counts a record an entry names as live (at open, and when a write is placed). */
  claim(loc: BodyLocation): void {
    this.live.set(loc.pack, (this.live.get(loc.pack) ?? 0) + loc.length);
  }

  /** A record no entry names any more (its runbook changed or was removed). */
  release(loc: BodyLocation | null): void {
    if (loc) this.live.set(loc.pack, Math.max(0, (this.live.get(loc.pack) ?? 0) - loc.length));
  }

  /** Queues a runbook's record; readable at once, written by the next flush. */
  add(id: string, doc: StoredDoc, counts: ReadonlyMap<string, number>): void {
    const terms = termsText(counts);
    this.queueBytes(id, encodeRecord(id, doc, terms), doc, terms);
  }

  /** Queues an existing record's bytes again (copying it out of a pack being compacted). */
  requeue(id: string, bytes: Buffer): void {
    const decoded = decodeRecord(bytes, id, false);
    if (decoded) this.queueBytes(id, bytes, null, decoded.meta.terms);
  }

  private queueBytes(id: string, bytes: Buffer, doc: StoredDoc | null, terms: string): void {
    this.drop(id);
    this.queue.set(id, { id, bytes, doc, terms });
    this.queuedBytes += bytes.length;
  }

  /** Forgets a queued record (its runbook was removed before it was written). */
  drop(id: string): void {
    const queued = this.queue.get(id);
    if (!queued) return;
    this.queue.delete(id);
    this.queuedBytes -= queued.bytes.length;
  }

  isQueued(id: string): boolean {
    return this.queue.has(id);
  }

  get pendingBytes(): number {
    return this.queuedBytes;
  }

  /** The body, from the queue or the pack; null when the record is missing, torn or not this runbook's. */
  doc(id: string, loc: BodyLocation | null): StoredDoc | null {
    const queued = this.queue.get(id);
    if (queued) return queued.doc ?? this.decodeQueued(queued);
    if (!loc) return null;
    const bytes = this.readRaw(loc);
    const decoded = bytes ? decodeRecord(bytes, id, true) : null;
    if (!decoded) return null;
    const { headings, frontMatter, warnings } = decoded.meta;
    return { markdown: decoded.markdown ?? '', headings, frontMatter, warnings };
  }

  /** Headings, front matter, warnings and body terms, without decoding the Markdown. */
  meta(id: string, loc: BodyLocation | null): RecordMeta | null {
    const queued = this.queue.get(id);
    if (queued) {
      const doc = queued.doc ?? this.decodeQueued(queued);
      return doc ? { headings: doc.headings, frontMatter: doc.frontMatter, warnings: doc.warnings, terms: queued.terms } : null;
    }
    if (!loc) return null;
    const bytes = this.readRaw(loc);
    return bytes ? (decodeRecord(bytes, id, false)?.meta ?? null) : null;
  }

  /** A record's bytes as stored, verified (for compaction): a copy of its own. */
  raw(id: string, loc: BodyLocation): Buffer | null {
    const bytes = this.readRaw(loc);
    return bytes && decodeRecord(bytes, id, false) ? Buffer.from(bytes) : null;
  }

  private decodeQueued(queued: Queued): StoredDoc | null {
    const decoded = decodeRecord(queued.bytes, queued.id, true);
    return decoded ? { markdown: decoded.markdown ?? '', headings: decoded.meta.headings, frontMatter: decoded.meta.frontMatter, warnings: decoded.meta.warnings } : null;
  }

  /**
   * One buffer reads every record (reads are synchronous, so one at a time): a new one per read
   * (11 KB on average) left freed blocks in the allocator and grew the resident set with every
   * search's snippets. What is read is copied out as strings before the next read.
   */
  private scratch = Buffer.alloc(0);

  private readRaw(loc: BodyLocation): Buffer | null {
    if (!this.holds(loc)) return null;
    if (this.scratch.length < loc.length) this.scratch = Buffer.allocUnsafe(Math.max(loc.length, 64 * 1024));
    const file = path.join(this.dir, packName(loc.pack));
    let fd = this.readers?.get(loc.pack);
    const own = fd === undefined;
    try {
      if (fd === undefined) {
        fd = fs.openSync(file, 'r');
        if (this.readers) this.readers.set(loc.pack, fd);
      }
      const bytes = this.scratch.subarray(0, loc.length);
      const read = fs.readSync(fd, bytes, 0, loc.length, loc.at);
      return read === loc.length ? bytes : null;
    } catch {
      return null;
    } finally {
      if (own && fd !== undefined && !this.readers) fs.closeSync(fd);
    }
  }

  /** Runs many reads with the packs kept open (a reindex, counting terms). */
  async reading<T>(work: () => Promise<T> | T): Promise<T> {
    if (this.readers) return work();
    this.readers = new Map();
    try {
      return await work();
    } finally {
      for (const fd of this.readers.values()) fs.closeSync(fd);
      this.readers = null;
    }
  }

  /**
   * Writes the queued records (appended to the newest pack) and tells where each went. A failed
   * write leaves them queued: the next flush writes them again after whatever reached the disk.
   */
  flush(placed: (id: string, loc: BodyLocation) => void): Promise<void> {
    const run = this.flushing.catch(() => undefined).then(() => this.writeQueued(placed));
    this.flushing = run;
    return run;
  }

  /** Whether the queue is large enough to write now (during an import). */
  wantsFlush(): boolean {
    return this.queuedBytes >= FLUSH_AT;
  }

  private async writeQueued(placed: (id: string, loc: BodyLocation) => void): Promise<void> {
    while (this.queue.size > 0) {
      let pack = this.active;
      let size = this.sizes.get(pack) ?? 0;
      if (size >= PACK_LIMIT) {
        pack = ++this.active;
        size = 0;
      }
      // One write of up to a few MB: the records that fit in this pack.
      const batch: Queued[] = [];
      let bytes = 0;
      for (const queued of this.queue.values()) {
        if (batch.length > 0 && (size + bytes + queued.bytes.length > PACK_LIMIT || bytes >= 4 * FLUSH_AT)) break;
        batch.push(queued);
        bytes += queued.bytes.length;
      }
      const file = path.join(this.dir, packName(pack));
      const handle = await fsp.open(file, 'a');
      try {
        // After a failed write the file may hold part of it: append after whatever is there.
        size = (await handle.stat()).size;
        await handle.write(batch.length === 1 ? batch[0].bytes : Buffer.concat(batch.map((q) => q.bytes), bytes));
      } catch (error) {
        this.sizes.set(pack, (await handle.stat().catch(() => null))?.size ?? size);
        throw error;
      } finally {
        await handle.close().catch(() => undefined);
      }
      this.sizes.set(pack, size + bytes);
      if (!this.live.has(pack)) this.live.set(pack, 0);
      let at = size;
      for (const queued of batch) {
        // Re-queued meanwhile (a newer copy): the newer one waits for the next round.
        if (this.queue.get(queued.id) === queued) {
          this.queue.delete(queued.id);
          this.queuedBytes -= queued.bytes.length;
          const loc = { pack, at, length: queued.bytes.length };
          this.claim(loc);
          placed(queued.id, loc);
        }
        at += queued.bytes.length;
      }
    }
  }

  /** Packs (not the newest) more than half dead: their live records should move. */
  compactable(): number[] {
    const out: number[] = [];
    for (const [pack, size] of this.sizes) {
      const dead = size - (this.live.get(pack) ?? 0);
      if (dead >= COMPACT_MIN_DEAD && dead > size / 2) out.push(pack);
    }
    // The newest pack is compacted by starting a new one first.
    if (out.includes(this.active)) this.active++;
    return out;
  }

  /** Packs no entry names now (not the newest): taken when the catalog is serialised. */
  unused(): number[] {
    return [...this.live].filter(([pack, live]) => live === 0 && pack !== this.active).map(([pack]) => pack);
  }

  /**
   * Deletes the packs given (from `unused` when the catalog that no longer names them was
   * serialised) that are still unused; one that cannot be deleted now is tried again later.
   */
  async deleteUnused(packs: number[] = this.unused()): Promise<void> {
    for (const pack of packs) {
      if ((this.live.get(pack) ?? 0) > 0 || pack === this.active) continue;
      try {
        await fsp.rm(path.join(this.dir, packName(pack)), { force: true });
      } catch {
        continue;
      }
      this.sizes.delete(pack);
      this.live.delete(pack);
    }
  }

  /** Bytes on disk and of live records, for tests and the log. */
  usage(): { packs: number; bytes: number; live: number } {
    let bytes = 0;
    let live = 0;
    for (const size of this.sizes.values()) bytes += size;
    for (const n of this.live.values()) live += n;
    return { packs: this.sizes.size, bytes, live };
  }
}
