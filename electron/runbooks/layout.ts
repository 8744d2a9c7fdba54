import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

/**
 * Runbook repositories are often documentation sites. Which files of one are runbooks depends on
 * the site generator: a Hugo `_index.md` is a section page, an archetype is a template, a README is
 * about the repository. The layout is detected from the generator's own config file, and each kind
 * has its default rules; a source's include/exclude globs override them.
 */
export type LayoutKind = 'hugo' | 'mkdocs' | 'docusaurus' | 'plain';

export interface Layout {
  kind: LayoutKind;
  /** Where the site lives, relative to the source root ('' = the root), posix separators. */
  siteRoot: string;
  /** Folders holding the pages, relative to the source root. Absolute links (`/x/y.md`) start here. */
  contentRoots: string[];
  /** Folders served at the site's root (Hugo and Docusaurus `static/`): absolute image paths start here. */
  staticRoots: string[];
}

export interface Patterns {
  include: string[];
  exclude: string[];
}

const PLAIN: Layout = { kind: 'plain', siteRoot: '', contentRoots: [''], staticRoots: [] };

const HUGO_CONFIGS = ['hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json'];
const HUGO_OLD_CONFIGS = ['config.toml', 'config.yaml', 'config.yml', 'config.json'];
const DOCUSAURUS_CONFIGS = ['docusaurus.config.js', 'docusaurus.config.ts', 'docusaurus.config.mjs', 'docusaurus.config.cjs'];

/**
 * The layout of the tree at `root`, looking for a site's config in `root/subfolder` and then in each
 * folder above it up to `root` (a subfolder may be a site, or a part of one).
 */
export async function detectLayout(root: string, subfolder = ''): Promise<Layout> {
  const parts = subfolder.split(/[\\/]+/).filter(Boolean);
  for (let depth = parts.length; depth >= 0; depth--) {
    const siteRoot = parts.slice(0, depth).join('/');
    const found = await detectAt(path.join(root, siteRoot), siteRoot);
    if (found) return found;
  }
  return PLAIN;
}

