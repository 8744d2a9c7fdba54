import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './fixture';
import { tempDir, call } from '../helpers/services';
import { CRASHLOOP_RUNBOOK, crashLoopingPage, markdownWithEtag, runbookServer, writeFiles } from '../helpers/runbooks';
import { until } from '../helpers/wait';

/** Markdown an attacker could put in a runbook repository or behind a runbook_url. */
const XSS_CORPUS = `---
title: Hostile runbook
service: "<img src=x onerror=window.__xss=1>"
---
# Hostile <script>window.__xss = 1</script> runbook

<script>window.__xss = 2</script>
<img src="x" onerror="window.__xss = 3">
<svg onload="window.__xss = 4"><circle r="5"/></svg>
<iframe src="javascript:window.__xss = 5"></iframe>
<details open ontoggle="window.__xss = 6"><summary>x</summary></details>
<a href="javascript:window.__xss = 7">raw html link</a>
<style>body { display: none }</style>
<div onclick="window.__xss = 8" onmouseover="window.__xss = 8">hover me</div>

- [plain js link](javascript:window.__xss=9)
- [mixed case](JaVaScRiPt:window.__xss=10)
- [leading space]( javascript:window.__xss=11)
- [entity](&#106;avascript:window.__xss=12)
- [data html](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTM8L3NjcmlwdD4=)
- [vbscript](vbscript:msgbox(14))
- [reference link][evil]
- <javascript:window.__xss=15>
- ![image](javascript:window.__xss=16)
- ![pixel](https://tracker.example.com/pixel.gif)
- [a safe link](https://kubernetes.io/docs/)

[evil]: javascript:window.__xss=17

| name | value |
|---|---|
| <img src=x onerror=window.__xss=18> | [cell](javascript:window.__xss=19) |
${Array.from({ length: 3000 }, (_, i) => `| row ${i} | ${'x'.repeat(20)} |`).join('\n')}

\`\`\`html
<script>window.__xss = 20</script>
\`\`\`

<details ontoggle="window.__xss = 21" open><summary onclick="window.__xss = 22"><img src=x onerror="window.__xss=23">Click <b>me</b> &lt;now&gt;</summary>

<script>window.__xss = 24</script>
[a runbook link](DiskFull.md) and [javascript in a path](javascript:window.__xss=25)

![hostile svg](evil.svg)

</details>
`;

/** An SVG with scripts: main accepts it as an image, and through <img> none of it runs. */
const EVIL_SVG = '<svg xmlns="http://www.w3.org/2000/svg" onload="window.__xss=26" width="10" height="10"><script>window.__xss=27</script><rect width="10" height="10"/></svg>';

