import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { isEventType, JOURNAL_VERSION, type EventData, type EventType } from '../shared/events';
import { checkEvent, known, parseRecord, type JournalRecord, type RecordOf, type StoredRecord } from '../shared/records';
import type { Clock } from './clock';
import type { Logger } from './log';
import { errorText } from '../shared/errors';

/**
 * The action journal: append-only JSON Lines, one writer, fdatasync before an append resolves.
 *
 * Record line: {"v":1,"seq":7,"ts":"…","type":"note.added","data":{…},"crc":"1a2b3c4d"}
 * The crc is CRC-32 of the line up to (not including) `,"crc"` plus the closing brace, so a
 * record is checked byte for byte without re-serialising it.
 * Segments are monthly files (`2026-11.jsonl`, by the record's UTC month); reads span them.
 * On open: a torn last line (no newline, or unparsable at the very end) is cut off; a corrupt line
 * elsewhere is moved to `quarantine.jsonl` with where it came from, and reported. Never fatal: a
 * journal that cannot be read at all opens empty with `openError` set and refuses appends.
 * A failed write is cut back to the last synced length, so an append reported as failed never
 * reappears later. Offsets are bytes throughout (a tear can split a multi-byte character).
 */
export interface Journal {
  /** Resolves once the record is durably on disk. */
  append<T extends EventType>(type: T, data: EventData<T>): Promise<RecordOf<T>>;
  /** All records in order (across segments), as loaded at open plus those appended since; each parsed once, against the catalogue. */
  records(): readonly JournalRecord[];
  subscribe(listener: (record: JournalRecord) => void): () => void;
  /** What open had to repair; empty when the files were clean. */
  readonly repairs: readonly JournalRepair[];
  /** Set when the journal could not be opened (its folder or a segment unreadable): appends are refused. */
  readonly openError: string | null;
  close(): Promise<void>;
}

export interface JournalRepair {
  /** torn-tail: an unfinished last write was cut; quarantined: a damaged line moved to quarantine.jsonl;
   * duplicate: a second record with a sequence number already loaded was ignored (left in place). */
  kind: 'torn-tail' | 'quarantined' | 'duplicate';
  segment: string;
  /** 1-based line in the segment; 0 when not known. */
  line: number;
  bytes: number;
  seq?: number;
}

export class JournalWriteError extends Error {
  constructor(message: string, override readonly cause: unknown) {
    super(message);
    this.name = 'JournalWriteError';
  }
}

const NEWLINE = Buffer.from('\n');
const CRC_SUFFIX_LENGTH = ',"crc":"00000000"}'.length;

export function encodeRecord(record: StoredRecord): string {
  const body = JSON.stringify({ v: record.v, seq: record.seq, ts: record.ts, type: record.type, data: record.data });
  return `${body.slice(0, -1)},"crc":"${crcHex(body)}"}`;
}

/** Parses one line; null when it is not an intact record (a record the catalogue cannot read is an UnknownRecord, not null). */
export function decodeRecord(line: string): JournalRecord | null {
  return decodeLine(Buffer.from(line, 'utf8'));
}

const CRC_KEY = Buffer.from(',"crc":"');
const CLOSE_BRACE = Buffer.from('}');
const HEX8 = /^[0-9a-f]{8}$/;

/**
 * Checks and parses one line straight from the file's bytes: the CRC runs over the bytes as written
 * (no decode and re-encode), and only an intact line is decoded and parsed. This is the hot loop of
 * a reopen (100k records), so it avoids building intermediate strings. The payload is checked against
 * the catalogue here, once: what fails becomes an UnknownRecord, kept and shown but never folded.
 */
