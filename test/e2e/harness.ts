import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import type { Sender } from '../../electron/router';
import { startServices, tempDir, type TestServices } from '../helpers/services';
import { bundleForPage } from '../helpers/bundle';
import { runningClock } from '../helpers/clock';
import { APP_ORIGIN } from '../../electron/origin';
import { appPaths } from '../../electron/app/paths';
import type { ServiceDeps } from '../../electron/services';

const root = path.resolve(import.meta.dirname, '../..');
// The folder the built app serves app://baton from (the same constant main.ts uses).
const rendererDir = path.resolve(appPaths(path.join(root, 'dist/main')).renderer);
export const artifactsDir = path.join(root, 'test-artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for a headless Chromium on a machine with no network and no GPU, running as root. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

let bridgeScript: Promise<string> | null = null;
/** The test stand-in for the preload, as a script for `page.addInitScript`. */
export function bridge(): Promise<string> {
  bridgeScript ??= bundleForPage(path.join(import.meta.dirname, 'bridge-entry.ts'), 'chrome120');
  return bridgeScript;
}

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}; install Debian's chromium package`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** Serves the built renderer on 127.0.0.1 (an ephemeral port), like app://baton serves it in Electron. */
export async function serveRenderer(extraPages: Record<string, string> = {}): Promise<{ origin: string; close(): Promise<void> }> {
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) throw new Error('dist/renderer is missing: run `npm run build` first');
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml', '.woff2': 'font/woff2' };
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (Object.hasOwn(extraPages, pathname)) return void res.writeHead(200, { 'content-type': 'text/html' }).end(extraPages[pathname]);
    const file = path.resolve(rendererDir, '.' + (pathname === '/' ? '/index.html' : pathname));
    if (!file.startsWith(rendererDir + path.sep) || !fs.existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface AppUnderTest {
  page: Page;
  services: TestServices;
  dataDir: string;
  origin: string;
  /** Errors the page threw or logged; tests assert this stays empty. */
  pageErrors: string[];
  screenshot(name: string): Promise<string>;
  /** Stops the services and starts them again over the same data directory, then reloads the page. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  dataDir?: string;
  deps?: Partial<ServiceDeps>;
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
  /** Start the services' clock and the page's clock at this instant (then running in real time), so no expectation depends on today's date. */
  startAt?: string;
}

/** The renderer in real Chromium, its window.baton wired to real services in this process. */
export async function launchApp(browser: Browser, options: LaunchOptions = {}): Promise<AppUnderTest> {
  const dataDir = options.dataDir ?? tempDir('baton-e2e-');
  const server = await serveRenderer();
  const clockDeps = options.startAt ? { clock: runningClock(options.startAt) } : {};
  let services = await startServices({ dataDir, ...clockDeps, ...options.deps });
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1100, height: 720 },
    colorScheme: options.colorScheme ?? 'light',
    timezoneId: 'Europe/Berlin',
    locale: 'en-GB',
  });
  if (options.startAt) await context.clock.install({ time: Date.parse(options.startAt) });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });

  await page.exposeBinding('__batonInvoke', (source, channel: string, args: unknown) =>
    services.dispatch(channel, args, senderOf(source, page, server.origin)),
  );
  await page.addInitScript({ content: await bridge() });

  let disconnect = connect();
  function connect() {
    return services.hub.connect((name, payload) => {
      page.evaluate(([n, p]) => window.__batonEmit(n, p), [name, payload] as const).catch(() => undefined);
    });
  }

  await page.goto(`${server.origin}/index.html`);
  await waitForShell(page, pageErrors);

  return {
    page,
    get services() {
      return services;
    },
    dataDir,
    origin: server.origin,
    pageErrors,
    async screenshot(name) {
      const dir = path.join(artifactsDir, 'screenshots');
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: false });
      return file;
    },
    async restart() {
      disconnect();
      await services.dispose();
      services = await startServices({ dataDir, ...clockDeps, ...options.deps });
      disconnect = connect();
      await page.reload();
      await waitForShell(page, pageErrors);
    },
    async close() {
      disconnect();
      await context.close();
      await services.dispose();
      await server.close();
    },
  };
}

/**
 * This harness serves the built renderer over http because Chromium outside Electron cannot load
 * app://; a frame of that server is reported as Electron reports the app's pages (app://baton/…),
 * any other frame as it is. (test/electron/ runs the shipped bundles with the app's own protocol.)
 */
export function senderOf(source: { frame: Frame; page: Page }, appPage: Page, served: string): Sender {
  const frameUrl = source.frame.url();
  return {
    frameUrl: frameUrl.startsWith(`${served}/`) ? APP_ORIGIN + frameUrl.slice(served.length) : frameUrl,
    isMainFrame: source.frame === source.page.mainFrame(),
    isAppWindow: source.page === appPage,
  };
}

async function waitForShell(page: Page, pageErrors: string[]): Promise<void> {
  try {
    await page.waitForSelector('#view-title', { timeout: 15_000 });
    // Views other than the first load right after the first paint; tests start once they are in.
    await page.waitForFunction(() => document.documentElement.dataset.viewsReady === 'true', undefined, { timeout: 15_000 });
  } catch (error) {
    throw new Error(`The renderer did not show a view: ${pageErrors.join(' | ') || (error as Error).message}`);
  }
}
