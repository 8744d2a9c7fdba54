import type { Page } from 'playwright-core';
import { bridge, launchChromium, senderOf, serveRenderer } from '../e2e/harness';
import { startServices, tempDir } from '../helpers/services';
import { percentile, progress, round, type Benchmark } from './metric';

/** Chromium loading the built renderer until the first view is painted, wired to real services. */
export const benchmarks: Benchmark[] = [
  {
    metrics: ['app.renderer.first_paint', 'app.renderer.first_paint_vs_blank', 'app.renderer.state_shown'],
    async run(emit) {
      const browser = await launchChromium();
      const server = await serveRenderer({ '/blank.html': '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Baton</title></head><body><h1 id="view-title">Baton</h1></body></html>' });
      const services = await startServices({ dataDir: tempDir('baton-bench-') });
      const bridgeScript = await bridge();
      const samples: number[] = [];
      const blank: number[] = [];
      const live: number[] = [];
      const paint: number[] = [];
      const blankPaint: number[] = [];
      const runs = 15;
      for (let i = 0; i < runs; i++) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.exposeBinding('__batonInvoke', (source, channel: string, args: unknown) =>
          services.dispatch(channel, args, senderOf(source, page, server.origin)),
        );
        await page.addInitScript({ content: bridgeScript });
        const started = performance.now();
        await page.goto(`${server.origin}/index.html`, { waitUntil: 'commit' });
        await page.waitForSelector('#view-title');
        // The view is in the DOM; wait for the frame that paints it.
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        if (i > 0) samples.push(performance.now() - started); // the first load warms Chromium's caches of its own
        if (i > 0) paint.push(await firstContentfulPaint(page));
        // The first frame is built into index.html; the live app takes over once its script ran and main's state is in.
        await page.waitForSelector('main[aria-busy="false"] #view-title');
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        if (i > 0) live.push(performance.now() - started);
        await context.close();
        // The same cold load of a page with one heading, in the same run: what Chromium alone costs here.
        const blankContext = await browser.newContext();
        const blankPage = await blankContext.newPage();
        const blankStarted = performance.now();
        await blankPage.goto(`${server.origin}/blank.html`, { waitUntil: 'commit' });
        await blankPage.waitForSelector('#view-title');
        await blankPage.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        if (i > 0) blank.push(performance.now() - blankStarted);
        if (i > 0) blankPaint.push(await firstContentfulPaint(blankPage));
        await blankContext.close();
      }
      progress(`first paint over ${samples.length} cold page loads: ${samples.map((s) => s.toFixed(0)).join(' ')}`);
      progress(`a one-heading page over the same loads: ${blank.map((s) => s.toFixed(0)).join(' ')}`);
      progress(`first contentful paint (Chromium's paint timing) of Baton: ${paint.map((s) => s.toFixed(0)).join(' ')}`);
      progress(`first contentful paint of the one-heading page: ${blankPaint.map((s) => s.toFixed(0)).join(' ')}`);
      progress(`the same ratio from Chromium's first contentful paint: ${round(percentile(paint, 50) / percentile(blankPaint, 50))}× (${round(percentile(paint, 50))} ÷ ${round(percentile(blankPaint, 50))} ms)`);
      progress(`the live app with main's state shown: ${live.map((s) => s.toFixed(0)).join(' ')}`);
      emit({ metric: 'app.renderer.first_paint', value: round(percentile(samples, 50)), unit: 'ms', budget: 500, better: 'lower' });
      emit({ metric: 'app.renderer.first_paint_vs_blank', value: round(percentile(samples, 50) / percentile(blank, 50)), unit: 'x', budget: 1.5, better: 'lower' });
      emit({ metric: 'app.renderer.state_shown', value: round(percentile(live, 50)), unit: 'ms', better: 'lower' });
      await services.dispose();
      await server.close();
      await browser.close();
    },
  },
];

/** When Chromium first painted content in the page (Paint Timing), in ms from the navigation's start. */
function firstContentfulPaint(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        new PerformanceObserver((list, observer) => {
          const entry = list.getEntriesByName('first-contentful-paint')[0];
          if (!entry) return;
          observer.disconnect();
          resolve(entry.startTime);
        }).observe({ type: 'paint', buffered: true });
      }),
  );
}
