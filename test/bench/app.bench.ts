import { bridge, launchChromium, senderOf, serveRenderer } from '../e2e/harness';
import { startServices, tempDir } from '../helpers/services';
import { percentile, progress, round, type Benchmark } from './metric';

/** Chromium loading the built renderer until the first view is painted, wired to real services. */
export const benchmarks: Benchmark[] = [
  {
    metrics: ['app.renderer.first_paint'],
    async run(emit) {
      const browser = await launchChromium();
      const server = await serveRenderer();
      const services = await startServices({ dataDir: tempDir('baton-bench-') });
      const bridgeScript = await bridge();
      const samples: number[] = [];
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
        await context.close();
      }
      progress(`first paint over ${samples.length} cold page loads: ${samples.map((s) => s.toFixed(0)).join(' ')}`);
      emit({ metric: 'app.renderer.first_paint', value: round(percentile(samples, 50)), unit: 'ms', budget: 500, better: 'lower' });
      await services.dispose();
      await server.close();
      await browser.close();
    },
  },
];
