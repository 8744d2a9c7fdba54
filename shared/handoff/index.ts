/** The handoff report: model and schema, building from the journal, and its three export formats. */
export * from './model';
export { buildHandoff, draftIdFor, suggestSummary, durations, matchersText, type HandoffInput } from './build';
export { renderMarkdown, parseHandoff, md, type ParsedHandoff } from './markdown';
export { renderHtml, esc } from './html';
export { openPageGroups, sharedNextStep } from './format';
export { localDate, toLocalInput, fromLocalInput, wallTime } from './zone';
import type { HandoffReport } from './model';

/** The JSON export: the report itself, which carries its schema id and version. */
export function renderJson(report: HandoffReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