export function decodeLine(line: Buffer): JournalRecord | null {
  const n = line.length;
  if (n < CRC_SUFFIX_LENGTH + 2 || line[n - 1] !== 0x7d || line[n - 2] !== 0x22) return null;
  const headEnd = n - CRC_SUFFIX_LENGTH;
  if (line.compare(CRC_KEY, 0, CRC_KEY.length, headEnd, headEnd + CRC_KEY.length) !== 0) return null;
  const crc = zlib.crc32(CLOSE_BRACE, zlib.crc32(line.subarray(0, headEnd))) >>> 0;
  const stored = line.toString('latin1', n - 10, n - 2);
  if (!HEX8.test(stored) || crc !== parseInt(stored, 16)) return null;
  try {
    const parsed: unknown = JSON.parse(line.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || !('seq' in parsed) || !('type' in parsed) || !('ts' in parsed)) return null;
    const { seq, type, ts } = parsed;
    if (typeof seq !== 'number' || typeof type !== 'string' || typeof ts !== 'string') return null;
    const v = 'v' in parsed && typeof parsed.v === 'number' ? parsed.v : 0;
    return parseRecord({ v, seq, ts, type, data: 'data' in parsed ? parsed.data : undefined });
  } catch {
    return null;
  }
}

function crcHex(text: string): string {
  return (zlib.crc32(text) >>> 0).toString(16).padStart(8, '0');
}

export function segmentName(ts: string): string {
  return `${ts.slice(0, 7)}.jsonl`;
}

const SEGMENT = /^\d{4}-\d{2}\.jsonl$/;

export interface OpenJournalOptions {
  dir: string;
  clock: Clock;
  log: Logger;
}

/**
 * Reads every segment, in sequence order. Never fatal: a folder or segment that cannot be read (or
 * repaired) leaves the journal readable with `unavailable` set, and appends are refused, because
 * without every segment the next sequence number is unknown and a new record could collide.
 */
async function loadJournal(dir: string, log: Logger): Promise<{ records: JournalRecord[]; repairs: JournalRepair[]; unavailable: string | null }> {
  const repairs: JournalRepair[] = [];
  const loaded: JournalRecord[] = [];
  let unavailable: string | null = null;
  try {
    await fsp.mkdir(dir, { recursive: true });
    const segments = (await fsp.readdir(dir)).filter((f) => SEGMENT.test(f)).sort();
    for (const segment of segments) {
      const { records: read, repairFailed } = await loadSegment(dir, segment, repairs, log);
      for (const record of read) loaded.push(record);
      // What was read is shown; appends wait until the damaged file can be put right (at a later start).
      if (repairFailed && !unavailable) {
        unavailable = `The journal in ${dir} is open read-only: ${segment} needs a repair that could not be written (${describeFsError(repairFailed)})`;
        log.error('journal: a repair could not be written; open read-only', repairFailed);
      }
    }
  } catch (error) {
    unavailable = `Could not open the journal in ${dir}: ${describeFsError(error)}`;
    log.error('journal: open failed', error);
  }
  // Segments follow the clock, sequence numbers follow the single writer: order by the latter.
  loaded.sort((a, b) => a.seq - b.seq);
  const records: JournalRecord[] = [];
  for (const record of loaded) {
    const last = records[records.length - 1];
    if (last && last.seq === record.seq) {
      // Only a hand-edited or copied-together file can hold a sequence number twice; keep the first, say so.
      repairs.push({ kind: 'duplicate', segment: segmentName(record.ts), line: 0, bytes: 0, seq: record.seq });
      log.warn(`journal: sequence number ${record.seq} appears twice; kept the first (${last.type}), ignored ${record.type}`);
      continue;
    }
    records.push(record);
  }
  return { records, repairs, unavailable };
}

/**
 * Reads every segment and changes nothing: for a reader that is not the journal's writer (the `baton`
 * command while the app is stopped). A torn or damaged line is skipped and counted, never cut or
 * moved (that is the writer's repair, at its next open); a missing folder is an empty journal.
 */
