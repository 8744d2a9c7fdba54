import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRunbookCache, contentHash, runbookId, type RunbookCache } from '../../electron/runbooks/cache';
import { parseMarkdown } from '../../electron/runbooks/parse';
import { importFolder } from '../../electron/runbooks/sources/folder';
import { systemClock } from '../../electron/clock';
import { generateRunbook } from '../bench/runbook-corpus';
import { bundleForNode } from '../helpers/bundle';
import { scopedTempDir } from '../helpers/scoped-temp';
import { manualClock } from '../helpers/clock';
import { call, startServices } from '../helpers/services';

const tempDir = scopedTempDir();
const SYNCED = '2024-03-01T10:00:00.000Z';
let childScript: string;
const running = new Set<ReturnType<typeof spawn>>();

beforeAll(async () => {
  childScript = await bundleForNode(path.join(import.meta.dirname, 'runbooks-packs-child.ts'), tempDir('baton-packs-child-'));
});
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

/** Every cached runbook's body is whole and is the one its entry describes (title, content hash). */
function expectOnlyRightBodies(cache: RunbookCache): number {
  let checked = 0;
  for (const entry of [...cache.entries()]) {
    const doc = cache.doc(entry.id);
    if (doc === null) {
      // A record that does not read back is never shown: the runbook is dropped for its source to bring back.
      expect(cache.get(entry.id)).toBeUndefined();
      continue;
    }
    expect(contentHash(doc.markdown)).toBe(entry.hash);
    checked++;
  }
  return checked;
}

/** Runs the storing child until it has saved `saves` times plus a random moment, then SIGKILLs it. */
async function storeUntilKilled(dir: string, count: number, saves: number): Promise<void> {
  const child = spawn(process.execPath, [childScript, dir, String(count)], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('close', (code, signal) => resolve(signal ?? code)));
  await new Promise<void>((resolve) => {
    let seen = 0;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      seen += chunk.split('\n').filter((l) => l.startsWith('saved')).length;
      if (seen >= saves) resolve();
    });
    void exited.then(() => resolve());
  });
  // Somewhere inside the next batch of records: mid-write, between writes, or mid-save.
  await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 40)));
  child.kill('SIGKILL');
  const how = await exited;
  running.delete(child);
  if (how !== 'SIGKILL') throw new Error(`the storing child ended by itself (${how}): ${stderr}`);
}

function writeRunbooks(dir: string, count: number): void {
  for (let i = 0; i < count; i++) {
    const { name, text } = generateRunbook(i);
    fs.writeFileSync(path.join(dir, name), text);
  }
}

const importAll = (cache: RunbookCache, folder: string) => importFolder({ cache, clock: systemClock, onProgress: () => undefined }, 'folder', folder, '', new AbortController().signal);

function packFiles(dir: string): string[] {
  return fs.readdirSync(path.join(dir, 'packs')).filter((f) => f.endsWith('.pack')).sort();
}

