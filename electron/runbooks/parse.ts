import { parse as parseYaml } from 'yaml';
import { convert as htmlToText } from 'html-to-text';
import { alertKey } from '../../shared/runbooks';

/** Larger files are refused: no real runbook is this long, and a 10 MB table would freeze the reader. */
export const MAX_RUNBOOK_BYTES = 2 * 1024 * 1024;

export class RefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedError';
  }
}

/** Throws a RefusedError for a file too large to be a runbook (checked before it is read, too). */
export function checkRunbookSize(size: number): void {
  if (size > MAX_RUNBOOK_BYTES) throw new RefusedError(`too large (${(size / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_RUNBOOK_BYTES / 1024 / 1024} MB)`);
}

/** Bytes → text, or a RefusedError saying why the file is not a runbook. */
export function decodeRunbook(bytes: Uint8Array): { text: string; warnings: string[] } {
  checkRunbookSize(bytes.length);
  if (looksBinary(bytes)) throw new RefusedError('a binary file, not text');
  const warnings: string[] = [];
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('utf-8').decode(bytes);
    warnings.push('The file is not valid UTF-8; unreadable bytes are shown as �.');
  }
  return { text: text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'), warnings };
}

/** A NUL byte, or many control characters, in the first 8 KB (what git and grep check too). */
export function looksBinary(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 8192);
  if (head.indexOf(0) >= 0) return true;
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i];
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return head.length > 0 && control / head.length > 0.1;
}

export interface ParsedRunbook {
  title: string;
  headings: string[];
  /** Markdown without the front matter. */
  markdown: string;
  frontMatter: { key: string; value: string }[];
  /** Normalised alert names (alertKey) this runbook declares or is named after. */
  alerts: string[];
  service: string | null;
  team: string | null;
  warnings: string[];
}

const FRONT_MATTER = /^---\n([\s\S]*?)\n(?:---|\.\.\.)\s*(?:\n|$)/;
/** Hugo's TOML front matter, between `+++` lines. */
const TOML_FRONT_MATTER = /^\+\+\+\n([\s\S]*?)\n\+\+\+\s*(?:\n|$)/;

/**
 * Front matter that drives a documentation site's layout (Hugo, MkDocs, Docusaurus, Jekyll-style
 * themes), not the runbook: never shown as the runbook's metadata. Compared lower-cased.
 */
const LAYOUT_KEYS = new Set(
  [
    'weight', 'draft', 'aliases', 'menu', 'menus', 'slug', 'url', 'linktitle', 'type', 'layout', 'toc', 'notoc', 'outputs',
    'cascade', 'build', '_build', 'markup', 'headless', 'translationkey', 'images', 'lastmod', 'publishdate', 'expirydate',
    'sitemap', 'robots', 'keywords', 'sidebar_position', 'sidebar_label', 'sidebar_class_name', 'sidebar_custom_props',
    'displayed_sidebar', 'hide', 'hide_title', 'hide_table_of_contents', 'pagination_label', 'pagination_next',
    'pagination_prev', 'custom_edit_url', 'parse_number_prefixes', 'search', 'search_exclude', 'nav_order', 'nav_exclude',
    'parent', 'grand_parent', 'has_children', 'has_toc', 'permalink', 'redirect_from', 'redirect_to', 'template',
    'bookcollapsesection', 'bookflatsection', 'booktoc', 'bookhidden', 'bookcomments', 'booksearchexclude',
    'geekdochidden', 'geekdoccollapsesection', 'geekdocflatsection', 'geekdoctoc', 'geekdocnav', 'geekdocbreadcrumb',
    'no_list', 'simple_list', 'card', 'resources', 'comments', 'sharing', 'featured_image', 'banner', 'icon',
  ],
);

/** Whether a front-matter key only arranges a documentation site (see LAYOUT_KEYS). */
export function isLayoutKey(key: string): boolean {
  return LAYOUT_KEYS.has(key.toLowerCase());
}

