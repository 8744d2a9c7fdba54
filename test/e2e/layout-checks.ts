import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Measurements of the window's layout, shared by the e2e tests and the `ui` benchmark so both
 * count the same way.
 */

/** Elements that scroll sideways: the document, or a scrolling box whose content is wider than it. */
export function sidewaysScrollers(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [document.scrollingElement!, ...document.querySelectorAll<HTMLElement>('*')]
      .filter((e) => e === document.scrollingElement || ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
      .filter((e) => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1)
      .map((e) => e.tagName.toLowerCase() + (typeof e.className === 'string' && e.className ? `.${e.className.trim().split(/\s+/).join('.')}` : '')),
  );
}

/** Page rows of the Pages view (pages and group headers) wholly visible without scrolling. */
export function visiblePageRows(page: Page): Promise<number> {
  return page.evaluate(() => {
    const list = document.querySelector('.page-list');
    if (!list) return 0;
    const box = list.getBoundingClientRect();
    return [...list.querySelectorAll('.page-item')].filter((row) => {
      const r = row.getBoundingClientRect();
      return r.height > 0 && r.top >= Math.max(box.top, 0) && r.bottom <= Math.min(box.bottom, window.innerHeight);
    }).length;
  });
}

/** axe-core's critical and serious findings within `selector`, one line each (rule: targets). */
export async function seriousAxeProblems(page: Page, selector: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include(selector).analyze();
  return results.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export interface LookOptions {
  /** Window height while looking. */
  height: number;
  /** The parts axe checks, each with 0 critical/serious findings. */
  axe: string[];
  /** Whether the document must not scroll sideways (default true). */
  noSideways?: boolean;
  /** Runs after the checks at each width (e.g. going back to where `look` started). */
  after?: (width: number, colorScheme: 'light' | 'dark') => Promise<void>;
}

/**
 * The "look at it" loop: in light and dark, at 360, 720 and 1100 px wide, `look` brings the part into
 * view and takes its screenshots; then axe finds nothing critical or serious and nothing scrolls sideways.
 */
export async function lookAtWidths(
  page: Page,
  options: LookOptions,
  look: (width: number, colorScheme: 'light' | 'dark') => Promise<void>,
): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const width of [360, 720, 1100]) {
      await page.setViewportSize({ width, height: options.height });
      await look(width, colorScheme);
      for (const part of options.axe) expect(await seriousAxeProblems(page, part), `${part} ${width} px ${colorScheme}`).toEqual([]);
      if (options.noSideways !== false) {
        const sideways = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
        expect(sideways, `sideways scroll at ${width} px ${colorScheme}`).toBe(false);
      }
      await options.after?.(width, colorScheme);
    }
  }
}