export async function readJournal(dir: string): Promise<{ records: JournalRecord[]; skipped: number }> {
  let segments: string[];
  try {
    segments = (await fsp.readdir(dir)).filter((f) => SEGMENT.test(f)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], skipped: 0 };
    throw new Error(`Could not read the journal in ${dir}: ${describeFsError(error)}`, { cause: error });
  }
  const loaded: JournalRecord[] = [];
  let skipped = 0;
  for (const segment of segments) {
    const bytes = await fsp.readFile(path.join(dir, segment));
    let start = 0;
    while (start < bytes.length) {
      let end = bytes.indexOf(0x0a, start);
      if (end === -1) end = bytes.length;
      const line = bytes.subarray(start, end);
      start = end + 1;
      if (isBlank(line)) continue;
      const record = decodeLine(line);
      if (record) loaded.push(record);
      else skipped++;
    }
  }
  loaded.sort((a, b) => a.seq - b.seq);
  const records = loaded.filter((r, i) => i === 0 || loaded[i - 1].seq !== r.seq);
  return { records, skipped: skipped + loaded.length - records.length };
}

export async function openJournal({ dir, clock, log }: OpenJournalOptions): Promise<Journal> {
  const { records, repairs, unavailable } = await loadJournal(dir, log);
  let nextSeq = records.length > 0 ? records[records.length - 1].seq + 1 : 1;
  const listeners = new Set<(record: JournalRecord) => void>();
  /** The open segment and its length as of the last successful fdatasync. */
  const handles = new Map<string, { handle: fsp.FileHandle; size: number }>();
  let queue: Pending[] = [];
  let flushing: Promise<void> | null = null;
  let closed = false;
  /** Segments whose last write failed part-way: start the next write on a fresh line. */
  const unterminated = new Set<string>();

  interface Pending {
    record: JournalRecord;
    line: string;
    resolve: () => void;
    reject: (error: unknown) => void;
  }

  function startFlush(): void {
    if (flushing) return;
    flushing = flush().finally(() => {
      flushing = null;
      // An append made by a caller's continuation after flush() saw an empty queue, but before this
      // ran, is still waiting: start its write now.
      if (queue.length > 0) startFlush();
    });
  }

  async function handleFor(segment: string): Promise<{ handle: fsp.FileHandle; size: number }> {
    const existing = handles.get(segment);
    if (existing) return existing;
    for (const [name, open] of handles) {
      handles.delete(name);
      await open.handle.close().catch(() => undefined);
    }
    const handle = await fsp.open(path.join(dir, segment), 'a');
    const opened = { handle, size: (await handle.stat()).size };
    handles.set(segment, opened);
    return opened;
  }

  /** Group commit: everything queued while a sync runs goes out in the next single write + fdatasync. */
  async function flush(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      const bySegment = new Map<string, Pending[]>();
      for (const item of batch) {
        const seg = segmentName(item.record.ts);
        const items = bySegment.get(seg);
        if (items) items.push(item);
        else bySegment.set(seg, [item]);
      }
      for (const [segment, items] of bySegment) await writeBatch(segment, items);
    }
  }

  async function writeBatch(segment: string, items: Pending[]): Promise<void> {
    let open: { handle: fsp.FileHandle; size: number } | undefined;
    try {
      open = await handleFor(segment);
      const chunk = Buffer.from((unterminated.has(segment) ? '\n' : '') + items.map((i) => i.line + '\n').join(''));
      await writeAll(open.handle, chunk);
      await open.handle.datasync();
      open.size += chunk.length;
      unterminated.delete(segment);
    } catch (error) {
      await rollBack(segment, open);
      const failure = new JournalWriteError(`Could not save to the journal in ${dir}: ${describeFsError(error)}`, error);
      log.error('journal append failed', failure);
      for (const item of items) item.reject(failure);
      return;
    }
    for (const item of items) {
      records.push(item.record);
      item.resolve();
    }
    for (const item of items) for (const listener of listeners) safeCall(listener, item.record, log);
  }

  /**
   * A failed write or sync may have left some of the batch on disk (or, after a failed fsync, in a page
   * cache the kernel no longer promises to write). Cut the file back to its last synced length so an
   * append reported as failed never reappears at the next open; if even that fails, make the next
   * write start on a fresh line so the debris stays one damaged line, quarantined at the next open.
   */
  async function rollBack(segment: string, open: { handle: fsp.FileHandle; size: number } | undefined): Promise<void> {
    handles.delete(segment);
    if (!open) return;
    try {
      if ((await open.handle.stat()).size !== open.size) {
        await open.handle.truncate(open.size);
        await open.handle.datasync();
      }
    } catch {
      unterminated.add(segment);
    }
    await open.handle.close().catch(() => undefined);
  }

  return {
    repairs,
    openError: unavailable,
    records: () => records,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    append(type, data) {
      if (closed) return Promise.reject(new JournalWriteError('The journal is closed', null));
      if (unavailable) return Promise.reject(new JournalWriteError(unavailable, null));
      const checked = checkEvent(type, data);
      if (!checked.ok) return Promise.reject(new Error(`Invalid ${type} event: ${checked.problem}`));
      const record: RecordOf<typeof type> = { v: JOURNAL_VERSION, seq: nextSeq++, ts: new Date(clock.now()).toISOString(), type, data: checked.data };
      const line = encodeRecord(record);
      return new Promise<RecordOf<typeof type>>((resolve, reject) => {
        queue.push({ record: known(record), line, resolve: () => resolve(record), reject });
        startFlush();
      });
    },
    async close() {
      closed = true;
      while (flushing) await flushing;
      for (const open of handles.values()) await open.handle.close().catch(() => undefined);
      handles.clear();
    },
  };
}

