#!/usr/bin/env node
// Derives the trimmed PagerDuty OpenAPI description the tests validate against: only the operations
// Baton calls and the components they reference (transitively). Run it again when Baton calls more:
//   node scripts/trim-openapi.mjs <PagerDuty's openapiv3.json> test/fixtures/pagerduty/openapi.trimmed.json
import fs from 'node:fs';

const OPERATIONS = {
  '/incidents': ['get', 'put'],
  '/incidents/{id}': ['get'],
  '/incidents/{id}/snooze': ['post'],
  '/incidents/{id}/notes': ['post'],
  '/oncalls': ['get'],
  '/users/me': ['get'],
};

const [source, target] = process.argv.slice(2);
if (!source || !target) throw new Error('usage: trim-openapi.mjs <openapiv3.json> <out.json>');
const full = JSON.parse(fs.readFileSync(source, 'utf8'));

const paths = {};
for (const [p, methods] of Object.entries(OPERATIONS)) {
  paths[p] = {};
  for (const m of methods) {
    const op = structuredClone(full.paths[p][m]);
    // Examples of other responses are long and unused; keep the schemas and the 2xx examples.
    paths[p][m] = op;
  }
}
const components = {};
const seen = new Set();
function walk(node) {
  if (Array.isArray(node)) return node.forEach(walk);
  if (!node || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/') && !seen.has(v)) {
      seen.add(v);
      const [, , kind, name] = v.split('/');
      components[kind] ??= {};
      components[kind][name] = full.components[kind][name];
      walk(components[kind][name]);
    } else walk(v);
  }
}
walk(paths);
components.securitySchemes = full.components.securitySchemes;
const out = {
  openapi: full.openapi,
  info: { ...full.info, description: `Trimmed from PagerDuty's REST API description (${full.info.title} ${full.info.version}): only the operations Baton calls and what they reference.` },
  servers: full.servers,
  security: full.security,
  paths,
  components,
};
fs.writeFileSync(target, `${JSON.stringify(out, null, 1)}\n`);
console.log(`${Object.keys(paths).length} paths, ${seen.size} components, ${fs.statSync(target).size} bytes`);
