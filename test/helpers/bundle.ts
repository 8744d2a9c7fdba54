import path from 'node:path';
import { build } from 'esbuild';
import { tempDir } from './services';

/**
 * Bundles a TypeScript entry into one ESM file for a child `node` process (crash tests, memory
 * benchmarks): plain Node runs it with no TypeScript loader, as Electron's main process runs its bundle.
 */
export async function bundleForNode(entry: string, outDir = tempDir('baton-child-')): Promise<string> {
  const outfile = path.join(outDir, `${path.basename(entry, '.ts')}.mjs`);
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    outfile,
    external: ['node-notifier', 'playwright-core', 'esbuild', 'vitest'],
    // Some bundled CommonJS dependencies call require(); give ESM one.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: 'error',
  });
  return outfile;
}

/** Bundles a TypeScript entry into one classic script for a page (`page.addInitScript`), as a string. */
export async function bundleForPage(entry: string, target: string): Promise<string> {
  const result = await build({ entryPoints: [entry], bundle: true, write: false, format: 'iife', platform: 'browser', target, logLevel: 'silent' });
  return result.outputFiles[0].text;
}
