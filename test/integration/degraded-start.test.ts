import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeyFileBox, type SecretBox } from '../../electron/secrets';
import { canMount, fakeAlertmanager, mountTmpfs, pathUnderAFile, type Mounted } from '../helpers/faults';
import { openJournal } from '../../electron/journal';
import { systemClock } from '../../electron/clock';
import { memoryLogger } from '../../electron/log';
import { seedJournal } from '../helpers/journal';
import { call, startServices, tempDir, type TestServices } from '../helpers/services';

/** A generic page, posted the way a script would. */
async function postPage(s: TestServices, token: string | null): Promise<number> {
  const response = await fetch(s.pages.webhookUrl() as string, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ title: 'Disk almost full on db-1', severity: 'critical', source: 'cron', dedupKey: 'disk-db-1' }),
  });
  await response.text();
  return response.status;
}

const notice = (s: TestServices, id: string) => s.hub.get().notices.find((n) => n.id === id);

/** Polls happen in the background: wait for the next request the stand-in Alertmanager sees. */
async function nextPoll(am: { requests: unknown[] }, after: number): Promise<void> {
  for (let i = 0; i < 200 && am.requests.length <= after; i++) await new Promise((r) => setTimeout(r, 25));
  expect(am.requests.length).toBeGreaterThan(after);
}

