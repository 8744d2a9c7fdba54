import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServices, type TestServices, call } from '../helpers/services';
import { scopedTempDir } from '../helpers/scoped-temp';
import { gitRemote, writeFiles } from '../helpers/runbooks';
import { docusaurusSite, hugoSite, mkdocsSite, pngImage } from '../helpers/doc-sites';
import type { RunbookDoc } from '../../shared/runbooks';
import { runbookSourcesSection } from '../../electron/runbooks/config';

const started: TestServices[] = [];
const tempDir = scopedTempDir();
afterEach(async () => {
  for (const s of started.splice(0)) await s.dispose();
});
async function services(runbooks = {}) {
  const s = await startServices({ runbooks: { firstGitSyncMs: 3_600_000, watchDebounceMs: 100, ...runbooks } });
  started.push(s);
  return s;
}

async function addFolder(s: TestServices, name: string, files: Record<string, string | Uint8Array>, extra: { include?: string[]; exclude?: string[] } = {}) {
  const folder = tempDir('baton-site-');
  writeFiles(folder, files);
  const { id } = await call(s, 'runbookSourceAdd', { kind: 'folder', name, path: folder, ...extra });
  await s.runbooks.idle();
  return { id, folder };
}
const locations = async (s: TestServices, sourceId: string) => (await call(s, 'runbookList', { sourceId })).runbooks.map((r) => r.location).sort();
const byLocation = async (s: TestServices, sourceId: string, location: string): Promise<RunbookDoc> => {
  const found = (await call(s, 'runbookList', { sourceId })).runbooks.find((r) => r.location === location);
  if (!found) throw new Error(`no runbook at ${location}`);
  return call(s, 'runbookGet', { id: found.id });
};
const skippedOf = (s: TestServices, id: string) => s.hub.get().runbooks.sources.find((x) => x.id === id)?.skipped ?? [];

