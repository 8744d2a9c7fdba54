// Builds the three bundles Electron loads: main (Node, CJS), preload (sandboxed, one file), renderer (browser).
import { build } from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist');
// Production by default (what users run and what benchmarks measure); `--dev` keeps React's dev checks.
const production = !process.argv.includes('--dev');
// `--cli`: only the `baton` command (what `npm run baton` needs), quietly, leaving the rest of dist/ as it is.
const cliOnly = process.argv.includes('--cli');

const common = { bundle: true, sourcemap: true, logLevel: 'warning', absWorkingDir: root, minify: production };
const { version } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));

/**
 * The `baton` command: three bundles so each command loads only what it uses. baton.cjs (commander,
 * the socket client, plain-text output) is all `baton note` loads; baton-read.cjs reads the data
 * folder while the app is stopped and renders handoffs (zod, the folds); baton-mcp.cjs is the MCP server.
 */
const cli = () =>
  build({
    ...common,
    entryPoints: { baton: 'electron/cli/main.ts', 'baton-read': 'electron/cli/read.ts', 'baton-mcp': 'electron/cli/mcp.ts' },
    outdir: 'dist/cli',
    outExtension: { '.js': '.cjs' },
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    define: { 'process.env.BATON_VERSION': JSON.stringify(version) },
  });

if (cliOnly) {
  await rm(path.join(out, 'cli'), { recursive: true, force: true });
  await cli();
  process.exit(0);
}

await rm(out, { recursive: true, force: true });
await mkdir(path.join(out, 'renderer'), { recursive: true });

await Promise.all([
  cli(),
  build({
    ...common,
    entryPoints: ['electron/main.ts'],
    outfile: 'dist/main/main.cjs',
    // Main and preload load from local disk: unminified, so stack traces in baton.log and line
    // coverage of the edge read as the source does. The renderer stays minified (first paint).
    minify: false,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    // node-notifier finds its helper binaries next to its own files, so it stays a real module.
    external: ['electron', 'node-notifier'],
  }),
  build({
    ...common,
    entryPoints: ['electron/preload.ts'],
    outfile: 'dist/preload/preload.cjs',
    minify: false,
    // A sandboxed preload may require only 'electron': everything else is bundled in.
    platform: 'browser',
    format: 'cjs',
    target: 'chrome140',
    external: ['electron'],
  }),
  build({
    ...common,
    entryPoints: { app: 'renderer/main.tsx' },
    outdir: 'dist/renderer',
    platform: 'browser',
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    target: 'chrome140',
    jsx: 'automatic',
    loader: { '.woff2': 'file', '.png': 'file', '.svg': 'file' },
    define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
  }),
]);
// The first frame (sidebar, the first view's heading) rendered from the app's own components into
// index.html, so it paints before app.js is parsed and before main sends the state (renderer/first-frame.tsx).
await build({ ...common, bundle: false, entryPoints: ['renderer/boot.ts'], outfile: 'dist/renderer/boot.js', platform: 'browser', format: 'esm', target: 'chrome140' });
const firstFrameOut = path.join(out, 'first-frame.cjs');
await build({
  ...common,
  sourcemap: false,
  entryPoints: ['renderer/first-frame.tsx'],
  outfile: firstFrameOut,
  minify: false,
  platform: 'node',
  format: 'cjs',
  target: 'node24',
  jsx: 'automatic',
  // renderer/api.ts reads window.baton when loaded; at build time there is no window and no main.
  banner: { js: 'globalThis.window ??= {};' },
  define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
});
const { firstFrame } = (await import(pathToFileURL(firstFrameOut).href)).default;
const html = await readFile(path.join(root, 'renderer/index.html'), 'utf8');
if (!html.includes('<div id="root"></div>')) throw new Error('renderer/index.html has no empty <div id="root"></div> for the first frame');
await writeFile(path.join(out, 'renderer/index.html'), html.replace('<div id="root"></div>', `<div id="root">${firstFrame()}</div>`));
await rm(firstFrameOut);
console.log('built dist/main, dist/preload, dist/renderer, dist/cli');
