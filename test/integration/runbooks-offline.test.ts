import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock, type ManualClock } from '../helpers/clock';
import { featureKit, runbooksFeature, type FeatureKit, recordPage } from '../helpers/feature';
import { markdownWithEtag, runbookServer, writeFiles } from '../helpers/runbooks';
import { until } from '../helpers/wait';
import { silentServer } from '../helpers/silent-server';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** The runbooks feature on a real journal, a folder of runbooks synced, and a runbook_url host that never answers. */
async function offlineSetup(options: { maxLinkFetches?: number } = {}) {
  const server = await silentServer();
  cleanups.push(server.close);
  const clock: ManualClock = manualClock('2026-03-02T10:00:00Z');
  const kit = await featureKit({ clock });
  cleanups.push(kit.close);
  const folder = path.join(kit.dataDir, 'team-runbooks');
  writeFiles(folder, {
    'alerts/KubePodCrashLooping.md': '# Pod crash looping\n\nCheck `kubectl describe pod` for the last state.\n',
    'alerts/KubeJobCompletion.md': '# KubeJobCompletion\n\nA job takes longer than expected to complete. Check its pods.\n',
    'alerts/KubeJobFailed.md': '# KubeJobFailed\n\nA job failed. Read the logs of its last pod.\n',
    'infra/disk-full.md': '# Disk full\n\nRun `du -xh /var | sort -h`.\n',
  });
  // The real fetch, counted: how many are under way at once (counted here, not at the server: it
  // learns that a socket was given up a moment after the next request has arrived).
  const fetches = { active: 0, mostAtOnce: 0 };
  const counted: typeof fetch = (input, init) => {
    fetches.mostAtOnce = Math.max(fetches.mostAtOnce, ++fetches.active);
    return fetch(input, init).finally(() => fetches.active--);
  };
  const feature = await runbooksFeature(kit, { fetch: counted, linkAnswerTimeoutMs: 300, linkBackoffMs: 60_000, maxLinkFetches: options.maxLinkFetches });
  cleanups.push(feature.dispose);
  const { id } = await feature.runbooks.handlers.runbookSourceAdd({ kind: 'folder', name: 'Team runbooks', path: folder });
  await feature.runbooks.sync(id);
  await feature.runbooks.idle();
  return { ...feature, kit, clock, server, fetches };
}

const page = (kit: FeatureKit, labels: Record<string, string>, annotations: Record<string, string> = {}) => recordPage(kit, labels, { annotations });

describe('a page’s runbook with a runbook_url host that never answers', () => {
  it('opens from the cache at once, fetches the link once in the background, and does not retry on the next open', async () => {
    const { runbooks, kit, clock, server, slices } = await offlineSetup();
    const url = `${server.origin}/runbooks/KubePodCrashLooping.md`;
    const pageId = await page(kit, { alertname: 'KubePodCrashLooping' }, { runbook_url: url });

    const asked = performance.now();
    const first = await runbooks.forPage(pageId);
    expect(performance.now() - asked).toBeLessThan(500);
    expect(first.best).toMatchObject({ title: 'Pod crash looping', reason: 'alertname' });
    expect(first.urlError).toBeNull();
    expect(first.linkNote).toMatch(/in the background; showing the cached runbook meanwhile/);

    // The page's arrival and the open asked for the same link: one request.
    await runbooks.idle();
    expect(server.requests()).toBe(1);
    const second = await runbooks.forPage(pageId);
    expect(second.best).toMatchObject({ title: 'Pod crash looping', reason: 'alertname' });
    expect(second.linkNote).toMatch(/^Link unreachable \(.*did not answer within 0 s\), showing the cached runbook\.$/);
    await runbooks.forPage(pageId);
    await runbooks.idle();
    expect(server.requests()).toBe(1);
    // Told once in the log, and once to the view (to show the note), not on every retry.
    expect(kit.log.lines.filter((l) => l.includes('could not fetch a runbook link'))).toHaveLength(1);
    expect(slices.at(-1)!.linkUpdates).toBe(1);

    // After the backoff, an open tries again (once), and the backoff doubles.
    clock.advance(61_000);
    await runbooks.forPage(pageId);
    await runbooks.idle();
    expect(server.requests()).toBe(2);
    clock.advance(61_000);
    await runbooks.forPage(pageId);
    await runbooks.idle();
    expect(server.requests()).toBe(2);
    clock.advance(60_000);
    await runbooks.forPage(pageId);
    await runbooks.idle();
    expect(server.requests()).toBe(3);
    expect(kit.log.lines.filter((l) => l.includes('could not fetch a runbook link'))).toHaveLength(1);
    expect(slices.at(-1)!.linkUpdates).toBe(1);
  });

  it('a storm of 200 pages starts one fetch per link, at most 3 at once', async () => {
    const { runbooks, kit, server, fetches } = await offlineSetup({ maxLinkFetches: 3 });
    const links = Array.from({ length: 12 }, (_, i) => `${server.origin}/runbooks/alert-${i}.md`);
    const pages: string[] = [];
    for (let i = 0; i < 200; i++) pages.push(await page(kit, { alertname: `KubePodCrashLooping` }, { runbook_url: links[i % links.length] }));
    // Opening pages during the storm answers from the cache, and starts nothing more.
    for (const pageId of pages.slice(0, 50)) expect((await runbooks.forPage(pageId)).best?.reason).toBe('alertname');
    await until('every link to be tried once', () => server.paths.length === links.length && server.waiting() === 0);
    await runbooks.idle();
    expect(fetches.mostAtOnce).toBe(3);
    expect(server.requests()).toBe(links.length);
    expect([...server.paths].sort()).toEqual(links.map((l) => new URL(l).pathname).sort());
    for (const pageId of pages) await runbooks.forPage(pageId);
    await runbooks.idle();
    expect(server.requests()).toBe(links.length);
  });
});