describe('Baton starts on a disk it cannot write', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  /** Secrets are sealed with a key kept apart from the data folder, so the fault does not reach it. */
  const keyBox = (): SecretBox => createKeyFileBox(tempDir('baton-key-'));

  async function start(dataDir: string, secretBox: SecretBox): Promise<TestServices> {
    const s = await startServices({ dataDir, secretBox });
    cleanup.push(() => s.dispose());
    return s;
  }

  /** A first run on a good disk: an Alertmanager source, a webhook token, a note; returns what it saved. */
  async function firstRun(dataDir: string, secretBox: SecretBox, amUrl: string) {
    const s = await startServices({ dataDir, secretBox });
    const token = s.pages.webhookToken();
    await call(s, 'savePageSource', { name: 'prod', url: amUrl, intervalSeconds: 5 });
    await s.journal.append('note.added', { id: 'before', text: 'written before the fault' });
    await s.dispose();
    return { token, settingsBytes: fs.readFileSync(path.join(dataDir, 'settings.json')) };
  }

  it('writes nothing at a start when nothing changed', async () => {
    const dataDir = tempDir();
    const box = keyBox();
    const am = await fakeAlertmanager();
    cleanup.push(() => am.close());
    const { settingsBytes } = await firstRun(dataDir, box, am.url);
    const file = path.join(dataDir, 'settings.json');
    const before = fs.statSync(file);
    const polled = am.requests.length;
    const s = await start(dataDir, box);
    await nextPoll(am, polled);
    await s.dispose();
    expect(fs.readFileSync(file)).toEqual(settingsBytes);
    expect(fs.statSync(file).mtimeMs).toBe(before.mtimeMs);
    expect(fs.readdirSync(dataDir).filter((f) => f.startsWith('settings'))).toEqual(['settings.json']);
  });

  it('starts in a data folder that is a path under a file (ENOTDIR): pages, a working token, and the reason shown', async () => {
    const dataDir = pathUnderAFile();
    const s = await start(dataDir, keyBox());
    expect(notice(s, 'storage-unwritable')?.message).toMatch(/Baton cannot save to its data folder: .*ENOTDIR/);
    // The token was made now and could not be saved: it still works for this run, and the user is told.
    expect(notice(s, 'settings-unsaved')?.message).toMatch(/cannot save its settings: .*ENOTDIR.*The new webhook token works until Baton quits/);
    expect(notice(s, 'journal-unavailable')?.message).toMatch(/Could not open the journal/);
    // A folder that is not there is not a damaged settings file.
    expect(notice(s, 'settings-recovered')).toBeUndefined();
    const token = s.pages.webhookToken();
    expect(await postPage(s, 'wrong-token')).toBe(401);
    const status = await postPage(s, token);
    expect(status).not.toBe(401);
    expect(s.pages.webhookToken()).toBe(token);
    await expect(s.journal.append('note.added', { id: 'x', text: 'x' })).rejects.toThrow(/Could not open the journal/);
  });

  describe.skipIf(!canMount)('on a real tmpfs (needs mount)', () => {
    function tmpfs(sizeKb?: number): Mounted {
      const mounted = mountTmpfs(sizeKb);
      cleanup.push(() => mounted.unmount());
      return mounted;
    }

    it('starts, polls and takes pages from a read-only data folder, and leaves every file as it was', async () => {
      const disk = tmpfs();
      const box = keyBox();
      const am = await fakeAlertmanager();
      cleanup.push(() => am.close());
      const { token, settingsBytes } = await firstRun(disk.dir, box, am.url);
      const journalDir = path.join(disk.dir, 'journal');
      const segments = Object.fromEntries(fs.readdirSync(journalDir).map((f) => [f, fs.readFileSync(path.join(journalDir, f))]));
      disk.readOnly();

      const polled = am.requests.length;
      const s = await start(disk.dir, box);
      expect(notice(s, 'storage-unwritable')?.message).toBe(
        'Baton cannot save to its data folder: the file system is read-only. Baton runs, but what happens now may not be saved until this is fixed.',
      );
      expect(notice(s, 'settings-unsaved')).toBeUndefined();
      // What was saved before is there: the token, the source (polled), the note.
      expect(s.pages.webhookToken()).toBe(token);
      await nextPoll(am, polled);
      expect(s.journal.records().map((r) => r.type)).toContain('note.added');
      expect(await postPage(s, token)).not.toBe(401);
      await expect(s.journal.append('note.added', { id: 'x', text: 'x' })).rejects.toThrow(/Could not save to the journal .*read-only/);
      await expect(call(s, 'updateSettings', { theme: 'dark' })).rejects.toThrow(/Could not save settings .*read-only/);
      await s.dispose();

      expect(fs.readFileSync(path.join(disk.dir, 'settings.json'))).toEqual(settingsBytes);
      for (const [name, bytes] of Object.entries(segments)) expect(fs.readFileSync(path.join(journalDir, name))).toEqual(bytes);
    });

    it('reads a journal that needs a repair it cannot write, and refuses appends with the reason', async () => {
      const disk = tmpfs();
      const journalDir = path.join(disk.dir, 'journal');
      seedJournal(journalDir, 5);
      const segment = path.join(journalDir, '2026-06.jsonl');
      const full = fs.readFileSync(segment);
      fs.writeFileSync(segment, full.subarray(0, full.length - 30));
      disk.readOnly();
      const journal = await openJournal({ dir: journalDir, clock: systemClock, log: memoryLogger() });
      expect(journal.records()).toHaveLength(4);
      expect(journal.openError).toMatch(/is open read-only: 2026-06\.jsonl needs a repair that could not be written \(the file system is read-only\)/);
      await expect(journal.append('note.added', { id: 'x', text: 'x' })).rejects.toThrow(/open read-only/);
      await journal.close();
      expect(fs.readFileSync(segment)).toEqual(full.subarray(0, full.length - 30));
    });

    it('makes a webhook token on a first start in a read-only folder, keeps it in memory and says so', async () => {
      const disk = tmpfs();
      disk.readOnly();
      const s = await start(disk.dir, keyBox());
      expect(notice(s, 'settings-unsaved')?.message).toBe(
        'Baton cannot save its settings: the file system is read-only. The new webhook token works until Baton quits; after a restart a new one is made and senders must be given it.',
      );
      const token = s.pages.webhookToken();
      expect(await postPage(s, null)).toBe(401);
      expect(await postPage(s, token)).not.toBe(401);
      expect(fs.readdirSync(disk.dir)).toEqual([]);
    });

    it('starts on a full disk, shows why, and saves the kept token once there is room again', async () => {
      const disk = tmpfs(256);
      const box = keyBox();
      disk.fill();
      const s = await start(disk.dir, box);
      expect(notice(s, 'storage-unwritable')?.message).toMatch(/^Baton cannot save to its data folder: the disk is full\./);
      expect(notice(s, 'settings-unsaved')?.message).toMatch(/^Baton cannot save its settings: the disk is full\. The new webhook token works until Baton quits/);
      const token = s.pages.webhookToken();
      expect(await postPage(s, token)).not.toBe(401);

      // Room again: the next change that saves writes the kept token too, and the notice goes.
      fs.rmSync(path.join(disk.dir, 'filler'));
      await call(s, 'updateSettings', { theme: 'dark' });
      expect(notice(s, 'settings-unsaved')).toBeUndefined();
      await s.dispose();
      const again = await start(disk.dir, box);
      expect(again.pages.webhookToken()).toBe(token);
      expect(again.settings.get().theme).toBe('dark');
    });
  });
});
