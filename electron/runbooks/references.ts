import fsp from 'node:fs/promises';
import path from 'node:path';
import type { RunbookImage, RunbookLink } from '../../shared/runbooks';
import { linkKey, linkKind } from '../../shared/runbook-links';
import type { Layout } from './layout';

/**
 * A runbook's links to other runbooks and its images, resolved in main when it is opened: a
 * relative link becomes the id of the runbook it names (in-app link), an image of the same source
 * becomes a data: URL built here after its type and size were checked. The renderer never loads
 * a path or a remote URL; it shows only what this module returns.
 */

export const IMAGE_MAX_BYTES = 1024 * 1024;
export const IMAGES_MAX_TOTAL_BYTES = 8 * 1024 * 1024;
export const IMAGES_MAX_COUNT = 40;
const LINKS_MAX = 2000;

const IMAGE_FILE = /\.(png|jpe?g|gif|webp|svg)$/i;
const MARKDOWN_FILE = /\.(md|markdown)$/i;

/** Link and image destinations written in the Markdown, outside code (inline links and reference definitions). */
export function destinations(markdown: string): string[] {
  const out = new Set<string>();
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s{0,3}(```|~~~)/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    const text = line.replace(/`[^`]*`/g, '');
    for (const m of text.matchAll(/\]\(\s*(<[^>\n]*>|[^\s)]+)/g)) out.add(m[1]);
    const def = /^\s{0,3}\[[^\]]+\]:\s*(<[^>\n]*>|\S+)/.exec(text);
    if (def) out.add(def[1]);
    if (out.size >= LINKS_MAX) break;
  }
  return [...out].filter((d) => linkKind(d) === 'path');
}

/** The runbooks of one source by key, for resolving its links. */
export interface SourceKeys {
  /** Lower-cased key → runbook id. */
  byKey: Map<string, string>;
  /** Lower-cased file stem → ids (a Hugo ref may name a page by its file name alone). */
  byStem: Map<string, string[]>;
}

export function sourceKeys(entries: Iterable<{ id: string; key: string }>): SourceKeys {
  const byKey = new Map<string, string>();
  const byStem = new Map<string, string[]>();
  for (const { id, key } of entries) {
    byKey.set(key.toLowerCase(), id);
    const stem = path.posix.basename(key).replace(MARKDOWN_FILE, '').toLowerCase();
    byStem.set(stem, [...(byStem.get(stem) ?? []), id]);
  }
  return { byKey, byStem };
}

function split(href: string): { target: string; anchor: string | null } {
  const key = linkKey(href);
  const hash = key.indexOf('#');
  const withoutHash = hash >= 0 ? key.slice(0, hash) : key;
  return { target: withoutHash.replace(/\?.*$/, ''), anchor: hash >= 0 ? key.slice(hash + 1) || null : null };
}

/** Paths (from the source root) a link may mean, most likely first. */
function candidates(fromKey: string, target: string, layout: Layout): string[] {
  const bases = target.startsWith('/') ? [...layout.contentRoots, layout.siteRoot, ''] : [path.posix.dirname(fromKey)];
  const out: string[] = [];
  for (const base of bases) {
    const joined = path.posix.normalize(path.posix.join(base === '.' ? '' : base, target.replace(/^\/+/, '')));
    if (joined.startsWith('..')) continue;
    const bare = joined.replace(/\/+$/, '');
    if (MARKDOWN_FILE.test(bare)) out.push(bare);
    else if (!path.posix.extname(bare) || target.endsWith('/')) {
      // Pretty URLs of Hugo, MkDocs and Docusaurus: `other/`, `other`, a leaf bundle, a section.
      out.push(`${bare}.md`, `${bare}/index.md`, `${bare}/_index.md`, `${bare}/README.md`, `${bare}.markdown`);
    }
    // MkDocs and Docusaurus links written as the rendered page (`other.html`).
    if (/\.html?$/i.test(bare)) out.push(bare.replace(/\.html?$/i, '.md'));
  }
  return out;
}

/** Each relative link of the runbook at `fromKey`, with the runbook it names (null when that is not in the cache). */
export function resolveLinks(markdown: string, fromKey: string, keys: SourceKeys, layout: Layout): RunbookLink[] {
  const links: RunbookLink[] = [];
  for (const href of destinations(markdown)) {
    const { target, anchor } = split(href);
    if (!target) continue;
    if (IMAGE_FILE.test(target)) continue;
    let runbookId: string | null = null;
    for (const candidate of candidates(fromKey, target, layout)) {
      runbookId = keys.byKey.get(candidate.toLowerCase()) ?? null;
      if (runbookId) break;
    }
    if (!runbookId && !target.includes('/')) {
      // Hugo's ref finds a page by its name alone when the name is unique in the site.
      const named = keys.byStem.get(target.replace(MARKDOWN_FILE, '').toLowerCase());
      if (named?.length === 1) runbookId = named[0];
    }
    links.push({ href: linkKey(href), runbookId, anchor });
  }
  return links;
}