describe('a page’s runbook link that answers', () => {
  it('is fetched in the background, and the slice tells the view to ask again, now with the link first', async () => {
    const { runbooks, kit, slices } = await offlineSetup();
    const served = await runbookServer({ '/wiki/crashloop.md': markdownWithEtag(() => '# Crash loop, the team’s own\n\n- [ ] Roll back the last deploy\n') });
    cleanups.push(served.close);
    const pageId = await page(kit, { alertname: 'KubePodCrashLooping' }, { runbook_url: `${served.origin}/wiki/crashloop.md` });
    const first = await runbooks.forPage(pageId);
    expect(first.best).toMatchObject({ title: 'Pod crash looping', reason: 'alertname' });
    await until('the link to be stored', () => slices.at(-1)!.linkUpdates === 1);
    const better = await runbooks.forPage(pageId);
    expect(better.best).toMatchObject({ title: 'Crash loop, the team’s own', reason: 'url' });
    expect(better.alternatives[0]).toMatchObject({ title: 'Pod crash looping', reason: 'alertname' });
    expect(better.linkNote).toBeNull();
    expect(served.requests).toHaveLength(1);
  });
});

describe('suggestions for a page without an exact runbook', () => {
  it('finds a renamed alert’s runbook by the words of its name, says why, and gives the query', async () => {
    const { runbooks, kit, server } = await offlineSetup();
    const result = await runbooks.forPage(
      await page(kit, { alertname: 'KubeJobNotCompleted', namespace: 'batch' }, { summary: 'Job batch/backup is taking more than 12 hours to complete.' }),
    );
    expect(result.best).toMatchObject({ title: 'KubeJobCompletion', reason: 'similar', matched: ['kube', 'job', 'completion'] });
    expect(result.query).toBe('kube job completed batch backup taking hours complete');
    expect(result.linkNote).toBeNull();
    expect(server.requests()).toBe(0);
  });

  it('suggests by the alert name’s words (snake_case) with the words matched, and searches with its summary', async () => {
    const { runbooks, kit } = await offlineSetup();
    const result = await runbooks.forPage(await page(kit, { alertname: 'node_disk_full' }, { summary: 'Filesystem on /var will fill up within 4 hours' }));
    expect(result.best).toMatchObject({ title: 'Disk full', reason: 'similar', matched: ['disk', 'full'] });
    expect(result.query).toBe('node disk full filesystem var fill up within hours');
    const kebab = await runbooks.forPage(await page(kit, { alertname: 'host-disk-full-soon' }, { summary: 'Filesystem on /var will fill up within 4 hours' }));
    expect(kebab.query).toBe('host disk full soon filesystem var fill up within hours');
    expect(kebab.best).toMatchObject({ title: 'Disk full', reason: 'search' });
    expect(kebab.best?.matched).toEqual(expect.arrayContaining(['disk', 'full']));
    const unnamed = await runbooks.forPage(await page(kit, { severity: 'page' }, { summary: 'The pod is crash looping in shop' }));
    expect(unnamed.query).toBe('pod crash looping shop');
    expect(unnamed.best).toMatchObject({ title: 'Pod crash looping', reason: 'search' });
    expect(unnamed.best?.matched).toEqual(expect.arrayContaining(['crash', 'looping']));
  });
});
