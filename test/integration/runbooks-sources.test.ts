import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startServices, type TestServices, call } from '../helpers/services';
import { scopedTempDir } from '../helpers/scoped-temp';
import { manualClock } from '../helpers/clock';
import { CRASHLOOP_RUNBOOK, crashLoopingPage, gitRemote, markdownWithEtag, runbookServer, writeFiles } from '../helpers/runbooks';
import { until } from '../helpers/wait';
import type { SourceStatus } from '../../shared/runbooks';
import { runbookSourcesSection } from '../../electron/runbooks/config';

const started: TestServices[] = [];
const tempDir = scopedTempDir();
async function services(dataDir?: string, runbooks = {}) {
  const s = await startServices({ ...(dataDir ? { dataDir } : {}), runbooks: { firstGitSyncMs: 3_600_000, watchDebounceMs: 100, fetchTimeoutMs: 1_500, ...runbooks } });
  started.push(s);
  return s;
}
async function stop(s: TestServices) {
  started.splice(started.indexOf(s), 1);
  await s.dispose();
}
afterEach(async () => {
  for (const s of started.splice(0)) await s.dispose();
});

const statusOf = (s: TestServices, id: string): SourceStatus | undefined => s.hub.get().runbooks.sources.find((x) => x.id === id);

describe('a local folder of Markdown', () => {
  it('imports runbooks, refuses hostile files with a reason, and picks up changes through the watcher', async () => {
    const folder = tempDir('baton-runbooks-');
    const invalidUtf8 = Buffer.concat([Buffer.from('# Disk full\n\nFree space on /var '), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(' then retry.\n')]);
    writeFiles(folder, {
      'alerts/KubePodCrashLooping.md': CRASHLOOP_RUNBOOK,
      'alerts/disk-full.md': invalidUtf8,
      'huge.md': Buffer.alloc(10 * 1024 * 1024, '| a | b |\n'),
      'logo.md': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
      'notes.txt': 'not a runbook',
    });
    const s = await services();
    const { id } = await call(s, 'runbookSourceAdd', { kind: 'folder', name: 'Team runbooks', path: folder });
    await s.runbooks.idle();

    const status = statusOf(s, id)!;
    expect(status.status).toBe('ok');
    expect(status.count).toBe(2);
    expect(status.skipped).toEqual(
      expect.arrayContaining([
        { path: 'huge.md', reason: expect.stringMatching(/too large \(10\.0 MB; the limit is 2 MB\)/) },
        { path: 'logo.md', reason: 'a binary file, not text' },
      ]),
    );

    const { hits } = await call(s, 'runbookSearch', { query: 'crashloop' });
    expect(hits[0].title).toBe('Pod is crash looping');
    const doc = await call(s, 'runbookGet', { id: hits[0].id });
    expect(doc.frontMatter).toContainEqual({ key: 'service', value: 'payments' });
    expect(doc.markdown.startsWith('# KubePodCrashLooping')).toBe(true);

    const disk = (await call(s, 'runbookSearch', { query: 'disk full' })).hits[0];
    const diskDoc = await call(s, 'runbookGet', { id: disk.id });
    expect(diskDoc.markdown).toContain('/var �(� then retry');
    expect(diskDoc.warnings[0]).toMatch(/not valid UTF-8/);

    writeFiles(folder, { 'alerts/EtcdNoLeader.md': '# Etcd has no leader\n\nCheck quorum with `etcdctl endpoint status`.\n' });
    const found = await until('the watcher to import a new file', async () => (await call(s, 'runbookSearch', { query: 'etcd quorum' })).hits[0]);
    expect(found.title).toBe('Etcd has no leader');
  });

  it('shows progress while syncing a large folder and can cancel, keeping what was imported', async () => {
    const folder = tempDir('baton-runbooks-big-');
    const files: Record<string, string> = {};
    for (let i = 0; i < 1500; i++) files[`svc-${i}.md`] = `# Service ${i} outage\n\n${'Restart the worker and check the queue depth. '.repeat(40)}\n`;
    writeFiles(folder, files);
    const s = await services();
    const progress: number[] = [];
    s.hub.onChange((state, changed) => {
      const p = changed === 'runbooks' ? state.runbooks.sources.find((x) => x.kind === 'folder')?.progress : null;
      if (p && p.total > 0) progress.push(p.done);
    });
    const { id } = await call(s, 'runbookSourceAdd', { kind: 'folder', name: 'Big', path: folder });
    await until('progress', () => progress.some((d) => d > 0));
    await call(s, 'runbookSyncCancel', { sourceId: id });
    await s.runbooks.idle();
    const status = statusOf(s, id)!;
    expect(status.status).toBe('error');
    expect(status.lastError).toMatch(/cancelled/);
    expect(status.count).toBeGreaterThan(0);
    expect(status.count).toBeLessThan(1500);

    await call(s, 'runbookSync', { sourceId: id });
    await s.runbooks.idle();
    expect(statusOf(s, id)).toMatchObject({ status: 'ok', count: 1500 });
    expect(new Set(progress).size).toBeGreaterThan(2);
  });
});

