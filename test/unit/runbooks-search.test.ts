import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openRunbookCache, type RunbookCache } from '../../electron/runbooks/cache';
import { parseMarkdown } from '../../electron/runbooks/parse';
import { queryConcepts, textTerms } from '../../electron/runbooks/search/tokenize';
import { tempDir } from '../helpers/services';
import { generateRunbook } from '../bench/runbook-corpus';
import { LABELLED_RUNBOOKS, labelledRunbookText } from '../bench/runbook-labelled';

const SYNCED = '2024-03-01T10:00:00.000Z';
const dirs: string[] = [];

function putAll(cache: RunbookCache, files: { name: string; text: string }[]) {
  return Promise.all(files.map(({ name, text }) => cache.put('src', name, parseMarkdown(text, name.replace(/\.md$/, '')), SYNCED)));
}

async function freshCache(): Promise<RunbookCache> {
  const dir = tempDir('baton-search-');
  dirs.push(dir);
  return (await openRunbookCache(dir)).cache;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const names = (cache: RunbookCache, query: string, limit = 3) => cache.search(query, limit).map((hit) => hit.entry.title.split(' ')[0]);

describe('search terms', () => {
  it('splits alert names into whole words, never into fragments shorter than three letters', () => {
    const terms = textTerms('KubeletPodStartUpLatencyHigh');
    expect(terms).toEqual(expect.arrayContaining(['kubelet', 'pod', 'start', 'latency', 'high', 'startup']));
    expect(terms).not.toContain('up');
    expect(textTerms('CrashLooping')).toEqual(['crashlooping', 'crash', 'looping']);
    expect(textTerms('KubeAPIDown')).toEqual(expect.arrayContaining(['kube', 'api', 'down']));
  });

  it('folds plurals and drops words that say nothing, unless nothing else is left', () => {
    expect(queryConcepts('disk filling up').map((c) => c.alternatives[0])).toEqual([['disk'], ['filling', 'up']]);
    expect(queryConcepts('pods').map((c) => c.alternatives[0])).toEqual([['pod']]);
    expect(queryConcepts('up').map((c) => c.alternatives[0])).toEqual([['up']]);
  });

  it('reads operations synonyms both ways', () => {
    const alternatives = (q: string) => queryConcepts(q).flatMap((c) => c.alternatives.map((a) => a.join(' ')));
    expect(alternatives('too many open files')).toEqual(expect.arrayContaining(['fd', 'file descriptor']));
    expect(alternatives('file descriptors')).toEqual(expect.arrayContaining(['fd', 'too many open file']));
    expect(alternatives('oom')).toContain('out of memory');
    expect(alternatives('out of memory')).toContain('oom');
    expect(alternatives('cert')).toContain('certificate');
    expect(alternatives('disk')).toContain('filesystem');
    expect(alternatives('filesystem')).toContain('disk');
  });
});

describe('ranking over a realistic runbook repository among generated ones', () => {
  let cache: RunbookCache;
  beforeAll(async () => {
    const dir = tempDir('baton-search-rank-');
    cache = (await openRunbookCache(dir)).cache;
    const labelled = LABELLED_RUNBOOKS.map((entry, i) => ({ name: `${entry.alert}.md`, text: labelledRunbookText(entry, generateRunbook(10_000 + i).text.slice(400, 1400)) }));
    await putAll(cache, [...labelled, ...Array.from({ length: 400 }, (_, i) => generateRunbook(i))]);
    await cache.reindex();
    return () => fs.rmSync(dir, { recursive: true, force: true });
  });

  it('"disk filling up" does not rank a StartUpLatency runbook in the top 3', () => {
    const top = names(cache, 'disk filling up');
    expect(top.some((name) => /StartUp/.test(name))).toBe(false);
    expect(top[0]).toMatch(/FillingUp|OutOfSpace|DiskFull/);
  });

  it('"too many open files" puts the file-descriptor runbook first', () => {
    expect(names(cache, 'too many open files')[0]).toBe('NodeFileDescriptorLimit');
    expect(names(cache, 'fd')[0]).toBe('NodeFileDescriptorLimit');
  });

  it('finds runbooks through synonyms', () => {
    expect(names(cache, 'oom')).toContain('KubeContainerOOMKilled');
    expect(names(cache, 'out of memory')).toContain('KubeContainerOOMKilled');
    expect(names(cache, 'tls cert expiring')[0]).toMatch(/Cert/);
  });

  it('ranks an alert-name match over the same words in a body, and finds the alert typed whole', () => {
    expect(names(cache, 'KubePodCrashLooping')[0]).toBe('KubePodCrashLooping');
    expect(names(cache, 'crashloop')).toContain('KubePodCrashLooping');
    expect(names(cache, 'etcd no leader')[0]).toMatch(/NoLeader/);
  });

  it('tolerates a typo and completes the word being typed', () => {
    expect(names(cache, 'certifcate')[0]).toMatch(/Cert/);
    expect(names(cache, 'conntr')[0]).toBe('NodeHighNumberConntrackEntriesUsed');
  });
});

describe('the index on disk', () => {
  it('survives a restart unchanged, and rebuilds an old or damaged index instead of failing', async () => {
    const dir = tempDir('baton-search-disk-');
    dirs.push(dir);
    const first = (await openRunbookCache(dir)).cache;
    await putAll(first, Array.from({ length: 50 }, (_, i) => generateRunbook(i)));
    await first.save();
    const before = first.search('disk full', 5).map((h) => h.entry.id);
    expect(before.length).toBeGreaterThan(0);

    const again = await openRunbookCache(dir);
    expect(again.rebuilt).toBeNull();
    expect(again.cache.search('disk full', 5).map((h) => h.entry.id)).toEqual(before);

    // A cache from before this index (MiniSearch JSON) or a damaged one: rebuilt from the bodies.
    fs.writeFileSync(path.join(dir, 'index.json'), 'baton-runbook-index 10\n[]\n{"documentCount":50}');
    fs.writeFileSync(path.join(dir, 'index.bin'), 'baton-runbook-index 11\n{"ids":');
    const rebuilt = await openRunbookCache(dir);
    expect(rebuilt.rebuilt).toMatch(/index/);
    expect(fs.existsSync(path.join(dir, 'index.json'))).toBe(false);
    expect(rebuilt.cache.search('disk full', 5).map((h) => h.entry.id).sort()).toEqual([...before].sort());
  });

  it('indexes what is stored while a reindex runs, and forgets what is removed', async () => {
    const cache = await freshCache();
    await putAll(cache, Array.from({ length: 1200 }, (_, i) => generateRunbook(i)));
    const reindex = cache.reindex();
    const late = LABELLED_RUNBOOKS.find((r) => r.alert === 'NodeFileDescriptorLimit')!;
    await putAll(cache, [{ name: `${late.alert}.md`, text: labelledRunbookText(late, '') }]);
    await reindex;
    const gone = cache.search('disk full', 1)[0].entry.id;
    await cache.remove(gone);
    await cache.save();
    expect(names(cache, 'file descriptors')[0]).toBe('NodeFileDescriptorLimit');
    expect(cache.search('disk full', 50).some((h) => h.entry.id === gone)).toBe(false);
  });
});