/**
 * Reads one segment as bytes (a torn write can end inside a multi-byte character, so offsets are
 * counted in bytes, never in decoded characters), cuts a torn tail and quarantines corrupt lines.
 */
async function loadSegment(dir: string, segment: string, repairs: JournalRepair[], log: Logger): Promise<{ records: JournalRecord[]; repairFailed?: unknown }> {
  const file = path.join(dir, segment);
  // A device or a folder under a segment's name would never end (or never parse): refuse it by name.
  if (!(await fsp.stat(file)).isFile()) throw new Error(`${segment} is not a regular file`);
  const bytes = await fsp.readFile(file);
  const loaded: JournalRecord[] = [];
  /** Byte ranges [start, end) of the intact lines, so a rewrite keeps them exactly as on disk. */
  const kept: number[] = [];
  const corrupt: { line: number; bytes: Buffer }[] = [];
  let start = 0;
  let lineNo = 0;
  for (;;) {
    const end = bytes.indexOf(0x0a, start);
    if (end === -1) break;
    lineNo++;
    const line = bytes.subarray(start, end);
    start = end + 1;
    // A blank line carries no data (a failed write's fresh-line separator); nothing to keep or report.
    if (isBlank(line)) continue;
    const record = decodeLine(line);
    if (record) {
      loaded.push(record);
      kept.push(end - line.length, end);
    } else corrupt.push({ line: lineNo, bytes: line });
  }

  // Every append writes whole `line\n` chunks, so only the final piece can lack its newline.
  const partial = bytes.subarray(start);
  let torn = false;
  let newlineMissing = false;
  if (partial.length > 0 && !isBlank(partial)) {
    const record = decodeLine(partial);
    if (record) {
      // The write finished but its newline did not: keep the record, complete the line.
      loaded.push(record);
      kept.push(start, bytes.length);
      newlineMissing = true;
    } else {
      torn = true;
      repairs.push({ kind: 'torn-tail', segment, line: lineNo + 1, bytes: partial.length });
      log.warn(`journal: cut a torn last record in ${segment} (line ${lineNo + 1}, ${partial.length} bytes)`);
    }
  }

  try {
    if (newlineMissing) await appendDurably(file, '\n');
    if (corrupt.length > 0) {
      const at = new Date().toISOString();
      const entries = corrupt.map((c) => JSON.stringify(quarantineEntry(segment, c.line, c.bytes, at)));
      await appendDurably(path.join(dir, QUARANTINE), entries.join('\n') + '\n');
      for (const c of corrupt) {
        repairs.push({ kind: 'quarantined', segment, line: c.line, bytes: c.bytes.length });
        log.warn(`journal: moved a corrupt record from ${segment} line ${c.line} to ${QUARANTINE}`);
      }
      const lines: Buffer[] = [];
      for (let i = 0; i < kept.length; i += 2) lines.push(bytes.subarray(kept[i], kept[i + 1]), NEWLINE);
      await rewriteSegment(file, Buffer.concat(lines));
    } else if (torn || (partial.length > 0 && isBlank(partial))) {
      await truncateTo(file, start);
    }
  } catch (error) {
    // A read-only folder or a full disk: the intact records are still read.
    return { records: loaded, repairFailed: error };
  }
  return { records: loaded };
}