describe('a git repository (real git, a bare repository by path)', () => {
  it('clones, pulls changes and removals, and keeps the last good copy when the remote fails', async () => {
    const remote = gitRemote({
      'README.md': '# Read me\n',
      'runbooks/KubePodCrashLooping.md': CRASHLOOP_RUNBOOK,
      'runbooks/HighLatency.md': '# High latency\n\nCheck the p99 of the ingress.\n',
    });
    try {
      const s = await services();
      const { id } = await call(s, 'runbookSourceAdd', { kind: 'git', name: 'SRE runbooks', url: remote.bare, branch: 'main', subfolder: 'runbooks', intervalMinutes: 60 });
      await s.runbooks.idle();
      expect(statusOf(s, id)).toMatchObject({ status: 'ok', count: 2, lastError: null });
      expect((await call(s, 'runbookList', { sourceId: id })).runbooks.map((r) => r.location)).toEqual(['runbooks/HighLatency.md', 'runbooks/KubePodCrashLooping.md']);

      remote.commit({ 'runbooks/DiskFull.md': '# Disk full\n\nRun `du -xh /var | sort -h`.\n' }, ['runbooks/HighLatency.md']);
      await call(s, 'runbookSync', { sourceId: id });
      await s.runbooks.idle();
      const titles = (await call(s, 'runbookList', { sourceId: id })).runbooks.map((r) => r.title);
      expect(titles).toEqual(['Disk full', 'Pod is crash looping']);
      expect((await call(s, 'runbookSearch', { query: 'latency' })).hits).toEqual([]);

      fs.rmSync(remote.bare, { recursive: true, force: true });
      await call(s, 'runbookSync', { sourceId: id });
      await s.runbooks.idle();
      const failed = statusOf(s, id)!;
      expect(failed.status).toBe('error');
      expect(failed.lastError).toMatch(/does not appear to be a git repository|not found|could not read/i);
      expect(failed.count).toBe(2);
      const disk = (await call(s, 'runbookSearch', { query: 'disk' })).hits[0];
      expect(disk.stale).toBe(true);
      expect((await call(s, 'runbookGet', { id: disk.id })).markdown).toContain('du -xh /var');
    } finally {
      remote.cleanup();
    }
  });

  it('pulls again on its schedule', async () => {
    const remote = gitRemote({ 'DiskFull.md': '# Disk full\n' });
    try {
      const clock = manualClock('2026-11-22T08:00:00Z');
      const s = await startServices({ clock, runbooks: { firstGitSyncMs: 3_600_000 } });
      started.push(s);
      const { id } = await call(s, 'runbookSourceAdd', { kind: 'git', name: 'Scheduled', url: remote.bare, branch: 'main', subfolder: '', intervalMinutes: 30 });
      await s.runbooks.idle();
      expect(statusOf(s, id)?.count).toBe(1);
      remote.commit({ 'EtcdNoLeader.md': '# Etcd has no leader\n' });
      clock.advance(29 * 60_000);
      await s.runbooks.idle();
      expect(statusOf(s, id)?.count).toBe(1);
      clock.advance(60_000);
      await until('the scheduled pull', () => statusOf(s, id)?.count === 2);
      expect(statusOf(s, id)?.lastSyncAt).toBe('2026-11-22T08:30:00.000Z');
    } finally {
      remote.cleanup();
    }
  });

  it('stores a token in a git URL only sealed, and never shows or logs it', async () => {
    const s = await services(tempDir());
    const secret = 'glpat-7Hq2xZ9bV4cN1mK8';
    const url = `https://oncall-bot:${secret}@127.0.0.1:1/sre/runbooks.git`;
    const { id } = await call(s, 'runbookSourceAdd', { kind: 'git', name: 'Private runbooks', url, branch: 'main', subfolder: '', intervalMinutes: 60 });
    await s.runbooks.idle();
    const stored = s.settings.read(runbookSourcesSection).sources[0];
    if (stored?.kind !== 'git') throw new Error('expected the git source to be stored');
    expect(stored.url).toBe('https://127.0.0.1:1/sre/runbooks.git');
    expect(s.deps.secretBox.decrypt(stored.sealedUrl!)).toBe(url);
    const settingsFile = fs.readFileSync(path.join(s.deps.dataDir, 'settings.json'), 'utf8');
    const status = statusOf(s, id)!;
    expect(status.status).toBe('error');
    expect(status.lastError).toMatch(/127\.0\.0\.1/);
    for (const text of [settingsFile, JSON.stringify(s.hub.get().runbooks), s.log.lines.join('\n')]) expect(text).not.toContain(secret);
  });

  it('refuses a local repository without the branch when it is added, and reports a branch that went away at sync', async () => {
    const remote = gitRemote({ 'a.md': '# A\n' });
    try {
      const s = await services();
      await expect(
        call(s, 'runbookSourceAdd', { kind: 'git', name: 'Wrong branch', url: remote.bare, branch: 'production', subfolder: '', intervalMinutes: 60 }),
      ).rejects.toThrow(/has no branch “production”/);
      const { id } = await call(s, 'runbookSourceAdd', { kind: 'git', name: 'Right branch', url: remote.bare, branch: 'main', subfolder: '', intervalMinutes: 60 });
      await s.runbooks.idle();
      execFileSync('git', ['branch', '-m', 'main', 'production'], { cwd: remote.bare, stdio: 'pipe' });
      await call(s, 'runbookSync', { sourceId: id });
      await s.runbooks.idle();
      expect(statusOf(s, id)?.lastError).toMatch(/main/);
    } finally {
      remote.cleanup();
    }
  });
});