describe('documentation-site layouts', () => {
  it('Hugo: imports the runbooks only, hides layout front matter, resolves refs and relative links, loads its images', async () => {
    const s = await services();
    const { id } = await addFolder(s, 'Hugo site', hugoSite());
    expect(await locations(s, id)).toEqual([
      'content/runbooks/kubernetes/KubePodCrashLooping.md',
      'content/runbooks/kubernetes/KubePodNotReady.md',
      'content/runbooks/node/NodeFilesystemAlmostOutOfSpace/index.md',
    ]);
    const skipped = Object.fromEntries(skippedOf(s, id).map((x) => [x.path, x.reason]));
    expect(skipped['content/runbooks/_index.md']).toMatch(/Hugo section page/);
    expect(skipped['archetypes/default.md']).toMatch(/template|archetypes/);
    expect(skipped['README.md']).toMatch(/repository page/);
    expect(skipped['CONTRIBUTING.md']).toMatch(/repository page/);
    expect(skipped['layouts/shortcodes/note.md']).toMatch(/layouts/);

    const crash = await byLocation(s, id, 'content/runbooks/kubernetes/KubePodCrashLooping.md');
    expect(crash.title).toBe('Kube Pod Crash Looping');
    expect(crash.frontMatter).toEqual([
      { key: 'title', value: 'Kube Pod Crash Looping' },
      { key: 'team', value: 'platform' },
      { key: 'alerts', value: 'KubePodCrashLooping' },
    ]);
    expect(crash.markdown).not.toMatch(/\{\{|\+\+\+/);
    const notReady = await byLocation(s, id, 'content/runbooks/kubernetes/KubePodNotReady.md');
    const node = await byLocation(s, id, 'content/runbooks/node/NodeFilesystemAlmostOutOfSpace/index.md');
    expect(crash.links).toEqual([
      { href: './KubePodNotReady.md', runbookId: notReady.id, anchor: null },
      { href: '/runbooks/node/NodeFilesystemAlmostOutOfSpace', runbookId: node.id, anchor: null },
      { href: 'KubePodNotReady.md#diagnosis', runbookId: notReady.id, anchor: 'diagnosis' },
      { href: '../old/Gone.md', runbookId: null, anchor: null },
    ]);
    expect(notReady.frontMatter.map((f) => f.key)).toEqual(['title', 'service']);
    expect(notReady.links).toEqual([{ href: 'KubePodCrashLooping.md#meaning', runbookId: crash.id, anchor: 'meaning' }]);
    // A leaf bundle is named after its folder, and a ref by file name alone finds the page.
    expect(node.links).toEqual([{ href: 'KubePodCrashLooping.md', runbookId: crash.id, anchor: null }]);
    expect((await call(s, 'runbookSearch', { query: 'NodeFilesystemAlmostOutOfSpace' })).hits[0]?.id).toBe(node.id);

    expect(crash.images.map((i) => ({ src: i.src, type: i.dataUrl?.slice(0, i.dataUrl.indexOf(';')), problem: i.problem }))).toEqual([
      { src: '/images/flow.svg', type: 'data:image/svg+xml', problem: null },
      { src: 'crashloop.png', type: 'data:image/png', problem: null },
    ]);
    expect(Buffer.from(crash.images[1].dataUrl!.split(',')[1], 'base64').equals(Buffer.from(hugoSite()['content/runbooks/kubernetes/crashloop.png'] as Uint8Array))).toBe(true);
    expect(node.images[0]).toMatchObject({ src: 'usage.png', problem: null });
  });

  it('MkDocs: only the docs folder, no home or section index, links to .md and rendered .html pages', async () => {
    const s = await services();
    const { id } = await addFolder(s, 'MkDocs site', mkdocsSite());
    expect(await locations(s, id)).toEqual(['docs/alerts/HighErrorRate.md', 'docs/alerts/HighLatency.md']);
    const skipped = Object.fromEntries(skippedOf(s, id).map((x) => [x.path, x.reason]));
    expect(skipped['docs/index.md']).toMatch(/section index/);
    expect(skipped['docs/templates/runbook-template.md']).toMatch(/template/);
    expect(skipped['overrides/partials/footer.md']).toMatch(/outside the MkDocs docs folder/);
    const errors = await byLocation(s, id, 'docs/alerts/HighErrorRate.md');
    const latency = await byLocation(s, id, 'docs/alerts/HighLatency.md');
    expect(errors.frontMatter).toEqual([
      { key: 'title', value: 'High error rate' },
      { key: 'team', value: 'payments' },
    ]);
    expect(errors.links).toEqual([
      { href: 'HighLatency.md#mitigate', runbookId: latency.id, anchor: 'mitigate' },
      { href: '../alerts/HighLatency.html', runbookId: latency.id, anchor: null },
      { href: '../index.md', runbookId: null, anchor: null },
    ]);
  });

  it('Docusaurus: docs only (no blog, pages, partials or index), pretty links, images from static/', async () => {
    const s = await services();
    const { id } = await addFolder(s, 'Docusaurus site', docusaurusSite());
    expect(await locations(s, id)).toEqual(['docs/intro.md', 'docs/runbooks/DiskFull.md', 'docs/runbooks/MemoryPressure.md']);
    const skipped = skippedOf(s, id).map((x) => x.path).sort();
    expect(skipped).toEqual(['README.md', 'blog/2024-05-01-welcome.md', 'docs/runbooks/_shared-steps.md', 'docs/runbooks/index.md', 'src/pages/markdown-page.md']);
    const disk = await byLocation(s, id, 'docs/runbooks/DiskFull.md');
    const memory = await byLocation(s, id, 'docs/runbooks/MemoryPressure.md');
    expect(disk.frontMatter).toEqual([{ key: 'service', value: 'storage' }]);
    expect(disk.links.map((l) => l.runbookId)).toEqual([memory.id, memory.id]);
    expect(disk.images).toMatchObject([{ src: '/img/disk.png', problem: null }]);
    expect(disk.images[0].dataUrl).toMatch(/^data:image\/png;base64,/);
  });

  it('include and exclude patterns per source replace and narrow the defaults, and are kept with the source', async () => {
    const s = await services();
    const narrowed = await addFolder(s, 'Hugo without NotReady', hugoSite(), { exclude: ['**/KubePodNotReady.md'] });
    expect(await locations(s, narrowed.id)).toEqual([
      'content/runbooks/kubernetes/KubePodCrashLooping.md',
      'content/runbooks/node/NodeFilesystemAlmostOutOfSpace/index.md',
    ]);
    expect(skippedOf(s, narrowed.id).find((x) => x.path.endsWith('KubePodNotReady.md'))?.reason).toBe('matched the exclude pattern “**/KubePodNotReady.md”');
    const included = await addFolder(s, 'Section pages too', hugoSite(), { include: ['content/**', '_index.md'], exclude: ['content/_index.md'] });
    expect(await locations(s, included.id)).toEqual([
      'content/runbooks/_index.md',
      'content/runbooks/kubernetes/KubePodCrashLooping.md',
      'content/runbooks/kubernetes/KubePodNotReady.md',
      'content/runbooks/kubernetes/_index.md',
      'content/runbooks/node/NodeFilesystemAlmostOutOfSpace/index.md',
      'content/runbooks/node/_index.md',
    ]);
    const stored = s.settings.read(runbookSourcesSection).sources.find((x) => x.id === included.id);
    expect(stored).toMatchObject({ include: ['content/**', '_index.md'], exclude: ['content/_index.md'] });
  });

  it('refuses images from outside the source, that are not images, or too large; never anything remote', async () => {
    const s = await services();
    const outside = tempDir('baton-outside-');
    fs.writeFileSync(path.join(outside, 'secret.png'), pngImage(4, 4));
    const files = {
      'DiskFull.md': `# Disk full

![escape](../../../../../../../../etc/hostname.png)
![symlink](link.png)
![text](fake.png)
![big](big.png)
![remote](https://tracker.example.com/pixel.png)
![inline](data:image/png;base64,iVBORw0KGgo=)
![fine](ok.gif)
`,
      'fake.png': '<script>alert(1)</script>',
      'big.png': Buffer.concat([pngImage(2, 2), Buffer.alloc(1024 * 1024 + 1)]),
      'ok.gif': Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'),
    };
    const { id, folder } = await addFolder(s, 'Images', files);
    fs.symlinkSync(path.join(outside, 'secret.png'), path.join(folder, 'link.png'));
    const doc = await byLocation(s, id, 'DiskFull.md');
    expect(doc.images.map((i) => [i.src, i.problem ?? i.dataUrl?.slice(0, 14)])).toEqual([
      ['../../../../../../../../etc/hostname.png', 'not shown: the image is outside the runbook source'],
      ['link.png', 'not shown: the image is outside the runbook source'],
      ['fake.png', 'not shown: the file is not a PNG, JPEG, GIF, WebP or SVG image'],
      ['big.png', 'not shown: the image is 1.0 MB; the limit is 1 MB'],
      ['ok.gif', 'data:image/gif'],
    ]);
  });
});

describe('a git repository with a documentation-site layout (real git)', () => {
  it('clones a Hugo site and imports only its runbooks, with links between them', async () => {
    const site = hugoSite();
    const text = Object.fromEntries(Object.entries(site).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const remote = gitRemote(text);
    try {
      const s = await services();
      const { id } = await call(s, 'runbookSourceAdd', { kind: 'git', name: 'Monitoring runbooks', url: remote.bare, branch: 'main', subfolder: 'content/runbooks', intervalMinutes: 60 });
      await s.runbooks.idle();
      expect(await locations(s, id)).toEqual([
        'content/runbooks/kubernetes/KubePodCrashLooping.md',
        'content/runbooks/kubernetes/KubePodNotReady.md',
        'content/runbooks/node/NodeFilesystemAlmostOutOfSpace/index.md',
      ]);
      const crash = await byLocation(s, id, 'content/runbooks/kubernetes/KubePodCrashLooping.md');
      expect(crash.links.filter((l) => l.runbookId).length).toBe(3);
      // The SVG is in the clone (static/), the PNG was not committed.
      expect(crash.images.map((i) => i.problem)).toEqual([null, 'not shown: the image is not in the runbook source']);
    } finally {
      remote.cleanup();
    }
  });
});

describe('where a source is, checked when it is added', () => {
  it('expands ~, refuses relative paths, missing folders, files and non-repositories with the reason', async () => {
    const home = tempDir('baton-home-');
    writeFiles(home, { 'runbooks/DiskFull.md': '# Disk full\n', 'notes.txt': 'x' });
    const remote = gitRemote({ 'EtcdNoLeader.md': '# Etcd has no leader\n' });
    fs.renameSync(remote.bare, path.join(home, 'mirror.git'));
    try {
      const s = await services({ home });
      const folder = await call(s, 'runbookSourceAdd', { kind: 'folder', name: 'Home runbooks', path: '~/runbooks' });
      const git = await call(s, 'runbookSourceAdd', { kind: 'git', name: 'Mirror', url: '~/mirror.git', branch: 'main', subfolder: '', intervalMinutes: 60 });
      await s.runbooks.idle();
      const sources = s.settings.read(runbookSourcesSection).sources;
      expect(sources.find((x) => x.id === folder.id)).toMatchObject({ path: path.join(home, 'runbooks'), include: [], exclude: [] });
      expect(sources.find((x) => x.id === git.id)).toMatchObject({ url: path.join(home, 'mirror.git') });
      expect(s.hub.get().runbooks.sources.find((x) => x.id === git.id)).toMatchObject({ status: 'ok', count: 1 });

      const refuse = (args: object) => expect(call(s, 'runbookSourceAdd', { name: `x${Math.random()}`, ...args }));
      await refuse({ kind: 'folder', path: 'runbooks' }).rejects.toThrow(/“runbooks” is a relative path, and Baton cannot tell what it is relative to/);
      await refuse({ kind: 'folder', path: '~/nowhere' }).rejects.toThrow(`There is no folder ${path.join(home, 'nowhere')}.`);
      await refuse({ kind: 'folder', path: '~/notes.txt' }).rejects.toThrow(/is a file, not a folder/);
      await refuse({ kind: 'folder', path: '~someone/runbooks' }).rejects.toThrow(/only for your own home folder/);
      await refuse({ kind: 'git', url: 'runbooks.git', branch: 'main', subfolder: '', intervalMinutes: 60 }).rejects.toThrow(/relative path/);
      await refuse({ kind: 'git', url: './mirror.git', branch: 'main', subfolder: '', intervalMinutes: 60 }).rejects.toThrow(/relative path/);
      await refuse({ kind: 'git', url: '~/gone.git', branch: 'main', subfolder: '', intervalMinutes: 60 }).rejects.toThrow(`There is no repository at ${path.join(home, 'gone.git')}.`);
      await refuse({ kind: 'git', url: '~/runbooks', branch: 'main', subfolder: '', intervalMinutes: 60 }).rejects.toThrow(/is not a git repository Baton can read/);
      await refuse({ kind: 'git', url: '~/mirror.git', branch: 'main', subfolder: '../..', intervalMinutes: 60 }).rejects.toThrow(/inside the repository/);
      await refuse({ kind: 'git', url: 'ext::sh -c touch% /tmp/pwned', branch: 'main', subfolder: '', intervalMinutes: 60 }).rejects.toThrow(/not allowed/);
      // Remote URLs are checked for their form only: adding one while offline works; its syncs say what the remote says.
      await refuse({ kind: 'git', url: 'git@127.0.0.1:acme/runbooks.git', branch: 'main', subfolder: '', intervalMinutes: 60 }).resolves.toMatchObject({ id: expect.any(String) });
      await refuse({ kind: 'git', url: 'https://exa mple.com/runbooks.git', branch: 'main', subfolder: '', intervalMinutes: 60 }).rejects.toThrow(/names no host|not a valid URL/);
    } finally {
      remote.cleanup();
    }
  });
});