/** Title, headings, front matter and alert names of a Markdown runbook. `fileStem` names it when nothing else does. */
export function parseMarkdown(text: string, fileStem: string): ParsedRunbook {
  const warnings: string[] = [];
  let markdown = text;
  let meta: Record<string, unknown> = {};
  const fm = FRONT_MATTER.exec(text);
  const toml = fm ? null : TOML_FRONT_MATTER.exec(text);
  if (toml) {
    markdown = text.slice(toml[0].length);
    meta = parseSimpleToml(toml[1]);
  } else if (fm) {
    markdown = text.slice(fm[0].length);
    try {
      const parsed: unknown = parseYaml(fm[1], { maxAliasCount: 20 });
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) meta = parsed as Record<string, unknown>;
    } catch (error) {
      warnings.push(`The front matter is not valid YAML (${error instanceof Error ? error.message.split('\n')[0] : 'unreadable'}).`);
    }
  }
  markdown = rewriteShortcodes(markdown);
  const headings: string[] = [];
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s{0,3}(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence) continue;
    const h = /^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (h && headings.length < 200) headings.push(h[1].slice(0, 300));
  }
  const frontMatter = Object.entries(meta)
    .filter(([key]) => !isLayoutKey(key))
    .slice(0, 40)
    .map(([key, value]) => ({ key: key.slice(0, 100), value: displayValue(value).slice(0, 1000) }));
  const title = str(meta.title) ?? headings[0] ?? fileStem;
  const declared = [meta.alert, meta.alertname, meta.alerts, meta.alert_name].flatMap((v) => (Array.isArray(v) ? v : [v])).map(str);
  const alerts = [...new Set([fileStem, ...declared].filter((a): a is string => !!a).map(alertKey).filter(Boolean))];
  return {
    title: title.slice(0, 500),
    headings,
    markdown,
    frontMatter,
    alerts,
    service: str(meta.service)?.toLowerCase() ?? null,
    team: str(meta.team)?.toLowerCase() ?? null,
    warnings,
  };
}

/**
 * The top-level `key = value` lines of Hugo's TOML front matter (strings, numbers, booleans and
 * arrays of them); tables (`[menu.main]`) end it, as nothing a runbook is read by lives there.
 */
export function parseSimpleToml(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const line of text.split('\n').slice(0, 200)) {
    if (/^\s*\[/.test(line)) break;
    const m = /^\s*([A-Za-z0-9_-]+)\s*=\s*(.+?)\s*$/.exec(line);
    if (!m) continue;
    out[m[1]] = tomlValue(m[2]);
  }
  return out;
}

