import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchApp, launchChromium, type AppUnderTest, type LaunchOptions } from './harness';

/**
 * The Chromium lifecycle of a test file, written once: `useBrowser()` and `useApp()` register the
 * beforeAll that launches and the afterAll that closes (after the block's other afterAll hooks
 * registered later, as vitest runs them in reverse), so a test file only says what it needs.
 */

/** One headless Chromium for the calling describe block (or file); read it inside hooks and tests. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('Chromium is launched in beforeAll: use the browser inside a hook or a test');
    return browser;
  };
}

export interface UseAppOptions {
  /** How to launch; a function when an option needs the browser (printing to PDF with it). */
  launch?: LaunchOptions | ((browser: Browser) => LaunchOptions);
  /** Runs once the app is up, before the first test (settings, seeded journal records, page listeners). */
  ready?(app: AppUnderTest): Promise<void> | void;
}

/**
 * The app in Chromium, wired to real services, for the tests of the calling describe block. The
 * returned object stands for the app launched in beforeAll (its members are looked up when used),
 * plus the browser it runs in, for tests that open more pages or apps. It is closed in afterAll.
 */
export function useApp(options: UseAppOptions = {}): Omit<AppUnderTest, 'close'> & { readonly browser: Browser } {
  const browser = useBrowser();
  let launched: AppUnderTest | undefined;
  beforeAll(async () => {
    const launch = typeof options.launch === 'function' ? options.launch(browser()) : options.launch;
    launched = await launchApp(browser(), launch);
    await options.ready?.(launched);
  });
  afterAll(async () => {
    await launched?.close();
  });
  const app = (): AppUnderTest => {
    if (!launched) throw new Error('The app is launched in beforeAll: use it inside a hook or a test');
    return launched;
  };
  return {
    get browser() {
      return browser();
    },
    get page() {
      return app().page;
    },
    get services() {
      return app().services;
    },
    get dataDir() {
      return app().dataDir;
    },
    get origin() {
      return app().origin;
    },
    get pageErrors() {
      return app().pageErrors;
    },
    screenshot: (name) => app().screenshot(name),
    restart: () => app().restart(),
  };
}
