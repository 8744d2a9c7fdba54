/** The handoff report: model and schema, building from the journal, and its three export formats. */
export * from './model';
export { buildHandoff, draftIdFor, suggestSummary, durations, matchersText, type HandoffInput } from './build';
export { renderMarkdown, parseHandoff, md, type ParsedHandoff } from './markdown';
export { renderHtml, esc } from './html';
export { localDate, toLocalInput, fromLocalInput, wallTime } from './zone';
import type { HandoffReport } from './model';

/** The JSON export: the report itself, which carries its schema id and version. */
export function renderJson(report: HandoffReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

/**
 * A readable line for a handoff.* journal record (for the Log view's describe(); null for other
 * types). Payloads are trusted only as far as they check out.
 */
export function describeHandoffEvent(type: string, data: unknown): string | null {
  const d = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const str = (key: string) => (typeof d[key] === 'string' ? (d[key] as string) : '');
  switch (type) {
    case 'handoff.edited': {
      const parts = [d.summary && 'summary', d.notes !== undefined && 'notes for the next on-call', d.incoming !== undefined && 'incoming on-call', d.nextStep && 'a next step'].filter(Boolean);
      return `Edited the handoff: ${parts.join(', ') || 'nothing'}`;
    }
    case 'handoff.sent':
      return `Handed over${str('to') ? ` to ${str('to')}` : ''} (${Number(d.openPages) || 0} open page(s), ${Number(d.openFollowups) || 0} follow-up(s))`;
    case 'handoff.received': {
      const pages = Array.isArray(d.openPages) ? d.openPages.length : 0;
      const followups = Array.isArray(d.followupIds) ? d.followupIds.length : 0;
      return `Handoff received from ${str('from') || 'the previous on-call'}: ${pages} open page(s), ${followups} follow-up(s)`;
    }
    default:
      return null;
  }
}
