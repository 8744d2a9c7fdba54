import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { seedJournal } from '../helpers/journal';
import { startServices, tempDir, type TestServices } from '../helpers/services';

/** A data folder whose journal holds `count` records in one segment (June 2026). */
function seeded(count: number): { dataDir: string; segment: string } {
  const dataDir = tempDir();
  const journalDir = path.join(dataDir, 'journal');
  seedJournal(journalDir, count);
  return { dataDir, segment: path.join(journalDir, '2026-06.jsonl') };
}

describe('the journal repair notice tells what happened', () => {
  let services: TestServices | undefined;
  afterEach(async () => services?.dispose());

  const repairNotice = (s: TestServices) => s.hub.get().notices.find((n) => n.id === 'journal-repaired');

  it('says a record was cut, and never that nothing was lost, after the file was truncated by hand', async () => {
    const { dataDir, segment } = seeded(5);
    const full = fs.readFileSync(segment);
    fs.writeFileSync(segment, full.subarray(0, full.length - 30)); // inside the last record
    services = await startServices({ dataDir });
    expect(services.journal.records()).toHaveLength(4);
    const notice = repairNotice(services);
    expect(notice?.level).toBe('warning');
    expect(notice?.message).toMatch(/cut 1 unfinished record \(\d+ bytes\) from the end of 2026-06\.jsonl/);
    expect(notice?.message).toMatch(/that entry is lost/);
    expect(notice?.message).not.toMatch(/no saved entry was lost/);
  });

  it('counts quarantined records and names the quarantine file', async () => {
    const { dataDir, segment } = seeded(6);
    const lines = fs.readFileSync(segment, 'utf8').split('\n');
    lines[1] = lines[1].replace('"by":"Alice Example"', '"by":"Mallory"');
    lines[3] = 'not a record';
    fs.writeFileSync(segment, lines.join('\n'));
    services = await startServices({ dataDir });
    expect(services.journal.records()).toHaveLength(4);
    const quarantine = path.join(dataDir, 'journal', 'quarantine.jsonl');
    const notice = repairNotice(services);
    expect(notice?.message).toContain(`moved 2 damaged records to ${quarantine}`);
    expect(notice?.message).not.toMatch(/cut|lost/);
    expect(fs.readFileSync(quarantine, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('reports both in one notice when a file was damaged in the middle and cut at the end', async () => {
    const { dataDir, segment } = seeded(6);
    const text = fs.readFileSync(segment, 'utf8').replace('"text":"Entry 3:', '"text":"Entry 3?');
    fs.writeFileSync(segment, text.slice(0, -25));
    services = await startServices({ dataDir });
    const message = repairNotice(services)?.message ?? '';
    expect(message).toMatch(/^Baton repaired its journal: cut 1 unfinished record .*; moved 1 damaged record to .*quarantine\.jsonl\. Everything else was loaded\.$/);
  });

  it('shows no repair notice for a clean journal', async () => {
    const { dataDir } = seeded(3);
    services = await startServices({ dataDir });
    expect(repairNotice(services)).toBeUndefined();
  });
});