async function detectAt(dir: string, siteRoot: string): Promise<Layout | null> {
  const has = (name: string) => fs.existsSync(path.join(dir, name));
  const under = (name: string) => (siteRoot ? `${siteRoot}/${name}` : name);
  if (HUGO_CONFIGS.some(has) || ((HUGO_OLD_CONFIGS.some(has) || has('config/_default')) && (has('content') || has('archetypes')))) {
    return { kind: 'hugo', siteRoot, contentRoots: [under('content')], staticRoots: [under('static'), under('assets')] };
  }
  const mkdocs = ['mkdocs.yml', 'mkdocs.yaml'].find(has);
  if (mkdocs) {
    const config = await fsp.readFile(path.join(dir, mkdocs), 'utf8').catch(() => '');
    const docsDir = /^docs_dir:\s*["']?([^"'\s#]+)/m.exec(config)?.[1]?.replace(/^\.\/|\/$/g, '') ?? 'docs';
    return { kind: 'mkdocs', siteRoot, contentRoots: [under(docsDir)], staticRoots: [] };
  }
  if (DOCUSAURUS_CONFIGS.some(has)) {
    return { kind: 'docusaurus', siteRoot, contentRoots: [under('docs')], staticRoots: [under('static')] };
  }
  return null;
}

/** Pages about the repository, not runbooks (compared without extension, case-insensitively). */
const REPOSITORY_PAGES = new Set([
  'readme', 'contributing', 'changelog', 'changes', 'history', 'license', 'licence', 'code_of_conduct', 'code-of-conduct',
  'security', 'authors', 'maintainers', 'codeowners', 'support', 'notice', 'governance', 'pull_request_template',
  'issue_template', 'releasing', 'release-notes', 'release_notes',
]);
const TEMPLATE_DIRS = new Set(['archetypes', 'templates', '_templates', 'template', '.templates']);
const HUGO_NOT_CONTENT = new Set(['archetypes', 'layouts', 'themes', 'static', 'assets', 'resources', 'public', 'data', 'i18n']);
const DOCUSAURUS_NOT_DOCS = new Set(['blog', 'src', 'static', 'i18n', 'versioned_docs', 'versioned_sidebars', 'build']);

/** What a folder's path alone says about the files in it, worked out once per folder and layout. */
interface FolderRules {
  template: boolean;
  /** The layout's reason for everything in the folder (outside the content, a theme's folder, …). */
  reason: string | null;
}
const folderRules = new WeakMap<Layout, Map<string, FolderRules>>();

function rulesFor(layout: Layout, dir: string): FolderRules {
  let byDir = folderRules.get(layout);
  if (!byDir) folderRules.set(layout, (byDir = new Map()));
  let rules = byDir.get(dir);
  if (rules) return rules;
  const dirs = dir ? dir.split('/').map((d) => d.toLowerCase()) : [];
  const inSite = layout.siteRoot === '' || `${dir}/`.startsWith(`${layout.siteRoot}/`);
  const siteDirs = inSite && layout.siteRoot ? dirs.slice(layout.siteRoot.split('/').length) : dirs;
  const inside = insideAny(layout.contentRoots, `${dir}/`);
  let reason: string | null = null;
  switch (layout.kind) {
    case 'hugo':
      if (inSite && siteDirs.length > 0 && HUGO_NOT_CONTENT.has(siteDirs[0])) reason = `Hugo's ${siteDirs[0]}/ folder, not content`;
      else if (!inside) reason = "outside the Hugo site's content/ folder";
      break;
    case 'mkdocs':
      if (!inside) reason = `outside the MkDocs docs folder (${layout.contentRoots[0]}/)`;
      break;
    case 'docusaurus':
      if (inSite && siteDirs.length > 0 && DOCUSAURUS_NOT_DOCS.has(siteDirs[0])) reason = `Docusaurus's ${siteDirs[0]}/ folder, not docs`;
      else if (!inside) reason = "outside the Docusaurus docs/ folder";
      break;
    case 'plain':
      break;
  }
  rules = { template: dirs.some((d) => TEMPLATE_DIRS.has(d)), reason };
  byDir.set(dir, rules);
  return rules;
}

/**
 * Why the file at `key` (relative to the source root, posix) is not a runbook by the layout's
 * default rules, or null when it is one. What the folder says is worked out once per folder: a
 * sync checks every file of the source, at every start.
 */
export function defaultSkipReason(layout: Layout, key: string): string | null {
  const slash = key.lastIndexOf('/');
  const stem = key.slice(slash + 1).replace(/\.(md|markdown)$/i, '');
  const folder = rulesFor(layout, slash < 0 ? '' : key.slice(0, slash));

  if (REPOSITORY_PAGES.has(stem.toLowerCase())) return 'a repository page (README, contributing, changelog, licence), not a runbook';
  if (folder.template || /^_?template\b/i.test(stem) || /[._-]template$/i.test(stem)) return 'a template, not a runbook';
  if (folder.reason) return folder.reason;
  switch (layout.kind) {
    case 'hugo':
      if (stem === '_index') return 'a Hugo section page (_index.md)';
      // A leaf bundle's index.md IS the page (named after its folder).
      return null;
    case 'mkdocs':
      if (/^(index|_index)$/i.test(stem)) return 'a section index page';
      return null;
    case 'docusaurus':
      if (/^(index|_index)$/i.test(stem)) return 'a section index page';
      if (stem.startsWith('_')) return 'a Docusaurus partial (its name starts with _)';
      return null;
    case 'plain':
      if (/^(index|_index)$/i.test(stem)) return 'a section index page';
      return null;
  }
}

function insideAny(roots: string[], key: string): boolean {
  return roots.some((root) => root === '' || key.startsWith(`${root}/`));
}

/** `./x`, `/x` and `x` mean the same: a path from the source root. */
function normalisePattern(pattern: string): string {
  return pattern.trim().replace(/^\.?\/+/, '');
}

/** Whether `key` matches the glob (`*` within a folder, `**` across folders), from the source root. */
export function matchesGlob(key: string, pattern: string): boolean {
  const glob = normalisePattern(pattern);
  // A pattern without a slash names files anywhere (as in .gitignore): `_index.md`, `*.draft.md`.
  return path.posix.matchesGlob(key, glob) || (!glob.includes('/') && path.posix.matchesGlob(key, `**/${glob}`));
}

/**
 * Why `key` is left out, or null when it is imported: a source's include patterns, when it has
 * any, replace the layout's defaults (only what they match is imported); exclude patterns then
 * leave out what they match.
 */
export function skipReason(layout: Layout, patterns: Patterns, key: string): string | null {
  if (patterns.include.length > 0) {
    if (!patterns.include.some((p) => matchesGlob(key, p))) return 'not matched by the source’s include patterns';
  } else {
    const reason = defaultSkipReason(layout, key);
    if (reason) return `${reason} (add an include pattern to import it)`;
  }
  const excluded = patterns.exclude.find((p) => matchesGlob(key, p));
  return excluded ? `matched the exclude pattern “${excluded}”` : null;
}

/** The name a runbook goes by when nothing else names it: its file, or its folder for a Hugo leaf bundle (`Alert/index.md`). */
export function fileStem(key: string): string {
  const segments = key.split('/');
  const stem = segments[segments.length - 1].replace(/\.(md|markdown)$/i, '');
  return /^_?index$/i.test(stem) && segments.length > 1 ? segments[segments.length - 2] : stem;
}
