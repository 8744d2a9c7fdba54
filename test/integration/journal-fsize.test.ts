import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleForNode } from '../helpers/bundle';
import { openJournal } from '../../electron/journal';
import { systemClock } from '../../electron/clock';
import { memoryLogger } from '../../electron/log';
import { tempDir } from '../helpers/services';

// Room for 25 big notes (~3.1 kB each) and then ~2 kB: the next big one is cut part-way, a small one still fits.
const LIMIT = 80_000;
let childScript: string;

beforeAll(async () => {
  childScript = await bundleForNode(path.join(import.meta.dirname, 'journal-fsize-child.ts'));
});

describe('journal at the edge of the disk, for real', () => {
  it('cuts a write the kernel took only part of, so a failed append never comes back and the file stays clean', async () => {
    const dir = tempDir('baton-fsize-');
    // prlimit sets RLIMIT_FSIZE for the child: the kernel accepts bytes up to the limit, then EFBIG.
    const run = spawnSync('prlimit', [`--fsize=${LIMIT}`, process.execPath, childScript, dir], { encoding: 'utf8', timeout: 20_000 });
    expect(run.status, run.stderr).toBe(0);
    const outcomes = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const acked = outcomes.filter((o) => 'acked' in o).map((o) => o.acked as number);
    const failed = outcomes.filter((o) => 'failed' in o);
    const small = outcomes.find((o) => 'small' in o)?.small;
    expect(acked.length).toBeGreaterThan(10);
    expect(failed).toHaveLength(2);
    expect(failed[0].failed).toMatch(/Could not save to the journal/);
    expect(small).toEqual({ acked: expect.any(Number) });

    const segment = fs.readdirSync(dir).find((f) => f.endsWith('.jsonl')) as string;
    expect(fs.statSync(path.join(dir, segment)).size).toBeLessThanOrEqual(LIMIT);
    const log = memoryLogger();
    const journal = await openJournal({ dir, clock: systemClock, log });
    // Clean: no torn tail, nothing quarantined; the partial bytes of the failed appends were cut back.
    expect(journal.repairs).toEqual([]);
    expect(journal.records().map((r) => r.seq)).toEqual([...acked, small.acked]);
    expect((journal.records().at(-1)?.data as { text: string }).text).toBe('fits');
    await journal.close();
  });
});
