import type { Browser } from 'playwright-core';
import { launchChromium } from '../e2e/harness';
import type { Benchmark, Metric } from './metric';
import { pagesUi } from './ui-pages';
import { axeUi } from './ui-axe';

/**
 * `npm run bench -- ui`: the interface measured in real Chromium against the real services. Each
 * module names its metrics and measures them with the one browser; adding a module to MODULES adds its figures.
 */
const MODULES: { metrics: string[]; measure(browser: Browser): Promise<Metric[]> }[] = [pagesUi, axeUi];

export const benchmarks: Benchmark[] = [
  {
    metrics: MODULES.flatMap((m) => m.metrics),
    async run(emit) {
      const browser = await launchChromium();
      try {
        for (const module of MODULES) for (const metric of await module.measure(browser)) emit(metric);
      } finally {
        await browser.close();
      }
    },
  },
];
