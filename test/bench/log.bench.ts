import path from 'node:path';
import { build } from 'esbuild';
import { launchChromium, senderOf, serveRenderer } from '../e2e/harness';
import { startServices, tempDir } from '../helpers/services';
import { seedJournal } from '../helpers/journal';
import { percentile, progress, round, type Benchmark } from './metric';

/**
 * Chromium showing the Log view over a journal of 100,000 entries, wired to real services: from the
 * click on "Log" until the newest rows are painted (the view mounts, asks main for its first window
 * of the 100k-entry log, renders the virtualised rows, and a frame is drawn).
 */
// A string, so the bench runner's transpiler adds no helpers the page does not have.
const MEASURE_CLICK_TO_ROWS = `new Promise((resolve) => {
  const logButton = [...document.querySelectorAll('nav button')].find((b) => b.textContent.startsWith('Log'));
  const started = performance.now();
  function poll() {
    if (document.querySelector('.log-row .log-text')) requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - started)));
    else requestAnimationFrame(poll);
  }
  logButton.click();
  poll();
})`;

export const benchmarks: Benchmark[] = [
  {
    metrics: ['log.first_paint_100k'],
    async run(emit) {
      const dataDir = tempDir('baton-bench-log-');
      seedJournal(path.join(dataDir, 'journal'), 100_000);
      const browser = await launchChromium();
      const server = await serveRenderer();
      const services = await startServices({ dataDir });
      const bridge = (
        await build({ entryPoints: [path.join(import.meta.dirname, '../e2e/bridge-entry.ts')], bundle: true, write: false, format: 'iife', logLevel: 'silent' })
      ).outputFiles[0].text;
      const context = await browser.newContext({ viewport: { width: 1100, height: 720 }, timezoneId: 'Europe/Berlin' });
      const page = await context.newPage();
      await page.exposeBinding('__batonInvoke', (source, channel: string, args: unknown) =>
        services.dispatch(channel, args, senderOf(source, page, server.origin)),
      );
      await page.addInitScript({ content: bridge });
      const samples: number[] = [];
      const runs = 12;
      for (let i = 0; i < runs; i++) {
        await page.goto(`${server.origin}/index.html`);
        await page.waitForSelector('#view-title');
        // Measured inside the page, so the number is what the user sees, not the test driver's round trips.
        const elapsed = (await page.evaluate(MEASURE_CLICK_TO_ROWS)) as number;
        const count = await page.locator('.log-row').count();
        if (count === 0 || count > 80) throw new Error(`the Log view rendered ${count} rows`);
        if (i > 0) samples.push(elapsed); // the first run warms Chromium's caches
      }
      progress(`Log view over 100k entries, click → rows painted: ${samples.map((s) => s.toFixed(0)).join(' ')} ms`);
      emit({ metric: 'log.first_paint_100k', value: round(percentile(samples, 50)), unit: 'ms', budget: 500, better: 'lower' });
      await context.close();
      await services.dispose();
      await server.close();
      await browser.close();
    },
  },
];
