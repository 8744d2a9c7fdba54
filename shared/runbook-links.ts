/**
 * How a runbook's links are read, the same in main (which resolves them) and in the renderer
 * (which shows them). One rule for where a link may lead:
 *   - http(s): opened in the browser, by main, after main checks it again (electron/external.ts);
 *   - `#anchor`: scrolls within the runbook;
 *   - a path to another runbook of the same source (`other.md`, `../x/y.md`, a Hugo ref): opens it
 *     in Baton, when main found that runbook in the cache;
 *   - `mailto:`: shown as the address, as text. Main opens only http(s), so a mail link that looked
 *     clickable would be a dead end; the address can be selected and copied.
 *   - anything else (javascript:, data:, file:, custom schemes): shown as plain text.
 */
export type LinkKind = 'web' | 'anchor' | 'mail' | 'path' | 'other';

export function linkKind(href: string): LinkKind {
  const trimmed = href.trim();
  if (trimmed === '') return 'other';
  if (trimmed.startsWith('#')) return 'anchor';
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') return 'web';
  if (scheme === 'mailto') return 'mail';
  // A Windows drive (C:\x) is a path on the author's machine, not in the repository.
  if (scheme || trimmed.startsWith('//') || trimmed.startsWith('\\')) return 'other';
  return 'path';
}

/** The key a link or image path is looked up by on both sides: percent-escapes decoded, surrounding <> and space removed. */
export function linkKey(href: string): string {
  const trimmed = href.trim().replace(/^<(.*)>$/, '$1');
  try {
    return decodeURI(trimmed);
  } catch {
    return trimmed;
  }
}

/** The address of a mailto: link, without its query (subject, body). */
export function mailAddress(href: string): string {
  return linkKey(href).replace(/^mailto:/i, '').replace(/\?.*$/, '');
}

/**
 * A heading's anchor as GitHub, Hugo and MkDocs make it: lower case, punctuation dropped, spaces to
 * hyphens. `## Check the API {#check-api}` has its own.
 */
export function headingSlug(text: string): string {
  const own = /\{#([\w-]+)\}\s*$/.exec(text);
  if (own) return own[1].toLowerCase();
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}
