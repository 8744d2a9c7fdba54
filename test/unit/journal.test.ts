import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeRecord, encodeRecord, openJournal, QUARANTINE, type Journal } from '../../electron/journal';
import { memoryLogger } from '../../electron/log';
import { manualClock } from '../helpers/clock';
import { tempDir } from '../helpers/services';

const opened: Journal[] = [];
async function open(dir: string, start = '2026-11-20T08:00:00Z') {
  const log = memoryLogger();
  const clock = manualClock(start);
  const journal = await openJournal({ dir, clock, log });
  opened.push(journal);
  return { journal, log, clock };
}
afterEach(async () => {
  for (const j of opened.splice(0)) await j.close();
});

async function writeNotes(dir: string, texts: string[]) {
  const { journal } = await open(dir);
  for (const [i, text] of texts.entries()) await journal.append('note.added', { id: `n${i + 1}`, text });
  await journal.close();
}

const segmentFile = (dir: string) => path.join(dir, '2026-11.jsonl');

describe('journal records', () => {
  it('encodes a record that decodes to itself and refuses a changed byte', () => {
    const record = { v: 1, seq: 3, ts: '2026-11-20T08:00:00.000Z', type: 'note.added', data: { id: 'a', text: 'Grüße, “quoted” \n' } };
    const line = encodeRecord(record);
    expect(decodeRecord(line)).toEqual(record);
    expect(decodeRecord(line.replace('Grüße', 'Grusse'))).toBeNull();
    expect(decodeRecord(line.slice(0, -3))).toBeNull();
  });

  it('gives every append a sequence number, persists it, and reads it back after reopening', async () => {
    const dir = tempDir();
    await writeNotes(dir, ['first', 'second', 'third']);
    const { journal } = await open(dir);
    expect(journal.records().map((r) => [r.seq, (r.data as { text: string }).text])).toEqual([
      [1, 'first'],
      [2, 'second'],
      [3, 'third'],
    ]);
    expect(journal.repairs).toEqual([]);
    const next = await journal.append('note.added', { id: 'n4', text: 'fourth' });
    expect(next.seq).toBe(4);
  });

  it('refuses a payload its event schema rejects', async () => {
    const { journal } = await open(tempDir());
    await expect(journal.append('note.added', { id: '', text: 'x' })).rejects.toThrow(/Invalid note.added/);
    expect(journal.records()).toHaveLength(0);
  });

  it('groups concurrent appends into one write and keeps their order', async () => {
    const dir = tempDir();
    const { journal } = await open(dir);
    const seqs = await Promise.all(Array.from({ length: 50 }, (_, i) => journal.append('note.added', { id: `c${i}`, text: `n${i}` }).then((r) => r.seq)));
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const lines = fs.readFileSync(segmentFile(dir), 'utf8').trimEnd().split('\n');
    expect(lines.map((l) => decodeRecord(l)?.seq)).toEqual(seqs);
  });

  it('writes an append made the moment the previous one is acknowledged (no lost wake-up)', async () => {
    const dir = tempDir();
    const { journal } = await open(dir);
    // A caller's continuation can run after flush() found its queue empty but before it was marked
    // idle; try every distance in microtasks across that window.
    const microtasks = async (n: number) => {
      for (let i = 0; i < n; i++) await Promise.resolve();
    };
    for (let delay = 0; delay < 12; delay++) {
      await journal.append('note.added', { id: `a${delay}`, text: 'first' });
      await microtasks(delay);
      const second = journal.append('note.added', { id: `b${delay}`, text: 'second' });
      const outcome = await Promise.race([second.then(() => 'written'), new Promise((r) => setTimeout(() => r('stuck'), 2000))]);
      expect(outcome, `continuation after ${delay} microtasks`).toBe('written');
    }
    await journal.close();
    const { journal: again } = await open(dir);
    expect(again.records()).toHaveLength(24);
  });

  it('rotates monthly segments and reads across them in order', async () => {
    const dir = tempDir();
    const { journal, clock } = await open(dir, '2026-10-31T23:59:00Z');
    await journal.append('note.added', { id: 'a', text: 'October' });
    clock.advance(120_000);
    await journal.append('note.added', { id: 'b', text: 'November' });
    await journal.close();
    expect(fs.readdirSync(dir).sort()).toEqual(['2026-10.jsonl', '2026-11.jsonl']);
    const { journal: again } = await open(dir);
    expect(again.records().map((r) => r.seq)).toEqual([1, 2]);
  });
});

