import type { Page } from 'playwright-core';

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
