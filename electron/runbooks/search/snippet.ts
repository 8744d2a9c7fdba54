import type { Segment } from '../../../shared/runbooks';

const SNIPPET = 180;

/** A short passage around the first matched term, as text segments with the matches marked (never HTML). */
export function makeSnippet(body: string, terms: string[]): Segment[] {
  const needles = [...new Set(terms.map((t) => t.toLowerCase()))].filter(Boolean).sort((a, b) => b.length - a.length);
  // Find the first match in the raw text, then clean only a window around it.
  const lowerBody = body.toLowerCase();
  let first = -1;
  for (const needle of needles) {
    const at = lowerBody.indexOf(needle);
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  const rawStart = first < 0 ? 0 : Math.max(0, first - 120);
  const raw = body.slice(rawStart, rawStart + SNIPPET * 3);
  const plain = raw
    .replace(/```[a-z]*\n?/g, '')
    .replace(/^\s*(?:[-*+]|\d+\.)\s+(?:\[[ xX]\]\s+)?/gm, '')
    .replace(/^\s*#{1,6}\s+/gm, '')
    .replace(/^\s*>+\s?/gm, '')
    .replace(/\*\*|__|[*`|]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const lower = plain.toLowerCase();
  let at = -1;
  for (const needle of needles) {
    const found = lower.indexOf(needle);
    if (found >= 0 && (at < 0 || found < at)) at = found;
  }
  const start = at < 0 ? 0 : Math.max(0, at - 60);
  const end = Math.min(plain.length, start + SNIPPET);
  const window = plain.slice(start, end);
  const windowLower = lower.slice(start, end);
  const segments: Segment[] = [];
  let cursor = 0;
  while (cursor < window.length) {
    let next = -1;
    let length = 0;
    for (const needle of needles) {
      const found = windowLower.indexOf(needle, cursor);
      if (found >= 0 && (next < 0 || found < next || (found === next && needle.length > length))) {
        next = found;
        length = needle.length;
      }
    }
    if (next < 0) {
      segments.push({ text: window.slice(cursor), mark: false });
      break;
    }
    if (next > cursor) segments.push({ text: window.slice(cursor, next), mark: false });
    segments.push({ text: window.slice(next, next + length), mark: true });
    cursor = next + length;
  }
  if (rawStart > 0 || start > 0) segments.unshift({ text: '…', mark: false });
  if (end < plain.length || rawStart + raw.length < body.length) segments.push({ text: '…', mark: false });
  return segments;
}
