import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import type { Metric } from './metric';
import { progress } from './metric';
import { launchApp } from '../e2e/harness';
import { seedBusy, sweepWorld, type AxeFinding } from '../e2e/sweep';

/**
 * `ui.axe_critical` and `ui.axe_serious`: axe-core findings over every view and state of the sweep
 * (test/e2e/sweep.ts: a fresh install and a busy night), in both themes. Goal 0 each.
 */
export const axeUi = {
  metrics: ['ui.axe_critical', 'ui.axe_serious'],
  async measure(browser: Browser): Promise<Metric[]> {
    const findings: AxeFinding[] = [];
    const folders: string[] = [];
    try {
      const fresh = await launchApp(browser);
      findings.push(...(await sweepWorld(fresh.page, 'first-run')));
      await fresh.close();
      const busy = await launchApp(browser);
      folders.push(...(await seedBusy(busy)));
      findings.push(...(await sweepWorld(busy.page, 'busy')));
      await busy.close();
    } finally {
      for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
    }
    for (const f of findings) progress(`axe: ${f.state} (${f.theme}) ${f.impact} ${f.rule}: ${f.targets.join(', ')}`);
    const count = (impact: string) => findings.filter((f) => f.impact === impact).length;
    return [
      { metric: 'ui.axe_critical', value: count('critical'), unit: 'count', budget: 0, better: 'lower' },
      { metric: 'ui.axe_serious', value: count('serious'), unit: 'count', budget: 0, better: 'lower' },
    ];
  },
};