describe('runbook bodies in pack files', () => {
  it('opens after a process killed while storing, and shows every body whole and right', { timeout: 120_000 }, async () => {
    const dir = tempDir('baton-packs-kill-');
    let saves = 2;
    for (let kill = 0; kill < 6; kill++) {
      await storeUntilKilled(dir, 120, saves);
      saves += 3;
      const { cache } = await openRunbookCache(dir);
      expect(expectOnlyRightBodies(cache)).toBeGreaterThan(0);
      // And it is searchable: each runbook is found by its title.
      const some = [...cache.entries()].slice(0, 10);
      for (const entry of some) expect(cache.search(entry.title, 5).map((h) => h.entry.id)).toContain(entry.id);
    }
  });

  it('drops what a pack cut short names, and the source brings it back', async () => {
    const dir = tempDir('baton-packs-cut-');
    const folder = tempDir('baton-packs-src-');
    writeRunbooks(folder, 150);
    const first = (await openRunbookCache(dir)).cache;
    await importAll(first, folder);
    await first.save();
    expect(first.size()).toBe(150);
    // The disk kept only part of what was written (power lost before the writes reached it).
    const pack = path.join(dir, 'packs', packFiles(dir).at(-1)!);
    fs.truncateSync(pack, Math.floor(fs.statSync(pack).size / 2));

    const reopened = await openRunbookCache(dir);
    expect(reopened.lost).toBeGreaterThan(0);
    expect(reopened.rebuilt).toMatch(/cut short/);
    expect(reopened.cache.size()).toBe(150 - reopened.lost);
    expect(expectOnlyRightBodies(reopened.cache)).toBe(150 - reopened.lost);

    await importAll(reopened.cache, folder);
    await reopened.cache.save();
    expect(reopened.cache.size()).toBe(150);
    expect(expectOnlyRightBodies(reopened.cache)).toBe(150);
  });

  it('never shows a record that is not the runbook asked for (zeroed, or another runbook’s)', async () => {
    const dir = tempDir('baton-packs-bad-');
    const folder = tempDir('baton-packs-src-');
    writeRunbooks(folder, 20);
    const first = (await openRunbookCache(dir)).cache;
    await importAll(first, folder);
    await first.save();
    const [a, b, c] = [...first.entries()];
    // a's record is zeroed in place (the file keeps its size); b's entry names c's record.
    const fd = fs.openSync(path.join(dir, 'packs', `${a.body!.pack}.pack`), 'r+');
    fs.writeSync(fd, Buffer.alloc(a.body!.length), 0, a.body!.length, a.body!.at);
    fs.closeSync(fd);
    const catalog = JSON.parse(fs.readFileSync(path.join(dir, 'catalog.json'), 'utf8')) as { entries: { id: string; body: unknown }[] };
    catalog.entries.find((e) => e.id === b.id)!.body = c.body;
    fs.writeFileSync(path.join(dir, 'catalog.json'), JSON.stringify(catalog));

    const { cache } = await openRunbookCache(dir);
    expect(cache.doc(a.id)).toBeNull();
    expect(cache.doc(b.id)).toBeNull();
    expect(cache.get(a.id)).toBeUndefined();
    expect(cache.get(b.id)).toBeUndefined();
    expect(cache.doc(c.id)?.markdown).toBe(first.doc(c.id)?.markdown);
    await importAll(cache, folder);
    expect(cache.size()).toBe(20);
    expect(expectOnlyRightBodies(cache)).toBe(20);
  });

  it('copies live records out of a pack that is mostly dead and deletes it', async () => {
    const dir = tempDir('baton-packs-compact-');
    const { cache } = await openRunbookCache(dir);
    const put = (round: number) =>
      Promise.all(
        Array.from({ length: 200 }, (_, i) => {
          const { name, text } = generateRunbook(i);
          return cache.put('src', name, parseMarkdown(`${text}\nround ${round}\n`, name.replace(/\.md$/, '')), SYNCED);
        }),
      );
    await put(0);
    await cache.save();
    const before = packFiles(dir);
    await put(1);
    await put(2);
    await cache.save();
    const after = packFiles(dir);
    expect(after).not.toContain(before[0]);
    // Only the live records are left on disk.
    const onDisk = after.reduce((sum, f) => sum + fs.statSync(path.join(dir, 'packs', f)).size, 0);
    const live = [...cache.entries()].reduce((sum, e) => sum + e.body!.length, 0);
    expect(onDisk).toBe(live);
    const reopened = (await openRunbookCache(dir)).cache;
    expect(expectOnlyRightBodies(reopened)).toBe(200);
    expect(reopened.doc(runbookId('src', generateRunbook(7).name))?.markdown).toMatch(/round 2\n?$/);
  });

  it('moves bodies of a cache from before the packs (one file each) into a pack', async () => {
    const dir = tempDir('baton-packs-legacy-');
    const id = runbookId('src', 'DiskFull.md');
    const parsed = parseMarkdown('# Disk full\n\nFree space on the volume.\n', 'DiskFull');
    fs.mkdirSync(path.join(dir, 'docs'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'docs', `${id}.json`), JSON.stringify({ markdown: parsed.markdown, headings: parsed.headings, frontMatter: [], warnings: [] }));
    const entry = { id, sourceId: 'src', key: 'DiskFull.md', title: 'Disk full', alerts: ['diskfull'], service: null, team: null, syncedAt: SYNCED, hash: contentHash(parsed.markdown), etag: null, lastModified: null, fetchUrl: null, lastError: null, mtimeMs: null, size: null };
    fs.writeFileSync(path.join(dir, 'catalog.json'), JSON.stringify({ version: 1, entries: [entry] }));

    const { cache } = await openRunbookCache(dir);
    expect(cache.doc(id)?.markdown).toBe(parsed.markdown);
    expect(cache.search('disk', 5).map((h) => h.entry.id)).toEqual([id]);
    expect(fs.existsSync(path.join(dir, 'docs'))).toBe(false);
    const again = (await openRunbookCache(dir)).cache;
    expect(again.doc(id)?.markdown).toBe(parsed.markdown);
  });
});

describe('a start that finds a folder source unchanged', () => {
  it('rewrites no catalog, and its runbooks show the time of that sync', async () => {
    const dataDir = tempDir('baton-packs-start-');
    const folder = tempDir('baton-packs-src-');
    writeRunbooks(folder, 30);
    const clock = manualClock('2024-03-01T10:00:00.000Z');
    const first = await startServices({ dataDir, clock, runbooks: { firstGitSyncMs: 3_600_000 } });
    const { id } = await call(first, 'runbookSourceAdd', { kind: 'folder', name: 'Team', path: folder });
    await first.runbooks.idle();
    await first.dispose();
    const catalogFile = path.join(dataDir, 'runbooks', 'catalog.json');
    const before = { text: fs.readFileSync(catalogFile, 'utf8'), mtimeMs: fs.statSync(catalogFile).mtimeMs };

    // Two days later (a copy older than a day shows as stale): the start's sync confirms every runbook.
    clock.set(Date.parse('2024-03-03T10:00:00.000Z'));
    const again = await startServices({ dataDir, clock, runbooks: { firstGitSyncMs: 3_600_000 } });
    try {
      await again.runbooks.idle();
      expect(again.hub.get().runbooks.sources.find((x) => x.id === id)).toMatchObject({ status: 'ok', count: 30, lastSyncAt: '2024-03-03T10:00:00.000Z' });
      const { runbooks } = await call(again, 'runbookList', { sourceId: id });
      expect(runbooks).toHaveLength(30);
      expect(new Set(runbooks.map((r) => r.syncedAt))).toEqual(new Set(['2024-03-03T10:00:00.000Z']));
      expect(runbooks.some((r) => r.stale)).toBe(false);
      expect(fs.readFileSync(catalogFile, 'utf8')).toBe(before.text);
      expect(fs.statSync(catalogFile).mtimeMs).toBe(before.mtimeMs);
    } finally {
      await again.dispose();
    }
  });
});
