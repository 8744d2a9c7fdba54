import { z } from 'zod';
import { RUNBOOK_FOCUS_PREFIX, SOURCE_FOCUS_PREFIX, UNACKNOWLEDGED_FOCUS } from './focus';

/**
 * `baton://` links: what a notification click, another app or the handoff Markdown opens in Baton.
 *   baton://page/<id>            a page, selected in Pages
 *   baton://pages?source=<name>  Pages filtered to one source's unacknowledged pages (a storm's group)
 *   baton://pages?unacknowledged Pages filtered to the unacknowledged ones
 *   baton://runbook/<id>         a runbook, open in the reader
 *   baton://handoff              the handoff of the current or last shift
 *   baton://shift                the Shift view
 * A link comes from outside Baton (the command line of a second start, the OS): it is untrusted
 * input and is parsed here, in main, like every other request.
 */
export const BATON_SCHEME = 'baton';

export type BatonLink =
  | { kind: 'page'; pageId: string }
  | { kind: 'pages'; source?: string; unacknowledged?: true }
  | { kind: 'runbook'; runbookId: string }
  | { kind: 'handoff' }
  | { kind: 'shift' };

const Id = z.string().min(1).max(500);
const MAX_LINK = 2048;

export function pageLink(pageId: string): string {
  return `${BATON_SCHEME}://page/${encodeURIComponent(pageId)}`;
}
export function runbookLink(runbookId: string): string {
  return `${BATON_SCHEME}://runbook/${encodeURIComponent(runbookId)}`;
}
export function sourcePagesLink(sourceName: string): string {
  return `${BATON_SCHEME}://pages?source=${encodeURIComponent(sourceName)}`;
}
export const UNACKNOWLEDGED_PAGES_LINK = `${BATON_SCHEME}://pages?unacknowledged`;
export const HANDOFF_LINK = `${BATON_SCHEME}://handoff`;
export const SHIFT_LINK = `${BATON_SCHEME}://shift`;

/** Reads a `baton://` link; throws an Error saying what is wrong with anything else. */
export function parseBatonLink(text: unknown): BatonLink {
  if (typeof text !== 'string' || text.length > MAX_LINK) throw new Error('not a Baton link');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error('not a Baton link');
  }
  if (url.protocol !== `${BATON_SCHEME}:`) throw new Error(`not a Baton link (scheme ${url.protocol})`);
  if (url.username || url.password || url.port) throw new Error('a Baton link carries no user or port');
  const parts = url.pathname.split('/').filter(Boolean).map(decode);
  const one = (): string => {
    if (parts.length !== 1) throw new Error(`baton://${url.hostname} takes one id`);
    return Id.parse(parts[0]);
  };
  switch (url.hostname) {
    case 'page':
      return { kind: 'page', pageId: one() };
    case 'runbook':
      return { kind: 'runbook', runbookId: one() };
    case 'pages': {
      if (parts.length) throw new Error('baton://pages takes no path');
      const query = new Map(
        url.search
          .slice(1)
          .split('&')
          .filter(Boolean)
          .map((pair) => {
            const eq = pair.indexOf('=');
            return eq < 0 ? [decode(pair), ''] : [decode(pair.slice(0, eq)), decode(pair.slice(eq + 1).replace(/\+/g, ' '))];
          }),
      );
      const source = query.get('source');
      if (source !== undefined) return { kind: 'pages', source: z.string().min(1).max(200).parse(source) };
      return query.has('unacknowledged') ? { kind: 'pages', unacknowledged: true } : { kind: 'pages' };
    }
    case 'handoff':
    case 'shift':
      if (parts.length) throw new Error(`baton://${url.hostname} takes no path`);
      return { kind: url.hostname };
    default:
      throw new Error(`Baton has no "${url.hostname}" to open`);
  }
}

/** Where the window goes for a link: the view and the focus string of the `navigate` event. */
export function linkTarget(link: BatonLink): { view: string; id?: string } {
  switch (link.kind) {
    case 'page':
      return { view: 'pages', id: link.pageId };
    case 'pages':
      return link.source !== undefined
        ? { view: 'pages', id: `${SOURCE_FOCUS_PREFIX}${link.source}` }
        : link.unacknowledged
          ? { view: 'pages', id: UNACKNOWLEDGED_FOCUS }
          : { view: 'pages' };
    case 'runbook':
      return { view: 'runbooks', id: `${RUNBOOK_FOCUS_PREFIX}${link.runbookId}` };
    case 'handoff':
      return { view: 'handoff' };
    case 'shift':
      return { view: 'shift' };
  }
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new Error('a Baton link with a broken escape');
  }
}

