import { Worker } from 'node:worker_threads';

/**
 * Reads a source's files in a worker thread with plain synchronous calls, a batch per message.
 * Through Node's thread pool every open, stat, read and close is a hand-off between threads; for
 * 10,000 runbooks those hand-offs cost more than the reads. The worker makes the calls back to
 * back, the main thread parses meanwhile, and a slow disk blocks only the worker.
 *
 * The worker is plain JavaScript run from this string (no file of its own to find in a bundle).
 */
const WORKER_SOURCE = `
const fs = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
parentPort.on('message', ({ seq, items }) => {
  const results = [];
  const transfer = [];
  for (const { file, known } of items) {
    try {
      if (known) {
        const stat = fs.statSync(file);
        if (stat.mtimeMs === known.mtimeMs && stat.size === known.size) {
          results.push({ kind: 'unchanged', mtimeMs: stat.mtimeMs, size: stat.size });
          continue;
        }
      }
      const fd = fs.openSync(file, 'r');
      try {
        const stat = fs.fstatSync(fd);
        if (stat.size > workerData.maxBytes) {
          results.push({ kind: 'large', mtimeMs: stat.mtimeMs, size: stat.size });
          continue;
        }
        const bytes = new Uint8Array(stat.size);
        let read = 0;
        while (read < bytes.length) {
          const n = fs.readSync(fd, bytes, read, bytes.length - read, read);
          if (n === 0) break;
          read += n;
        }
        const out = read === bytes.length ? bytes : bytes.slice(0, read);
        results.push({ kind: 'read', mtimeMs: stat.mtimeMs, size: stat.size, bytes: out });
        transfer.push(out.buffer);
      } finally {
        fs.closeSync(fd);
      }
    } catch (error) {
      results.push({ kind: 'error', message: String((error && error.message) || error), code: (error && error.code) || null });
    }
  }
  parentPort.postMessage({ seq, results }, transfer);
});
`;

export type FileRead =
  | { kind: 'unchanged' | 'large'; mtimeMs: number; size: number }
  | { kind: 'read'; mtimeMs: number; size: number; bytes: Uint8Array }
  | { kind: 'error'; message: string; code: string | null };

export interface ReadRequest {
  file: string;
  /** What the file looked like when imported: unchanged, it is not read. */
  known: { mtimeMs: number; size: number } | null;
}

export interface FileReader {
  /** One result per request, in order. */
  read(items: ReadRequest[]): Promise<FileRead[]>;
  close(): Promise<void>;
}

/** A reader for one sync; files larger than `maxBytes` are reported, not read. */
export function createFileReader(maxBytes: number): FileReader {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { maxBytes } });
  const waiting = new Map<number, { resolve(results: FileRead[]): void; reject(error: Error): void }>();
  let seq = 0;
  let failed: Error | null = null;
  const fail = (error: Error) => {
    failed ??= error;
    for (const wait of waiting.values()) wait.reject(failed);
    waiting.clear();
  };
  worker.on('message', (message: { seq: number; results: FileRead[] }) => {
    waiting.get(message.seq)?.resolve(message.results);
    waiting.delete(message.seq);
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the file reader stopped (exit code ${code})`)));
  return {
    read(items) {
      if (failed) return Promise.reject(failed);
      return new Promise((resolve, reject) => {
        const n = ++seq;
        waiting.set(n, { resolve, reject });
        worker.postMessage({ seq: n, items });
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
