import type { Browser } from 'playwright-core';

/**
 * A real `deps.printToPdf` for tests: Chromium prints the HTML as Electron's printToPDF does at the
 * edge (A4, backgrounds on). Pass it as `startServices({ printToPdf: printWithChromium(browser) })`.
 */
export function printWithChromium(browser: Browser): (html: string) => Promise<Uint8Array> {
  return async (html) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      return new Uint8Array(await page.pdf({ format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' } }));
    } finally {
      await context.close();
    }
  };
}
