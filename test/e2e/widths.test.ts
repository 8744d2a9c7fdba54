import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useApp } from './fixture';
import { seedBusy } from './sweep';
import { VIEWS } from '../../renderer/navigation';

/** What a 360 px tray popover leaves a view beside a sidebar of icons (56 px) and the content's padding. */
const POPOVER_CONTENT_WIDTH = 280;

/** Elements of the view reaching past its right edge (what would scroll sideways). */
function sticksOut(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const view = document.querySelector<HTMLElement>('#main > .view')!;
    const right = view.getBoundingClientRect().right;
    return [...view.querySelectorAll<HTMLElement>('*')]
      .filter((el) => el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().right > right + 1 && !el.closest('[hidden], .sr-only'))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''} (${Math.round(el.getBoundingClientRect().width)} px)`);
  });
}

/**
 * Every view of a busy night at the tray popover's width (360), the smallest window (720) and a
 * common one (1100), light and dark: screenshots in the test artifacts, and nothing reaching past
 * the view's edge. At 360 px each view is laid out in the width the popover gives it.
 */
describe('views at 360, 720 and 1100 px, light and dark', () => {
  const folders: string[] = [];
  afterAll(() => {
    for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
  });
  const app = useApp({ ready: async (app) => void folders.push(...(await seedBusy(app))) });

  it('lays out every view without sideways scrolling', async () => {
    const overflowing: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      await app.page.emulateMedia({ colorScheme });
      for (const width of [360, 720, 1100]) {
        await app.page.setViewportSize({ width, height: width === 360 ? 640 : 750 });
        for (const view of VIEWS) {
          await app.page.keyboard.press(`Control+${view.digit}`);
          await app.page.locator('#view-title', { hasText: view.label }).waitFor();
          if (width === 360) await app.page.locator('#main > .view').evaluate((el, w) => (el.style.width = `${w}px`), POPOVER_CONTENT_WIDTH);
          await app.screenshot(`view-${view.id}-${width}-${colorScheme}`);
          const out = await sticksOut(app.page);
          if (out.length > 0) overflowing.push(`${view.id} at ${width} px (${colorScheme}): ${out.join(', ')}`);
        }
      }
    }
    expect(overflowing).toEqual([]);
  }, 240_000);
});
