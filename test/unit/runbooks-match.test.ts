import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../helpers/clock';
import { closeAfterEach, featureKit, runbooksFeature, recordPage } from '../helpers/feature';
import { writeFiles } from '../helpers/runbooks';

const cleanup = closeAfterEach();

/** The runbooks feature alone, on a real journal and settings, with a folder of three runbooks synced. */
async function runbooksWithFolder() {
  const kit = await featureKit({ clock: manualClock('2026-03-02T10:00:00Z') });
  cleanup.add(kit.close);
  const folder = path.join(kit.dataDir, 'team-runbooks');
  writeFiles(folder, {
    'alerts/KubePodCrashLooping.md': '# Pod crash looping\n\nCheck `kubectl describe pod` for the last state.\n',
    'services/payments-latency.md': '---\nservice: payments\n---\n# Payments latency\n\nLook at the p99 of the ingress.\n',
    'infra/disk-full.md': '# Disk full\n\nRun `du -xh /var | sort -h`.\n',
  });
  const feature = await runbooksFeature(kit);
  cleanup.add(feature.dispose);
  const { id } = await feature.runbooks.handlers.runbookSourceAdd({ kind: 'folder', name: 'Team runbooks', path: folder });
  await feature.runbooks.sync(id);
  await feature.runbooks.idle();
  const idOf = (title: string) => [...feature.runbooks.cache.entries()].find((e) => e.title === title)!.id;
  return { ...feature, kit, idOf };
}

const page = recordPage;

describe('runbook for a page (forPage), without the app', () => {
  it('finds the runbook named after the alert first', async () => {
    const { runbooks, kit } = await runbooksWithFolder();
    const result = await runbooks.forPage(await page(kit, { alertname: 'KubePodCrashLooping', namespace: 'shop' }));
    expect(result.page?.alertName).toBe('KubePodCrashLooping');
    expect(result.best).toMatchObject({ title: 'Pod crash looping', reason: 'alertname', location: 'alerts/KubePodCrashLooping.md', sourceName: 'Team runbooks' });
    expect(result.urlError).toBeNull();
  });

  it('falls back to the runbook of the page’s service', async () => {
    const { runbooks, kit } = await runbooksWithFolder();
    const result = await runbooks.forPage(await page(kit, { alertname: 'HighLatency', service: 'Payments' }));
    expect(result.best).toMatchObject({ title: 'Payments latency', reason: 'labels' });
  });

  it('puts a pinned runbook before every other match, and unpinning restores the order', async () => {
    const { runbooks, kit, idOf } = await runbooksWithFolder();
    const pageId = await page(kit, { alertname: 'HighLatency', service: 'payments' });
    await runbooks.handlers.runbookPin({ alertName: 'HighLatency', runbookId: idOf('Disk full') });
    const pinned = await runbooks.forPage(pageId);
    expect(pinned.best).toMatchObject({ title: 'Disk full', reason: 'pinned' });
    expect(pinned.alternatives[0]).toMatchObject({ title: 'Payments latency', reason: 'labels' });
    await runbooks.handlers.runbookPin({ alertName: 'HighLatency', runbookId: null });
    expect((await runbooks.forPage(pageId)).best).toMatchObject({ title: 'Payments latency', reason: 'labels' });
  });

  it('tells a runbook link that is not http(s), and still matches by alert name', async () => {
    const { runbooks, kit } = await runbooksWithFolder();
    const result = await runbooks.forPage(await page(kit, { alertname: 'KubePodCrashLooping' }, { runbookUrl: 'file:///etc/passwd' }));
    expect(result.urlError).toBe('The page’s runbook link is not an http(s) link.');
    expect(result.best).toMatchObject({ title: 'Pod crash looping', reason: 'alertname' });
  });

  it('answers an unknown page with nothing, and keeps its slice and settings on disk', async () => {
    const { runbooks, slices, kit } = await runbooksWithFolder();
    expect(await runbooks.forPage('test:unknown')).toEqual({ page: null, best: null, alternatives: [], urlError: null, linkNote: null, query: '' });
    expect(slices.at(-1)).toMatchObject({ total: 3, indexReady: true });
    expect(slices.at(-1)!.sources.map((s) => [s.name, s.status, s.count])).toEqual([
      ['Links from pages', 'idle', 0],
      ['Team runbooks', 'ok', 3],
    ]);
    const stored = JSON.parse(fs.readFileSync(path.join(kit.dataDir, 'settings.json'), 'utf8')) as { runbookSources: { sources: { name: string }[] } };
    expect(stored.runbookSources.sources.map((s) => s.name)).toEqual(['Team runbooks']);
  });
});