function tomlValue(raw: string): unknown {
  if (raw.startsWith('[')) {
    return [...raw.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2]);
  }
  const quoted = /^"((?:[^"\\]|\\.)*)"|^'([^']*)'/.exec(raw);
  if (quoted) return quoted[1] !== undefined ? quoted[1].replace(/\\(["\\])/g, '$1') : quoted[2];
  if (raw === 'true' || raw === 'false') return raw === 'true';
  const value = raw.replace(/\s+#.*$/, '');
  return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}

const SHORTCODE_REF = /\{\{([<%])\s*(?:ref|relref)\s+(?:path\s*=\s*)?(?:"([^"\n]*)"|'([^'\n]*)'|([^\s>%]+))\s*[>%]\}\}/g;
const OTHER_SHORTCODE = /\{\{[<%]\s*\/?\s*[A-Za-z][\w/-]*(?:\s[^\n]*?)?\s*[>%]\}\}/g;

/**
 * Hugo shortcodes outside code: `{{< ref "x.md" >}}` and `relref` become the path they name (a
 * relative link Baton resolves to the runbook when it is opened); any other shortcode tag
 * (`{{< hint info >}}`, `{{% /tab %}}`) is dropped and its content kept, so neither shows raw.
 */
export function rewriteShortcodes(markdown: string): string {
  if (!markdown.includes('{{')) return markdown;
  let inFence = false;
  return markdown
    .split('\n')
    .map((line) => {
      if (/^\s{0,3}(```|~~~)/.test(line)) {
        inFence = !inFence;
        return line;
      }
      if (inFence || !line.includes('{{')) return line;
      return line
        .replace(SHORTCODE_REF, (_m, _open: string, dq?: string, sq?: string, bare?: string) => (dq ?? sq ?? bare ?? '').trim().replace(/ /g, '%20'))
        .replace(OTHER_SHORTCODE, '');
    })
    .join('\n');
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim()) return value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

function displayValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(displayValue).join(', ');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** An HTML page reduced to readable text; refused when it is a sign-in page rather than a runbook. */
export function htmlToRunbook(html: string, url: string): string {
  if (isLoginPage(html)) {
    throw new RefusedError(`${new URL(url).host} answered with a sign-in page instead of the runbook (the link needs a login)`);
  }
  const title = /<title[^>]*>([^<]{1,300})<\/title>/i.exec(html)?.[1]?.trim();
  const text = htmlToText(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'nav', format: 'skip' },
      { selector: 'header', format: 'skip' },
      { selector: 'footer', format: 'skip' },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'table', format: 'dataTable' },
    ],
  });
  // The text is shown as Markdown; escape what Markdown would read as markup.
  const escaped = text.replace(/([\\`*_[\]<>#|])/g, '\\$1');
  return `${title ? `# ${title.replace(/([\\`*_[\]<>#|])/g, '\\$1')}\n\n` : ''}${escaped}`;
}

export function isLoginPage(html: string): boolean {
  const head = html.slice(0, 200_000);
  if (/<input[^>]+type\s*=\s*["']?password/i.test(head)) return true;
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(head)?.[1] ?? '';
  return /\b(sign[ -]?in|log[ -]?in|single sign-on|authenticate)\b/i.test(title);
}

/** GitHub/GitLab "blob" pages → the raw file, so the Markdown itself is cached. */
export function rawRunbookUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw;
  }
  if (url.hostname === 'github.com') {
    const m = /^\/([^/]+)\/([^/]+)\/blob\/(.+)$/.exec(url.pathname);
    if (m) return `https://raw.githubusercontent.com/${m[1]}/${m[2]}/${m[3]}`;
  }
  const gitlab = /^(.*)\/-\/blob\/(.+)$/.exec(url.pathname);
  if (gitlab && (url.hostname === 'gitlab.com' || url.hostname.startsWith('gitlab.'))) {
    return `${url.origin}${gitlab[1]}/-/raw/${gitlab[2]}`;
  }
  return url.toString().replace(/#.*$/, '');
}

const STOP = new Set(
  'the and for are but not you all any can had her was one our out has him his how its may new now old see two who did get let put say she too use that with have this will your from they been were when what into than then them some such also just only more most must over very well each which while would could should there their these those about after again before being below between both does doing down during from further here once other same under until where why yes'.split(
    ' ',
  ),
);

/** Body terms worth indexing: letters/digits (with - and _ inside), 3–40 long, not stop words or bare numbers. */
export function termCounts(markdown: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const match of markdown.matchAll(/[\p{L}\p{N}][\p{L}\p{N}_-]*/gu)) {
    // CamelCase names (alert names) count as their parts too, so "crash" finds KubePodCrashLooping.
    const parts = /\p{Ll}\p{Lu}/u.test(match[0]) ? [match[0], ...match[0].split(/(?<=[\p{Ll}\p{N}])(?=\p{Lu})/u)] : [match[0]];
    for (const part of parts) {
      const term = part.toLowerCase();
      if (term.length < 3 || term.length > 40 || STOP.has(term) || /^\d+$/.test(term)) continue;
      counts.set(term, (counts.get(term) ?? 0) + 1);
    }
  }
  return counts;
}
