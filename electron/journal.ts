import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { eventSchemas, isEventType, JOURNAL_VERSION, type EventData, type EventType, type JournalRecord } from '../shared/events';
import type { Clock } from './clock';
import type { Logger } from './log';

/**
 * The action journal: append-only JSON Lines, one writer, fdatasync before an append resolves.
 *
 * Record line: {"v":1,"seq":7,"ts":"…","type":"note.added","data":{…},"crc":"1a2b3c4d"}
 * The crc is CRC-32 of the line up to (not including) `,"crc"` plus the closing brace, so a
 * record is checked byte for byte without re-serialising it.
 * Segments are monthly files (`2026-11.jsonl`, by the record's UTC month); reads span them.
 * On open: a torn last line (no newline, or unparsable at the very end) is cut off; a corrupt line
 * elsewhere is moved to `quarantine.jsonl` with where it came from, and reported. Never fatal.
 */
export interface Journal {
  /** Resolves once the record is durably on disk. */
  append<T extends EventType>(type: T, data: EventData<T>): Promise<JournalRecord<T>>;
  /** All records in order (across segments), as loaded at open plus those appended since. */
  records(): readonly JournalRecord[];
  subscribe(listener: (record: JournalRecord) => void): () => void;
  /** What open had to repair; empty when the files were clean. */
  readonly repairs: readonly JournalRepair[];
  close(): Promise<void>;
}

export interface JournalRepair {
  kind: 'torn-tail' | 'quarantined';
  segment: string;
  line: number;
  bytes: number;
}

export class JournalWriteError extends Error {
  constructor(message: string, override readonly cause: unknown) {
    super(message);
    this.name = 'JournalWriteError';
  }
}

const CRC_SUFFIX_LENGTH = ',"crc":"00000000"}'.length;

export function encodeRecord(record: JournalRecord): string {
  const body = JSON.stringify({ v: record.v, seq: record.seq, ts: record.ts, type: record.type, data: record.data });
  return `${body.slice(0, -1)},"crc":"${crcHex(body)}"}`;
}