describe('runbook links (a local HTTP server)', () => {
  const servers: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close();
  });

  it('fetches a page’s runbook_url when the page arrives, refreshes with conditional GET, keeps the copy on 404, and opens everything offline', async () => {
    let body = CRASHLOOP_RUNBOOK;
    let gone = false;
    const etagRoute = markdownWithEtag(() => body);
    const server = await runbookServer({
      '/runbooks/kube-pod-crash-looping.md': (req, res) => (gone ? res.writeHead(404).end('Not Found') : etagRoute(req, res)),
      '/old/disk.md': (_req, res) => res.writeHead(301, { location: '/runbooks/disk.md' }).end(),
      '/runbooks/disk.md': (_req, res) => res.writeHead(200, { 'content-type': 'text/markdown' }).end('# Disk full\n\nRun du.\n'),
      '/slow.md': (_req, res) => void setTimeout(() => res.writeHead(200).end('# Slow\n'), 5_000).unref(),
      '/wiki/page': (_req, res) =>
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end('<html><head><title>Sign in · Wiki</title></head><body><form><input name=user><input type=password name=pw></form></body></html>'),
      '/wiki/html-runbook': (_req, res) =>
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<html><head><title>Queue backlog</title></head><body><nav>Home</nav><h1>Queue backlog</h1><p>Scale the <b>consumers</b>.</p><script>alert(1)</script></body></html>'),
    });
    servers.push(server);
    const url = `${server.origin}/runbooks/kube-pod-crash-looping.md`;
    const dataDir = tempDir();
    const s = await services(dataDir);
    await s.journal.append(
      'page.received',
      crashLoopingPage(url, {
        pageId: 'am-1',
        sourceName: 'Alertmanager',
        dedupKey: '3b1f0c5e9a7d2c44',
        title: 'KubePodCrashLooping: payments-api-7d9 restarting',
        summary: 'Pod is restarting',
      }),
    );
    await until('the link to be fetched', () => s.runbooks.cache.size() === 1);
    const match = await call(s, 'runbookForPage', { pageId: 'am-1' });
    expect(match.best).toMatchObject({ title: 'Pod is crash looping', reason: 'url' });
    expect(match.page).toMatchObject({ alertName: 'KubePodCrashLooping' });

    await call(s, 'runbookSync', { sourceId: 'links' });
    await s.runbooks.idle();
    const revalidation = server.requests.filter((r) => r.path === '/runbooks/kube-pod-crash-looping.md').at(-1)!;
    expect(revalidation.ifNoneMatch).toMatch(/^"/);
    expect(revalidation.ifModifiedSince).toBe('Sat, 21 Nov 2026 08:00:00 GMT');

    body = CRASHLOOP_RUNBOOK.replace('Usually a bad config', 'Most often a bad config');
    await call(s, 'runbookSync', { sourceId: 'links' });
    await s.runbooks.idle();
    expect((await call(s, 'runbookGet', { id: match.best!.id })).markdown).toContain('Most often a bad config');

    gone = true;
    await call(s, 'runbookSync', { sourceId: 'links' });
    await s.runbooks.idle();
    const after404 = await call(s, 'runbookGet', { id: match.best!.id });
    expect(after404.markdown).toContain('Most often a bad config');
    expect(after404.stale).toBe(true);
    expect(after404.warnings.join(' ')).toMatch(/answered 404 Not Found.*last good copy/);

    const redirected = await call(s, 'runbookAddUrl', { url: `${server.origin}/old/disk.md` });
    expect(redirected.title).toBe('Disk full');
    await expect(call(s, 'runbookAddUrl', { url: `${server.origin}/slow.md` })).rejects.toThrow(/did not answer within 2 s/);
    await expect(call(s, 'runbookAddUrl', { url: `${server.origin}/wiki/page` })).rejects.toThrow(/sign-in page instead of the runbook/);
    await expect(call(s, 'runbookAddUrl', { url: `${server.origin}/missing.md` })).rejects.toThrow(/answered 404/);
    await expect(call(s, 'runbookAddUrl', { url: 'javascript:alert(1)' })).rejects.toThrow(/http or https/);
    const html = await call(s, 'runbookAddUrl', { url: `${server.origin}/wiki/html-runbook` });
    const htmlDoc = await call(s, 'runbookGet', { id: html.id });
    expect(htmlDoc.title).toBe('Queue backlog');
    expect(htmlDoc.markdown).toContain('Scale the consumers.');
    expect(htmlDoc.markdown).not.toMatch(/<script|alert\(1\)|Home/);

    // Offline: every server stopped, the services restarted over the same data directory.
    await server.close();
    await stop(s);
    const offline = await services(dataDir);
    expect(offline.hub.get().runbooks.total).toBe(3);
    const again = await call(offline, 'runbookForPage', { pageId: 'am-1' });
    expect(again.best).toMatchObject({ id: match.best!.id, reason: 'url' });
    expect((await call(offline, 'runbookGet', { id: again.best!.id })).markdown).toContain('kubectl -n payments logs');
    expect((await call(offline, 'runbookSearch', { query: 'consumers' })).hits[0].title).toBe('Queue backlog');
    expect((await call(offline, 'runbookSearch', { query: 'crashlooping' })).hits[0].snippet.some((seg) => seg.mark)).toBe(true);
  });
});