const MIME_BY_MAGIC: [string, (b: Uint8Array) => boolean][] = [
  ['image/png', (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47],
  ['image/jpeg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['image/gif', (b) => b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38],
  ['image/webp', (b) => String.fromCharCode(...b.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...b.subarray(8, 12)) === 'WEBP'],
];

/**
 * The image type by its content (never by its name alone): PNG, JPEG, GIF, WebP by their magic
 * bytes; SVG when the text is an <svg> document. An SVG shown through <img> runs no script and
 * loads nothing, so it is as safe as the others there.
 */
export function imageType(bytes: Uint8Array, name: string): string | null {
  for (const [mime, test] of MIME_BY_MAGIC) if (bytes.length > 12 && test(bytes)) return mime;
  if (/\.svg$/i.test(name)) {
    const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 4096)).replace(/^\uFEFF/, '');
    if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head)) return 'image/svg+xml';
  }
  return null;
}

/**
 * The images the runbook shows, read from the source's files on this machine: only paths inside
 * the source's folder (after symlinks are followed), only real images, each at most
 * IMAGE_MAX_BYTES and all together at most IMAGES_MAX_TOTAL_BYTES.
 */
export async function loadImages(markdown: string, fromKey: string, root: string | null, layout: Layout): Promise<RunbookImage[]> {
  const images: RunbookImage[] = [];
  const wanted = destinations(markdown).filter((d) => IMAGE_FILE.test(split(d).target));
  if (wanted.length === 0) return images;
  let realRoot: string | null = null;
  if (root) realRoot = await fsp.realpath(root).catch(() => null);
  let total = 0;
  for (const src of wanted) {
    const key = linkKey(src);
    if (images.length >= IMAGES_MAX_COUNT) {
      images.push({ src: key, dataUrl: null, problem: `not shown: a runbook shows at most ${IMAGES_MAX_COUNT} images` });
      continue;
    }
    if (!realRoot) {
      images.push({ src: key, dataUrl: null, problem: 'not shown: this runbook has no local folder to take images from' });
      continue;
    }
    const found = await readImage(realRoot, fromKey, split(src).target, layout);
    if ('problem' in found) {
      images.push({ src: key, dataUrl: null, problem: found.problem });
      continue;
    }
    if (total + found.bytes.length > IMAGES_MAX_TOTAL_BYTES) {
      images.push({ src: key, dataUrl: null, problem: `not shown: the runbook's images pass ${IMAGES_MAX_TOTAL_BYTES / 1024 / 1024} MB together` });
      continue;
    }
    total += found.bytes.length;
    images.push({ src: key, dataUrl: `data:${found.mime};base64,${Buffer.from(found.bytes).toString('base64')}`, problem: null });
  }
  return images;
}

async function readImage(realRoot: string, fromKey: string, target: string, layout: Layout): Promise<{ bytes: Uint8Array; mime: string } | { problem: string }> {
  const bases = target.startsWith('/') ? [...layout.staticRoots, ...layout.contentRoots, layout.siteRoot] : [path.posix.dirname(fromKey)];
  for (const base of bases) {
    const relative = path.posix.normalize(path.posix.join(base === '.' ? '' : base, target.replace(/^\/+/, '')));
    if (relative.startsWith('..')) return { problem: 'not shown: the image is outside the runbook source' };
    let real: string;
    try {
      real = await fsp.realpath(path.join(realRoot, ...relative.split('/')));
    } catch {
      continue;
    }
    if (!real.startsWith(realRoot + path.sep)) return { problem: 'not shown: the image is outside the runbook source' };
    const stat = await fsp.stat(real).catch(() => null);
    if (!stat?.isFile()) continue;
    if (stat.size > IMAGE_MAX_BYTES) return { problem: `not shown: the image is ${(stat.size / 1024 / 1024).toFixed(1)} MB; the limit is ${IMAGE_MAX_BYTES / 1024 / 1024} MB` };
    const bytes = await fsp.readFile(real);
    const mime = imageType(bytes, real);
    if (!mime) return { problem: 'not shown: the file is not a PNG, JPEG, GIF, WebP or SVG image' };
    return { bytes, mime };
  }
  return { problem: 'not shown: the image is not in the runbook source' };
}