/** Parses one line; null when it is not an intact record. */
export function decodeRecord(line: string): JournalRecord | null {
  if (line.length < CRC_SUFFIX_LENGTH + 2 || !line.endsWith('"}')) return null;
  const head = line.slice(0, -CRC_SUFFIX_LENGTH);
  const crc = line.slice(-10, -2);
  if (!line.slice(-CRC_SUFFIX_LENGTH).startsWith(',"crc":"')) return null;
  const body = `${head}}`;
  if (crcHex(body) !== crc) return null;
  try {
    const parsed = JSON.parse(body) as JournalRecord;
    if (typeof parsed.seq !== 'number' || typeof parsed.type !== 'string' || typeof parsed.ts !== 'string') return null;
    return parsed;
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

export async function openJournal({ dir, clock, log }: OpenJournalOptions): Promise<Journal> {
  await fsp.mkdir(dir, { recursive: true });
  const repairs: JournalRepair[] = [];
  const loaded: JournalRecord[] = [];
  const segments = (await fsp.readdir(dir)).filter((f) => SEGMENT.test(f)).sort();
  for (const segment of segments) {
    for (const record of await loadSegment(dir, segment, repairs, log)) loaded.push(record);
  }
  loaded.sort((a, b) => a.seq - b.seq);
  const records: JournalRecord[] = [];
  for (const record of loaded) {
    // A duplicate sequence number can only come from a hand-edited file; keep the first.
    if (records.length > 0 && records[records.length - 1].seq === record.seq) continue;
    records.push(record);
  }

  let nextSeq = records.length > 0 ? records[records.length - 1].seq + 1 : 1;
  const listeners = new Set<(record: JournalRecord) => void>();
  const handles = new Map<string, fsp.FileHandle>();
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

  async function handleFor(segment: string): Promise<fsp.FileHandle> {
    const existing = handles.get(segment);
    if (existing) return existing;
    for (const [name, handle] of handles) {
      handles.delete(name);
      await handle.close().catch(() => undefined);
    }
    const handle = await fsp.open(path.join(dir, segment), 'a');
    handles.set(segment, handle);
    return handle;
  }

  /** Group commit: everything queued while a sync runs goes out in the next single write + fdatasync. */
  async function flush(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      const bySegment = new Map<string, Pending[]>();
      for (const item of batch) {
        const seg = segmentName(item.record.ts);
        bySegment.set(seg, [...(bySegment.get(seg) ?? []), item]);
      }
      for (const [segment, items] of bySegment) {
        try {
          const handle = await handleFor(segment);
          const lead = unterminated.has(segment) ? '\n' : '';
          await handle.write(lead + items.map((i) => i.line + '\n').join(''));
          unterminated.delete(segment);
          await handle.datasync();
          for (const item of items) {
            records.push(item.record);
            item.resolve();
          }
          for (const item of items) for (const listener of listeners) safeCall(listener, item.record, log);
        } catch (error) {
          // The bytes may be partly on disk; the next open cuts a torn tail. Close so the next
          // append starts from a fresh handle.
          const handle = handles.get(segment);
          handles.delete(segment);
          unterminated.add(segment);
          await handle?.close().catch(() => undefined);
          const failure = new JournalWriteError(`Could not save to the journal in ${dir}: ${describeFsError(error)}`, error);
          log.error('journal append failed', failure);
          for (const item of items) item.reject(failure);
        }
      }
    }
  }

  return {
    repairs,
    records: () => records,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    append(type, data) {
      if (closed) return Promise.reject(new JournalWriteError('The journal is closed', null));
      const parsed = eventSchemas[type].safeParse(data);
      if (!parsed.success) {
        return Promise.reject(new Error(`Invalid ${type} event: ${parsed.error.issues[0]?.message ?? 'bad payload'}`));
      }
      const record = {
        v: JOURNAL_VERSION,
        seq: nextSeq++,
        ts: new Date(clock.now()).toISOString(),
        type,
        data: parsed.data,
      } as JournalRecord<typeof type>;
      const line = encodeRecord(record);
      return new Promise<JournalRecord<typeof type>>((resolve, reject) => {
        queue.push({ record, line, resolve: () => resolve(record), reject });
        flushing ??= flush().finally(() => {
          flushing = null;
        });
      });
    },
    async close() {
      closed = true;
      while (flushing) await flushing;
      for (const handle of handles.values()) await handle.close().catch(() => undefined);
      handles.clear();
    },
  };
}

async function loadSegment(dir: string, segment: string, repairs: JournalRepair[], log: Logger): Promise<JournalRecord[]> {
  const file = path.join(dir, segment);
  const text = await fsp.readFile(file, 'utf8');
  const lines = text.split('\n');
  // Every append writes whole `line\n` chunks, so only the final piece can lack its newline.
  const partial = lines.pop() ?? '';
  const records: JournalRecord[] = [];
  const corrupt: { line: number; text: string }[] = [];
  for (const [i, line] of lines.entries()) {
    const record = decodeRecord(line);
    if (record) records.push(record);
    else corrupt.push({ line: i + 1, text: line });
  }

  let torn = false;
  if (partial !== '') {
    const record = decodeRecord(partial);
    if (record) {
      // The write finished but its newline did not: keep the record, complete the line.
      records.push(record);
      await appendDurably(file, '\n');
    } else {
      torn = true;
      repairs.push({ kind: 'torn-tail', segment, line: lines.length + 1, bytes: Buffer.byteLength(partial) });
      log.warn(`journal: cut a torn last record in ${segment} (line ${lines.length + 1})`);
    }
  }

  if (corrupt.length > 0) {
    const quarantine = path.join(dir, 'quarantine.jsonl');
    const at = new Date().toISOString();
    const entries = corrupt.map((c) => JSON.stringify({ segment, line: c.line, quarantinedAt: at, text: c.text }));
    await appendDurably(quarantine, entries.join('\n') + '\n');
    for (const c of corrupt) {
      repairs.push({ kind: 'quarantined', segment, line: c.line, bytes: Buffer.byteLength(c.text) });
      log.warn(`journal: moved a corrupt record from ${segment} line ${c.line} to quarantine.jsonl`);
    }
    await rewriteSegment(file, records);
  } else if (torn) {
    await truncateTo(file, Buffer.byteLength(text) - Buffer.byteLength(partial));
  }
  return records;
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
async function rewriteSegment(file: string, records: JournalRecord[]): Promise<void> {
  const temp = `${file}.rewrite`;
  const handle = await fsp.open(temp, 'w');
  try {
    await handle.write(records.map((r) => encodeRecord(r) + '\n').join(''));
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
  return error instanceof Error ? error.message : String(error);
}

export { isEventType };