describe('matching a page to its runbook', () => {
  it('matches by alert name case-insensitively, then labels and search, and remembers a pin across a restart', async () => {
    const folder = tempDir('baton-runbooks-match-');
    writeFiles(folder, {
      'KubePodCrashLooping.md': CRASHLOOP_RUNBOOK.replace(/^---[\s\S]*?---\n/, ''),
      'payments/overview.md': '---\nservice: payments\n---\n# Payments service overview\n\nDashboards and owners.\n',
      'generic/pods.md': '# Pods that restart\n\nGeneral advice for KubePodCrashLooping and friends.\n',
    });
    const dataDir = tempDir();
    const s = await services(dataDir);
    await call(s, 'runbookSourceAdd', { kind: 'folder', name: 'Local', path: folder });
    await s.runbooks.idle();
    await s.journal.append('page.received', {
      pageId: 'am-2',
      sourceId: 'alertmanager',
      sourceName: 'Alertmanager',
      dedupKey: 'a1b2c3d4e5f60718',
      title: 'kubepodcrashlooping on payments',
      severity: 'high',
      labels: { alertname: 'kubepodcrashlooping', service: 'payments' },
      annotations: {},
      startsAt: '2026-11-22T09:00:00Z',
    });
    const match = await call(s, 'runbookForPage', { pageId: 'am-2' });
    expect(match.best).toMatchObject({ title: 'KubePodCrashLooping', reason: 'alertname' });
    expect(match.alternatives.map((a) => [a.title, a.reason])).toEqual(
      expect.arrayContaining([
        ['Payments service overview', 'labels'],
        ['Pods that restart', 'search'],
      ]),
    );
    const pods = match.alternatives.find((a) => a.title === 'Pods that restart')!;
    await call(s, 'runbookPin', { alertName: 'KubePodCrashLooping', runbookId: pods.id });
    await stop(s);

    const again = await services(dataDir);
    const pinned = await call(again, 'runbookForPage', { pageId: 'am-2' });
    expect(pinned.best).toMatchObject({ id: pods.id, reason: 'pinned' });
    expect(await call(again, 'runbookForPage', { pageId: 'nope' })).toEqual({ page: null, best: null, alternatives: [], urlError: null, linkNote: null, query: '' });
  });

  it('journals a ticked step with the runbook and the page, and reads it back', async () => {
    const folder = tempDir('baton-runbooks-steps-');
    writeFiles(folder, { 'KubePodCrashLooping.md': CRASHLOOP_RUNBOOK });
    const s = await services();
    await call(s, 'runbookSourceAdd', { kind: 'folder', name: 'Local', path: folder });
    await s.runbooks.idle();
    const [hit] = (await call(s, 'runbookSearch', { query: 'KubePodCrashLooping' })).hits;
    await call(s, 'runbookStepDone', { runbookId: hit.id, step: 'Check the pod\'s recent events', done: true, pageId: 'am-9' });
    const record = s.journal.records().at(-1)!;
    expect(record.type).toBe('runbook.step.done');
    expect(record.data).toEqual({ runbookId: hit.id, runbookTitle: 'Pod is crash looping', step: 'Check the pod\'s recent events', done: true, pageId: 'am-9' });
    expect((await call(s, 'runbookGet', { id: hit.id, pageId: 'am-9' })).stepsDone).toEqual(['Check the pod\'s recent events']);
    expect((await call(s, 'runbookGet', { id: hit.id })).stepsDone).toEqual([]);
    await call(s, 'runbookCopy', { text: 'kubectl get pods' });
    expect(s.copied).toEqual(['kubectl get pods']);
  });

  it('rebuilds a damaged index from the cached bodies at start', async () => {
    const folder = tempDir('baton-runbooks-idx-');
    writeFiles(folder, { 'a.md': '# Alpha failover\n', 'b.md': '# Bravo rollback\n' });
    const dataDir = tempDir();
    const s = await services(dataDir);
    await call(s, 'runbookSourceAdd', { kind: 'folder', name: 'Local', path: folder });
    await s.runbooks.idle();
    await stop(s);
    fs.writeFileSync(path.join(dataDir, 'runbooks', 'index.json'), '{"truncated":');
    fs.rmSync(folder, { recursive: true });
    const again = await services(dataDir);
    expect((await call(again, 'runbookSearch', { query: 'rollback' })).hits.map((h) => h.title)).toEqual(['Bravo rollback']);
    await again.runbooks.idle();
    expect(again.hub.get().runbooks.sources.find((x) => x.kind === 'folder')?.lastError).toMatch(/could not be read.*kept/);
    expect(again.hub.get().runbooks.total).toBe(2);
  });
});
