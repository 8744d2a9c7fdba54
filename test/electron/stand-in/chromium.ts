// Drives the stand-in's BrowserWindows with real Chromium (playwright-core). Chromium outside
// Electron cannot load app://, so each window's page is loaded from an http origin whose every
// request is answered by the app's OWN registered protocol handler (CSP header included), the
// BUILT preload runs in the page before any script, and ipcRenderer reaches the real ipcMain
// handlers with the sender Electron would report (the window's main frame at app://baton/…).
import fs from 'node:fs';
import path from 'node:path';
import { bundleForPage } from '../../helpers/bundle';
import type { Browser, BrowserContext, Frame, Page, Route } from 'playwright-core';
import { APP_ORIGIN, isAppUrl } from '../../../electron/origin';
import type { ElectronStandIn, PageDriver, StandInBrowserWindow, StandInFrameMain } from './electron';

/** Where Chromium loads app://baton/… from; every request to it goes to the app's protocol handler. */
export const SERVED_ORIGIN = 'http://baton.localhost';

export function toServed(url: string): string {
  return isAppUrl(url) ? SERVED_ORIGIN + url.slice(url.indexOf('/', 'app://'.length)) : url;
}

export function toApp(url: string): string {
  return url.startsWith(`${SERVED_ORIGIN}/`) ? APP_ORIGIN + url.slice(SERVED_ORIGIN.length) : url;
}

export interface ChromiumWindowOptions {
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
  timezoneId?: string;
  /** Start the page's clock here (and let it run), so nothing shown depends on today's date. */
  clockAt?: number;
}

interface Driven {
  context: BrowserContext;
  page: Page;
  frames: WeakMap<Frame, StandInFrameMain>;
  errors: string[];
}

let rendererScript: Promise<string> | null = null;
function rendererEnvironment(): Promise<string> {
  rendererScript ??= bundleForPage(path.join(import.meta.dirname, 'renderer.ts'), 'chrome140');
  return rendererScript;
}

/** The init script: the renderer stand-in, then the built preload as Electron runs it (CommonJS, require = electron only). */
async function preloadScript(preloadFile: string): Promise<string> {
  const preload = fs.readFileSync(preloadFile, 'utf8');
  return `${await rendererEnvironment()}
;(function (require, module, exports) {
${preload}
})(window.__standinPreloadRequire, { exports: {} }, {});
delete window.__standinPreloadRequire;`;
}

export function chromiumDriver(electron: ElectronStandIn, browser: Browser, options: ChromiumWindowOptions = {}) {
  const driven = new Map<StandInBrowserWindow, Driven>();
  const { module, control } = electron;

  async function open(window: StandInBrowserWindow): Promise<Driven> {
    const webPreferences = window.options.webPreferences ?? {};
    const context = await browser.newContext({
      viewport: options.viewport ?? { width: window.options.width ?? 1100, height: window.options.height ?? 720 },
      colorScheme: options.colorScheme ?? 'light',
      timezoneId: options.timezoneId ?? 'Europe/Berlin',
      locale: 'en-GB',
      javaScriptEnabled: webPreferences.javascript !== false,
    });
    if (options.clockAt !== undefined) await context.clock.install({ time: options.clockAt });
    const page = await context.newPage();
    const state: Driven = { context, page, frames: new WeakMap(), errors: [] };
    page.on('pageerror', (error) => state.errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') state.errors.push(message.text());
    });
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) window.webContents.mainFrame.url = toApp(frame.url());
    });
    await context.route('**/*', (route) => answer(window, page, route));
    await page.exposeBinding('__standinIpcInvoke', async (source, channel: string, args: unknown[]) => {
      try {
        return { ok: true, value: await module.ipcMain.invoke(window.webContents, frameOf(state, source.frame), channel, ...args) };
      } catch (error) {
        return { ok: false, message: (error as Error).message };
      }
    });
    await page.exposeBinding('__standinWindowOpen', (_source, url: string) => window.webContents.requestWindow(toApp(url)));
    // A link with target=_blank opens a page without window.open: ask the handler, close it when denied.
    context.on('page', (popup) => {
      const url = toApp(popup.url());
      if (window.webContents.requestWindow(url, 'foreground-tab') === 'deny') void popup.close();
    });
    if (webPreferences.preload && fs.existsSync(webPreferences.preload)) {
      await page.addInitScript({ content: await preloadScript(webPreferences.preload) });
    }
    return state;
  }

  /** The stand-in frame for a Chromium frame: the window's mainFrame object for the main frame, so identity holds. */
  function frameOf(state: Driven, frame: Frame): StandInFrameMain {
    const window = [...driven.entries()].find(([, d]) => d === state)![0];
    if (frame === state.page.mainFrame()) return window.webContents.mainFrame;
    let known = state.frames.get(frame);
    if (!known) {
      known = control.frame(toApp(frame.url()), window.webContents.mainFrame);
      state.frames.set(frame, known);
    }
    known.url = toApp(frame.url());
    return known;
  }

  async function answer(window: StandInBrowserWindow, page: Page, route: Route): Promise<void> {
    const request = route.request();
    const url = toApp(request.url());
    const isTopNavigation = request.isNavigationRequest() && request.frame() === page.mainFrame();
    if (isTopNavigation && url !== window.loadedUrls.at(-1) && !window.webContents.requestNavigation(url)) {
      return route.abort('aborted');
    }
    if (!isAppUrl(url)) return route.abort('blockedbyclient'); // no network: nothing but the app's own files
    const response = await module.protocol.request(url, { method: request.method() });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    await route.fulfill({ status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) });
  }

  const driver: PageDriver = {
    async load(window, url) {
      let state = driven.get(window);
      if (!state) {
        state = await open(window);
        driven.set(window, state);
      }
      const response = await state.page.goto(toServed(url));
      if (response && !response.ok()) throw new Error(`ERR_FAILED: ${url} answered ${response.status()}`);
    },
    send(win, channel, args) {
      const state = driven.get(win);
      state?.page.evaluate(([c, a]) => window.__standinIpcEmit(c, a), [channel, args] as const).catch(() => undefined);
    },
    async printToPDF(window) {
      const state = driven.get(window);
      if (!state) throw new Error('printToPDF before the page loaded');
      return state.page.pdf({ format: 'A4', printBackground: true });
    },
    async close(window) {
      const state = driven.get(window);
      driven.delete(window);
      await state?.context.close();
    },
  };
  control.attachDriver(driver);

  return {
    /** The Chromium page of a window, for the test to drive like a user. */
    pageOf(window: StandInBrowserWindow): Page {
      const state = driven.get(window);
      if (!state) throw new Error('that window has no page yet');
      return state.page;
    },
    errorsOf(window: StandInBrowserWindow): string[] {
      return driven.get(window)?.errors ?? [];
    },
  };
}
