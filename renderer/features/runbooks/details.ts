import type { Html, Parent, Root, RootContent } from 'mdast';

/**
 * `<details><summary>…</summary> … </details>` in a runbook, as a collapsible block with its summary,
 * without letting any HTML through: this remark plugin recognises just that structure in the raw
 * HTML nodes (which are otherwise dropped), and replaces it with two plain nodes rendered as
 * <details> and <summary> with no attributes. The summary keeps only its text; the Markdown between
 * the tags stays Markdown. Any other HTML, and the attributes of these tags (`open`, `ontoggle`),
 * are dropped as before.
 */

const OPEN = /^\s*<details(?:\s[^>]*)?>/i;
const SUMMARY = /^\s*<summary(?:\s[^>]*)?>([\s\S]*?)<\/summary\s*>/i;
const CLOSE = /<\/details\s*>/i;
const OPEN_ANYWHERE = /<details(?:\s[^>]*)?>/i;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', '#39': "'" };

/** The text of an HTML fragment: tags removed, the usual entities decoded; shown as text, never parsed as HTML. */
export function htmlText(fragment: string): string {
  return fragment
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|apos|nbsp|#39);/g, (_m, name: string) => ENTITIES[name])
    .replace(/\s+/g, ' ')
    .trim();
}

function count(text: string, re: RegExp): number {
  return text.match(new RegExp(re.source, 'gi'))?.length ?? 0;
}

function paragraph(text: string): RootContent[] {
  const value = htmlText(text);
  return value ? [{ type: 'paragraph', children: [{ type: 'text', value }] }] : [];
}

function detailsNode(summary: string, children: RootContent[]): RootContent {
  const node = {
    type: 'details',
    data: { hName: 'details', hProperties: {} },
    children: [{ type: 'detailsSummary', data: { hName: 'summary', hProperties: {} }, children: [{ type: 'text', value: summary || 'Details' }] }, ...children],
  };
  // mdast has no details node; mdast-util-to-hast turns any node with data.hName into that element.
  return node as unknown as RootContent;
}

function transform(parent: Parent): void {
  const out: RootContent[] = [];
  const children = parent.children;
  for (let i = 0; i < children.length; i++) {
    const node = children[i];
    const open = node.type === 'html' ? OPEN.exec(node.value) : null;
    if (!open || node.type !== 'html') {
      if ('children' in node) transform(node);
      out.push(node);
      continue;
    }
    let rest = node.value.slice(open[0].length);
    let summary = '';
    const inlineSummary = SUMMARY.exec(rest);
    if (inlineSummary) {
      summary = htmlText(inlineSummary[1]);
      rest = rest.slice(inlineSummary[0].length);
    }
    const inner: RootContent[] = [];
    const closedHere = CLOSE.exec(rest);
    if (closedHere) {
      // The whole block in one HTML node: its body is text.
      inner.push(...paragraph(rest.slice(0, closedHere.index)));
      rest = rest.slice(closedHere.index + closedHere[0].length);
      const block = { type: 'root', children: inner } as Root;
      transform(block);
      out.push(detailsNode(summary, block.children), ...paragraph(rest));
      continue;
    }
    inner.push(...paragraph(rest));
    // The Markdown up to the matching </details> (nested blocks counted) is the body.
    let depth = 1;
    let j = i + 1;
    let tail = '';
    for (; j < children.length; j++) {
      const child = children[j];
      if (child.type !== 'html') {
        inner.push(child);
        continue;
      }
      if (!summary && inner.length === 0) {
        const separate = SUMMARY.exec(child.value);
        if (separate) {
          summary = htmlText(separate[1]);
          inner.push(...paragraph(child.value.slice(separate[0].length)));
          continue;
        }
      }
      depth += count(child.value, OPEN_ANYWHERE) - count(child.value, CLOSE);
      if (depth <= 0) {
        const close = (child as Html).value.search(CLOSE);
        inner.push(...paragraph(child.value.slice(0, close)));
        tail = child.value.slice(close).replace(CLOSE, '');
        break;
      }
      inner.push(child);
    }
    const block = { type: 'root', children: inner } as Root;
    transform(block);
    out.push(detailsNode(summary, block.children), ...paragraph(tail));
    i = j;
  }
  parent.children = out as Parent['children'];
}

export function remarkDetails() {
  return (tree: Root) => transform(tree);
}