describe('hand-damaged journal files', () => {
  it('cuts a torn last record, reports it, and appends cleanly after it', async () => {
    const dir = tempDir();
    await writeNotes(dir, ['one', 'two', 'three']);
    const file = segmentFile(dir);
    const full = fs.readFileSync(file);
    const cut = full.length - 20; // inside the last record
    fs.writeFileSync(file, full.subarray(0, cut));
    const { journal } = await open(dir);
    expect(journal.records().map((r) => r.seq)).toEqual([1, 2]);
    expect(journal.repairs).toEqual([expect.objectContaining({ kind: 'torn-tail', segment: '2026-11.jsonl', line: 3 })]);
    const record = await journal.append('note.added', { id: 'x', text: 'after the tear' });
    expect(record.seq).toBe(3);
    await journal.close();
    const { journal: again } = await open(dir);
    expect(again.repairs).toEqual([]);
    expect(again.records().map((r) => (r.data as { text: string }).text)).toEqual(['one', 'two', 'after the tear']);
  });

  it('cuts a tear inside a multi-byte character at the right byte offset', async () => {
    const dir = tempDir();
    await writeNotes(dir, ['ok', '🔥🔥🔥 Datenbank überlastet 🔥🔥🔥']);
    const file = segmentFile(dir);
    const full = fs.readFileSync(file);
    const secondStart = full.indexOf(0x0a) + 1;
    const fire = full.indexOf(Buffer.from('🔥'), secondStart);
    fs.writeFileSync(file, full.subarray(0, fire + 2)); // half of a 4-byte emoji
    const { journal } = await open(dir);
    expect(journal.records().map((r) => r.seq)).toEqual([1]);
    expect(fs.statSync(file).size).toBe(secondStart);
  });

  it('keeps a complete last record whose newline never made it', async () => {
    const dir = tempDir();
    await writeNotes(dir, ['one', 'two']);
    const file = segmentFile(dir);
    fs.writeFileSync(file, fs.readFileSync(file).subarray(0, -1));
    const { journal } = await open(dir);
    expect(journal.records().map((r) => r.seq)).toEqual([1, 2]);
    expect(journal.repairs).toEqual([]);
    expect(fs.readFileSync(file, 'utf8').endsWith('}\n')).toBe(true);
  });

  it('moves a corrupt record in the middle to quarantine, keeps its neighbours, and says so', async () => {
    const dir = tempDir();
    await writeNotes(dir, ['one', 'two', 'three']);
    const file = segmentFile(dir);
    const text = fs.readFileSync(file, 'utf8');
    const damaged = text.replace('"text":"two"', '"text":"tWo"');
    fs.writeFileSync(file, damaged);
    const { journal, log } = await open(dir);
    expect(journal.records().map((r) => (r.data as { text: string }).text)).toEqual(['one', 'three']);
    expect(journal.repairs).toEqual([expect.objectContaining({ kind: 'quarantined', line: 2 })]);
    expect(log.lines.join('\n')).toMatch(/moved a corrupt record .* line 2/);
    const quarantine = fs.readFileSync(path.join(dir, QUARANTINE), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(quarantine).toEqual([expect.objectContaining({ segment: '2026-11.jsonl', line: 2, text: damaged.split('\n')[1] })]);
    // The segment now holds only intact records, so the next open is clean and the quarantine is not repeated.
    await journal.close();
    const { journal: again } = await open(dir);
    expect(again.repairs).toEqual([]);
    expect(fs.readFileSync(path.join(dir, QUARANTINE), 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('quarantines garbage bytes with their exact bytes preserved', async () => {
    const dir = tempDir();
    await writeNotes(dir, ['one', 'two']);
    const file = segmentFile(dir);
    const full = fs.readFileSync(file);
    const firstEnd = full.indexOf(0x0a) + 1;
    const garbage = Buffer.from([0xff, 0xfe, 0x00, 0x41, 0xc3]);
    fs.writeFileSync(file, Buffer.concat([full.subarray(0, firstEnd), garbage, Buffer.from('\n'), full.subarray(firstEnd)]));
    const { journal } = await open(dir);
    expect(journal.records().map((r) => r.seq)).toEqual([1, 2]);
    const [entry] = fs.readFileSync(path.join(dir, QUARANTINE), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(Buffer.from(entry.base64, 'base64')).toEqual(garbage);
  });

  it('reports a repeated sequence number instead of silently dropping it', async () => {
    const dir = tempDir();
    await writeNotes(dir, ['one', 'two']);
    const file = segmentFile(dir);
    const copy = encodeRecord({ v: 1, seq: 2, ts: '2026-11-20T09:00:00.000Z', type: 'note.added', data: { id: 'dup', text: 'pasted twice' } });
    fs.appendFileSync(file, copy + '\n');
    const { journal } = await open(dir);
    expect(journal.records().map((r) => (r.data as { text: string }).text)).toEqual(['one', 'two']);
    expect(journal.repairs).toEqual([expect.objectContaining({ kind: 'duplicate', seq: 2 })]);
  });

  it('reads a record of a newer schema version and an unknown event type without failing', async () => {
    const dir = tempDir();
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(segmentFile(dir), encodeRecord({ v: 2, seq: 1, ts: '2026-11-20T08:00:00.000Z', type: 'handoff.sent', data: { to: 'bob' } }) + '\n');
    const { journal } = await open(dir);
    expect(journal.records()).toEqual([expect.objectContaining({ v: 2, type: 'handoff.sent' })]);
    expect((await journal.append('note.added', { id: 'a', text: 'next' })).seq).toBe(2);
  });
});

describe('journal write failures', () => {
  it('rejects an append on a full disk (a segment on /dev/full), and recovers when space returns', async () => {
    const dir = tempDir();
    await writeNotes(dir, ['before']);
    const file = segmentFile(dir);
    const { journal, log } = await open(dir);
    const saved = fs.readFileSync(file);
    fs.rmSync(file);
    fs.symlinkSync('/dev/full', file);
    await expect(journal.append('note.added', { id: 'b', text: 'lost?' })).rejects.toThrow(/the disk is full/);
    expect(log.lines.join('\n')).toMatch(/journal append failed/);
    expect(journal.records().map((r) => (r.data as { text: string }).text)).toEqual(['before']);
    fs.rmSync(file);
    fs.writeFileSync(file, saved);
    const retried = await journal.append('note.added', { id: 'b', text: 'saved now' });
    await journal.close();
    const { journal: again } = await open(dir);
    expect(again.records().map((r) => (r.data as { text: string }).text)).toEqual(['before', 'saved now']);
    expect(again.records().at(-1)?.seq).toBe(retried.seq);
  });

  it('refuses to read a segment that is not a regular file, without hanging or failing to start', async () => {
    const dir = tempDir();
    fs.symlinkSync('/dev/full', segmentFile(dir));
    const { journal } = await open(dir);
    expect(journal.openError).toMatch(/2026-11.jsonl is not a regular file/);
  });

  it('starts without failing when the journal folder cannot be read, and refuses appends with the reason', async () => {
    const parent = tempDir();
    const blocker = path.join(parent, 'journal');
    fs.writeFileSync(blocker, 'a file where the folder should be');
    const { journal } = await open(blocker);
    expect(journal.openError).toMatch(/Could not open the journal/);
    await expect(journal.append('note.added', { id: 'a', text: 'x' })).rejects.toThrow(/Could not open the journal/);
  });
});

describe('projections over odd records', () => {
  it('shows a record whose payload lacks its fields as unreadable, and keeps folding the rest', async () => {
    const { fold } = await import('../../electron/projection');
    const { projections, logEntryAt } = await import('../../shared/action-log');
    const dir = tempDir();
    fs.mkdirSync(dir, { recursive: true });
    const lines = [
      { v: 1, seq: 1, ts: '2026-11-20T08:00:00.000Z', type: 'note.added', data: null },
      { v: 1, seq: 2, ts: '2026-11-20T08:01:00.000Z', type: 'followup.added', data: 42 },
      { v: 1, seq: 3, ts: '2026-11-20T08:02:00.000Z', type: 'note.added', data: { id: 'n', text: 'fine' } },
    ].map((r) => encodeRecord(r));
    fs.writeFileSync(segmentFile(dir), lines.join('\n') + '\n');
    const { journal } = await open(dir);
    const records = journal.records();
    // Read once at open: the two damaged payloads are explicit unknown records, kept in order.
    expect(records.map((r) => r.problem !== undefined)).toEqual([true, true, false]);
    expect(journal.repairs).toEqual([]);
    const errors: number[] = [];
    const log = fold(projections.log, records, (r) => errors.push(r.seq));
    expect(log.records.map((_, i) => logEntryAt(log, i).text)).toEqual([
      'Unreadable note.added record (Invalid input: expected object, received null): null',
      'Unreadable followup.added record (Invalid input: expected object, received number): 42',
      'fine',
    ]);
    const notes = fold(projections.notes, records, (r) => errors.push(r.seq));
    expect([...notes.byId.keys()]).toEqual(['n']);
    const followups = fold(projections.followups, records, (r) => errors.push(r.seq));
    expect(followups.byId.size).toBe(0);
    // No projection ever sees a payload its schema refused, so none of them had to give up on a record.
    expect(errors).toEqual([]);
  });

  it('keeps folding when a projection throws on one record, and says which', async () => {
    const { fold } = await import('../../electron/projection');
    const { parseRecord } = await import('../../shared/records');
    const records = [1, 2, 3].map((seq) => parseRecord({ v: 1, seq, ts: '2026-11-20T08:00:00.000Z', type: 'note.added', data: { id: `n${seq}`, text: `t${seq}` } }));
    const errors: number[] = [];
    const seen = fold<number[]>(
      {
        initial: () => [],
        apply(state, record) {
          if (record.seq === 2) throw new Error('boom');
          return [...state, record.seq];
        },
      },
      records,
      (r) => errors.push(r.seq),
    );
    expect(seen).toEqual([1, 3]);
    expect(errors).toEqual([2]);
  });
});
