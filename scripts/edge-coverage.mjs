// Line coverage of the Electron edge (electron/app/*, electron/main.ts, electron/preload.ts) from
// the tests that run the BUILT bundles under the Electron stand-in (vitest project "electron").
// V8 records coverage of dist/main/main.cjs and dist/preload/preload.cjs; their source maps lead
// back to the TypeScript. Prints one line per file and writes test-artifacts/edge-coverage.json.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rawDir = path.join(root, 'test-artifacts', 'v8-coverage');
const bundles = ['dist/main/main.cjs', 'dist/preload/preload.cjs'].map((f) => path.join(root, f));
const isEdge = (file) => {
  const relative = path.relative(root, file).split(path.sep).join('/');
  return relative.startsWith('electron/app/') || relative === 'electron/main.ts' || relative === 'electron/preload.ts';
};

fs.rmSync(rawDir, { recursive: true, force: true });
const run = spawnSync(process.execPath, [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'electron'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_V8_COVERAGE: rawDir },
});
if (run.status !== 0) process.exit(run.status ?? 1);

/** source file → line → hits (max over every load of the bundles, in every test process). */
const hits = new Map();
const maps = new Map();
for (const name of fs.readdirSync(rawDir)) {
  const text = fs.readFileSync(path.join(rawDir, name), 'utf8');
  if (!bundles.some((file) => text.includes(file))) continue;
  const { result } = JSON.parse(text);
  for (const script of result) {
    const file = script.url.startsWith('file:') ? fileURLToPath(script.url) : script.url;
    if (bundles.includes(file)) record(file, script.functions);
  }
}

/**
 * Each generated line counts as often as the innermost V8 range holding its first token ran; the
 * source map takes that token to its line of TypeScript. (The bundles are not minified: a
 * statement is a line.)
 */
function record(file, functions) {
  if (!maps.has(file)) {
    const code = fs.readFileSync(file, 'utf8');
    const lines = code.split('\n');
    const starts = [];
    const columns = [];
    let offset = 0;
    for (const line of lines) {
      const indent = line.search(/\S/);
      starts.push(indent < 0 || line.slice(indent).startsWith('//') ? -1 : offset + indent);
      columns.push(indent);
      offset += line.length + 1;
    }
    maps.set(file, { starts, columns, trace: new TraceMap(fs.readFileSync(`${file}.map`, 'utf8'), file) });
  }
  const { starts, columns, trace } = maps.get(file);
  const counts = new Array(starts.length).fill(null);
  const ranges = functions.flatMap((fn) => fn.ranges).sort((a, b) => b.endOffset - b.startOffset - (a.endOffset - a.startOffset));
  const positions = starts.map((at, line) => [at, line]).filter(([at]) => at >= 0);
  for (const range of ranges) {
    // Outer ranges first; an inner one overrides them for the lines it holds.
    let lo = lowerBound(positions, range.startOffset);
    for (; lo < positions.length && positions[lo][0] < range.endOffset; lo++) counts[positions[lo][1]] = range.count;
  }
  counts.forEach((count, line) => {
    if (count === null) return;
    const original = originalPositionFor(trace, { line: line + 1, column: columns[line] });
    if (!original.source) return;
    const source = path.resolve(path.dirname(file), original.source);
    if (!isEdge(source)) return;
    const lines = hits.get(source) ?? new Map();
    lines.set(original.line, Math.max(lines.get(original.line) ?? 0, count));
    hits.set(source, lines);
  });
}

function lowerBound(positions, offset) {
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (positions[mid][0] < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const report = [...hits.entries()]
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([file, lines]) => {
    const all = [...lines.keys()].sort((a, b) => a - b);
    const missed = all.filter((line) => lines.get(line) === 0);
    return { file: path.relative(root, file), lines: all.length, covered: all.length - missed.length, missed };
  });
const total = report.reduce((sum, r) => sum + r.lines, 0);
const covered = report.reduce((sum, r) => sum + r.covered, 0);
for (const r of report) {
  console.log(`${r.file.padEnd(28)} ${String(r.covered).padStart(4)}/${String(r.lines).padEnd(4)} ${r.missed.length ? `not run: ${r.missed.join(', ')}` : 'every line'}`);
}
console.log(`edge line coverage: ${covered}/${total} = ${((100 * covered) / total).toFixed(1)}%`);
fs.writeFileSync(path.join(root, 'test-artifacts', 'edge-coverage.json'), JSON.stringify({ covered, total, files: report }, null, 2));