export const QUARANTINE = 'quarantine.jsonl';

/** What the user is told after open repaired the journal: counts, the files, and no promise it cannot keep. */
export function describeRepairs(dir: string, repairs: readonly JournalRepair[]): { message: string; detail: string } | null {
  if (repairs.length === 0) return null;
  const cut = repairs.filter((r) => r.kind === 'torn-tail');
  const quarantined = repairs.filter((r) => r.kind === 'quarantined');
  const duplicates = repairs.filter((r) => r.kind === 'duplicate');
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const parts: string[] = [];
  if (cut.length > 0) {
    const where = [...new Set(cut.map((r) => r.segment))].join(', ');
    const bytes = cut.reduce((sum, r) => sum + r.bytes, 0);
    // A torn tail is usually a write a crash interrupted (never confirmed), but a file cut short by
    // hand or by the disk loses a confirmed entry the same way: the bytes alone cannot tell which.
    parts.push(
      `cut ${count(cut.length, 'unfinished record')} (${bytes} bytes) from the end of ${where}; if Baton had confirmed ${cut.length === 1 ? 'it' : 'them'}, ${cut.length === 1 ? 'that entry is' : 'those entries are'} lost`,
    );
  }
  if (quarantined.length > 0) parts.push(`moved ${count(quarantined.length, 'damaged record')} to ${path.join(dir, QUARANTINE)}`);
  if (duplicates.length > 0) parts.push(`ignored ${count(duplicates.length, 'record')} repeating a sequence number (left in place)`);
  return {
    message: `Baton repaired its journal: ${parts.join('; ')}. Everything else was loaded.`,
    detail: repairs.map((r) => `${r.kind} ${path.join(dir, r.segment)}:${r.line}${r.bytes ? ` (${r.bytes} bytes)` : ''}${r.seq !== undefined ? ` seq ${r.seq}` : ''}`).join(', '),
  };
}

/** What quarantine.jsonl keeps of a damaged line: its text, and its exact bytes when they are not valid UTF-8. */
function quarantineEntry(segment: string, line: number, bytes: Buffer, at: string) {
  const text = bytes.toString('utf8');
  const lossless = Buffer.from(text, 'utf8').equals(bytes);
  return { segment, line, quarantinedAt: at, text, ...(lossless ? {} : { base64: bytes.toString('base64') }) };
}

function isBlank(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x0d && b !== 0x09) return false;
  }
  return true;
}

/** write(2) may take only part of a buffer (a nearly full disk does this before ENOSPC): finish it or fail. */
async function writeAll(handle: fsp.FileHandle, chunk: Buffer): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
    if (bytesWritten <= 0) throw Object.assign(new Error('the disk took no more bytes'), { code: 'ENOSPC' });
    offset += bytesWritten;
  }
}

async function truncateTo(file: string, bytes: number): Promise<void> {
  const handle = await fsp.open(file, 'r+');
  try {
    await handle.truncate(bytes);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

async function appendDurably(file: string, text: string): Promise<void> {
  const handle = await fsp.open(file, 'a');
  try {
    await handle.write(text);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/** Replace a segment with its intact records: write a temp file, fsync, rename, fsync the folder. */
async function rewriteSegment(file: string, content: Buffer): Promise<void> {
  const temp = `${file}.rewrite`;
  const handle = await fsp.open(temp, 'w');
  try {
    await handle.write(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fsp.rename(temp, file);
  syncDir(path.dirname(file));
}

function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Not every platform can fsync a directory (Windows); rename is still atomic there.
  }
}

function safeCall(listener: (record: JournalRecord) => void, record: JournalRecord, log: Logger): void {
  try {
    listener(record);
  } catch (error) {
    log.error(`journal listener failed on ${record.type}`, error);
  }
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOSPC') return 'the disk is full';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'the file system is read-only';
  return errorText(error);
}

export { isEventType };