describe('runbooks in Chromium, wired to the real services', () => {
  let server: Awaited<ReturnType<typeof runbookServer>>;
  const dialogs: string[] = [];
  const folders: string[] = [];

  beforeAll(async () => {
    server = await runbookServer({ '/runbooks/kube-pod-crash-looping.md': markdownWithEtag(() => CRASHLOOP_RUNBOOK) });
  });
  afterAll(async () => {
    await server?.close();
    for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
  });
  const app = useApp({
    ready: (app) =>
      void app.page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      }),
  });

  it('renders the XSS corpus without running a script or keeping a handler attribute or a script link', async () => {
    const folder = tempDir('baton-e2e-runbooks-');
    folders.push(folder);
    writeFiles(folder, { 'hostile.md': XSS_CORPUS, 'evil.svg': EVIL_SVG, 'DiskFull.md': '# Disk full\n\nFree space on `/var/lib/docker` with `docker system prune`.\n' });
    await call(app.services, 'runbookSourceAdd', { kind: 'folder', name: 'Untrusted repo', path: folder });
    await app.services.runbooks.idle();
    const [hit] = (await call(app.services, 'runbookSearch', { query: 'hostile' })).hits;
    app.services.hub.emit('navigate', { view: 'runbooks', id: `runbook:${hit.id}` });
    await app.page.locator('#runbook-title').getByText('Hostile runbook').waitFor();
    await app.page.locator('.runbook-body table tr').nth(3000).waitFor();
    // Give any injected handler a chance to fire.
    await app.page.locator('.runbook-body').hover();
    await app.page.locator('.runbook-body li').first().hover();
    for (const summary of await app.page.locator('.runbook-body summary').all()) await summary.click();
    await app.page.locator('.runbook-body img').first().evaluate((img: HTMLImageElement) => img.decode());
    await app.page.waitForTimeout(300);

    const report = await app.page.evaluate(() => {
      const root = document.querySelector('.runbook-reader')!;
      const all = [...root.querySelectorAll('*')];
      return {
        xss: (window as unknown as { __xss?: number }).__xss ?? null,
        handlerAttributes: all.flatMap((el) => [...el.attributes].filter((a) => a.name.toLowerCase().startsWith('on')).map((a) => `${el.tagName}.${a.name}`)),
        scriptish: all.filter((el) => ['SCRIPT', 'IFRAME', 'SVG', 'STYLE', 'OBJECT', 'EMBED'].includes(el.tagName.toUpperCase())).map((el) => el.tagName),
        hrefs: [...root.querySelectorAll('[href]')].map((el) => el.getAttribute('href')),
        images: [...root.querySelectorAll('img')].map((el) => el.getAttribute('src')?.slice(0, 26)),
        // <details>/<summary> are rebuilt from their structure: no attribute of the source survives.
        details: [...root.querySelectorAll('details, summary')].map((el) => `${el.tagName}[${[...el.attributes].map((a) => a.name).join(',')}] ${el.tagName === 'SUMMARY' ? el.textContent : ''}`.trim()),
        inAppLinks: [...root.querySelectorAll('.runbook-link')].map((el) => el.textContent),
        bodyVisible: getComputedStyle(document.body).display !== 'none',
        codeShown: [...root.querySelectorAll('pre code')].some((el) => el.textContent?.includes('<script>window.__xss = 20</script>')),
      };
    });
    expect(report.xss).toBeNull();
    expect(dialogs).toEqual([]);
    expect(report.handlerAttributes).toEqual([]);
    expect(report.scriptish).toEqual([]);
    expect(report.hrefs).toEqual(['https://kubernetes.io/docs/']);
    expect(report.images).toEqual(['data:image/svg+xml;base64,']);
    // The first <details> is in the middle of an HTML block, not a structure of its own: dropped with the rest.
    expect(report.details).toEqual(['DETAILS[class,open]', 'SUMMARY[] Click me <now>']);
    expect(report.inAppLinks).toEqual(['a runbook link']);
    expect(report.bodyVisible).toBe(true);
    expect(report.codeShown).toBe(true);
    await expect(app.page.locator('.front-matter').innerText()).resolves.toContain('<img src=x onerror=window.__xss=1>');
    await expect(app.page.locator('.runbook-body').innerText()).resolves.not.toContain('hover me');

    await app.page.getByText('plain js link').click();
    await app.page.getByRole('link', { name: 'a safe link' }).click();
    await until('the safe link to open', () => app.services.opened.length > 0);
    expect(app.services.opened).toEqual(['https://kubernetes.io/docs/']);
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
    await app.screenshot('runbooks-xss-corpus');
  });

  it('opens the runbook of a page via focus page:<id>, ticks a step into the journal, copies a command', async () => {
    const url = `${server.origin}/runbooks/kube-pod-crash-looping.md`;
    await app.services.journal.append(
      'page.received',
      crashLoopingPage(url, {
        pageId: 'am-7f3a',
        sourceName: 'Alertmanager (prod)',
        dedupKey: '6c2d9a1f0b3e4d58',
        title: 'KubePodCrashLooping: payments-api-7d9f restarting',
        summary: 'Pod payments-api-7d9f is restarting 4 times / 5 minutes',
      }),
    );
    app.services.hub.emit('navigate', { view: 'runbooks', id: 'page:am-7f3a' });
    await app.page.locator('#runbook-title').getByText('Pod is crash looping').waitFor({ timeout: 8000 }).catch(async (e) => {
      await app.screenshot('runbooks-page-match-failed');
      console.log('runbook for page not shown:', app.pageErrors, JSON.stringify(app.services.hub.get().runbooks), app.services.log.lines.slice(-10));
      throw e;
    });
    const match = app.page.getByRole('region', { name: 'Runbook for the page' });
    await expect(match.innerText()).resolves.toMatch(/best match · the alert’s runbook link/);
    await expect(app.page.locator('.front-matter').innerText()).resolves.toMatch(/team\s+platform/);
    await expect(app.page.getByRole('navigation', { name: 'Outline' }).getByRole('button').allInnerTexts()).resolves.toEqual([
      'KubePodCrashLooping',
      'Diagnose',
      'Mitigate',
    ]);

    const step = app.page.getByRole('checkbox', { name: "Check the pod's recent events" });
    await step.check();
    const record = await until('the step in the journal', () => app.services.journal.records().find((r) => r.type === 'runbook.step.done' && (r.data as { pageId?: string }).pageId === 'am-7f3a'));
    expect(record.data).toMatchObject({ runbookTitle: 'Pod is crash looping', step: "Check the pod's recent events", done: true, pageId: 'am-7f3a' });

    await app.page.locator('.code-block').first().getByRole('button', { name: 'Copy code to the clipboard' }).click();
    await app.page.getByRole('button', { name: 'Copy code to the clipboard' }).first().getByText('Copied').waitFor();
    expect(app.services.copied).toEqual(['kubectl -n payments describe pod "$POD"\nkubectl -n payments logs "$POD" --previous']);

    await app.page.getByRole('button', { name: 'Pin this runbook to KubePodCrashLooping' }).click();
    await app.page.getByText('Pinned to KubePodCrashLooping.').waitFor();
    await app.screenshot('runbooks-page-match');

    // After a restart, the tick is still shown for this page.
    await app.restart();
    app.services.hub.emit('navigate', { view: 'runbooks', id: 'page:am-7f3a' });
    await app.page.locator('#runbook-title').getByText('Pod is crash looping').waitFor();
    await expect(app.page.getByRole('checkbox', { name: "Check the pod's recent events" }).isChecked()).resolves.toBe(true);
    await expect(match.innerText()).resolves.toMatch(/pinned to this alert/);

    // The tick is in the Log, linked back to the runbook.
    await app.page.keyboard.press('Control+4');
    const entry = app.page.locator('.log-row', { hasText: "Done: “Check the pod's recent events” in Pod is crash looping" });
    await entry.waitFor();
    await app.screenshot('runbooks-step-in-log');
    await entry.getByRole('button', { name: 'Runbook' }).click();
    await app.page.locator('#runbook-title').getByText('Pod is crash looping').waitFor();
  });

  it('shows the progress of a large sync and cancels it from the UI, keeping what was imported', async () => {
    const folder = tempDir('baton-e2e-runbooks-big-');
    folders.push(folder);
    const files: Record<string, string> = {};
    for (let i = 0; i < 4000; i++) files[`svc/queue-${i}.md`] = `# Queue ${i} backlog\n\n${'Scale the consumers and watch the lag. '.repeat(50)}\n`;
    writeFiles(folder, files);
    await app.page.keyboard.press('Control+3');
    await app.page.getByLabel('Kind').selectOption('folder');
    await app.page.getByLabel('Name').fill('Queue runbooks');
    await app.page.getByLabel('Folder', { exact: true }).fill(folder);
    await app.page.getByRole('button', { name: 'Add source' }).click();
    const row = app.page.getByRole('listitem', { name: 'Source Queue runbooks' });
    await row.getByRole('progressbar').waitFor();
    await row.scrollIntoViewIfNeeded();
    await app.screenshot('runbooks-sync-progress');
    await row.getByRole('button', { name: 'Cancel sync' }).click();
    await row.getByText('Sync cancelled; the runbooks synced before are kept.').waitFor();
    const status = app.services.hub.get().runbooks.sources.find((s) => s.name === 'Queue runbooks')!;
    // What was imported before the cancel is kept: some of the folder, or (on a fast machine, where the
    // cancel lands while the index is written) all of it; the sync itself reports it was cancelled.
    expect(status.count).toBeGreaterThan(0);
    expect(status.count).toBeLessThanOrEqual(4000);
    await call(app.services, 'runbookSourceRemove', { id: status.id });
    await row.waitFor({ state: 'detached' });
  });

  it('searches with highlighted snippets, shows sources with their errors, and works offline', async () => {
    await server.close();
    await call(app.services, 'runbookSync', { sourceId: 'links' });
    await app.services.runbooks.idle();
    await app.page.getByLabel('Search runbooks').fill('doker');
    await app.page.getByRole('list', { name: 'Search results' }).getByRole('button', { name: /^Disk full/ }).waitFor();
    await expect(app.page.locator('.snippet mark').first().innerText()).resolves.toMatch(/docker/i);
    await app.page.getByLabel('Search runbooks').fill('crashloop');
    await app.page.getByRole('list', { name: 'Search results' }).getByRole('button', { name: /Pod is crash looping/ }).click();
    // The same runbook was open before the servers stopped: wait for the refreshed copy.
    await app.page.locator('.runbook-header').getByText('stale copy').waitFor();
    await app.page.locator('.runbook-header').getByText(/could not be reached.*last good copy/).waitFor();
    await expect(app.page.getByRole('listitem', { name: 'Source Links from pages' }).innerText()).resolves.toMatch(/could not be refreshed \(last good copies kept\)/);
    await app.page.evaluate(() => document.getElementById('main')?.scrollTo(0, 0));
    await app.screenshot('runbooks-search-offline');
    await app.page.emulateMedia({ colorScheme: 'dark' });
    await app.screenshot('runbooks-dark');
    await app.page.emulateMedia({ colorScheme: 'light' });
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
  });
});
