import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForNode } from '../helpers/bundle';
import { openJournal } from '../../electron/journal';
import { systemClock } from '../../electron/clock';
import { memoryLogger } from '../../electron/log';
import { tempDir } from '../helpers/services';

const KILLS = 200;
let childScript: string;
const running = new Set<ReturnType<typeof spawn>>();

beforeAll(async () => {
  childScript = await bundleForNode(path.join(import.meta.dirname, 'journal-crash-child.ts'));
});
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the child, SIGKILLs it after `delay` ms (counted from spawn, or from its first ack), returns what it acknowledged. */
async function runAndKill(dir: string, delay: number, fromReady: boolean): Promise<Map<number, string>> {
  const child = spawn(process.execPath, [childScript, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const acked = new Map<number, string>();
  let buffered = '';
  let stderr = '';
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? ''; // an unfinished line was never fully acknowledged
    for (const line of lines) {
      if (line.startsWith('ready')) ready();
      else {
        const [seq, id] = line.split(' ');
        acked.set(Number(seq), id);
      }
    }
  });
  // 'close' comes after exit and after stdout has been read to its end.
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('close', (code, signal) => resolve(signal ?? code)));
  if (fromReady) await Promise.race([isReady, exited]);
  await sleep(delay);
  child.kill('SIGKILL');
  const how = await exited;
  running.delete(child);
  if (how !== 'SIGKILL') throw new Error(`the appending child ended by itself (${how}): ${stderr}`);
  return acked;
}

describe('crash safety: SIGKILL during appends, for real', () => {
  it(`loses no acknowledged append and keeps the journal intact over ${KILLS} kills at random moments`, async () => {
    const dir = tempDir('baton-crash-');
    const everAcked = new Map<number, string>();
    let killsWithAcks = 0;
    for (let round = 0; round < KILLS; round++) {
      // Most kills land mid-append; some land while the child is still opening (and maybe repairing).
      const duringOpen = round % 5 === 0;
      const acked = await runAndKill(dir, duringOpen ? Math.random() * 60 : 3 + Math.random() * 35, !duringOpen);
      if (acked.size > 0) killsWithAcks++;
      for (const [seq, id] of acked) {
        expect(everAcked.has(seq), `seq ${seq} acknowledged twice`).toBe(false);
        everAcked.set(seq, id);
      }

      const log = memoryLogger();
      const journal = await openJournal({ dir, clock: systemClock, log });
      const records = journal.records();
      const seqs = records.map((r) => r.seq);
      for (let i = 1; i < seqs.length; i++) expect(seqs[i], 'sequence numbers strictly increase').toBeGreaterThan(seqs[i - 1]);
      const ids = records.map((r) => (r.data as { id: string }).id);
      expect(new Set(ids).size, 'no record is duplicated').toBe(ids.length);
      const bySeq = new Map(records.map((r) => [r.seq, (r.data as { id: string }).id]));
      for (const [seq, id] of everAcked) expect(bySeq.get(seq), `acknowledged seq ${seq} survives`).toBe(id);
      // A kill can at most leave an unfinished last line; nothing in the middle is ever damaged.
      expect(journal.repairs.filter((r) => r.kind !== 'torn-tail')).toEqual([]);
      await journal.close();
    }
    expect(killsWithAcks).toBeGreaterThan(KILLS / 2);
    expect(everAcked.size).toBeGreaterThan(KILLS);
    expect(fs.existsSync(path.join(dir, 'quarantine.jsonl'))).toBe(false);
  }, 120_000);
});
