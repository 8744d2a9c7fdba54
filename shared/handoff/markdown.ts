import { HandoffReportSchema, type HandoffReport } from './model';
import { at, escalationLines, investigationLines, comparisonLines, verifiedText, briefingLines, coverageHeading, linkParts, coverageLines, followupMeta, FULL_COVERAGE, groupLine, groupMembers, MOOD_LABEL, noisyVerdict, openPageGroups, openPageLine, people, safeUrl, sharedNextStep, statLines, title, windowText } from './format';
import { errorText, explainZodError } from '../errors';
import { pageLink } from '../links';

/**
 * Markdown that reads well in Slack, GitHub and Confluence: headings, lists and bold only (no
 * tables, which Slack shows as pipes). Every piece of text from alerts or people is escaped so
 * it cannot turn into a link, an image or HTML. The report's JSON rides along in a trailing HTML
 * comment (hidden by GitHub and Confluence) so Baton can import its own Markdown.
 */
export function renderMarkdown(report: HandoffReport, options: { embedJson?: boolean } = {}): string {
  const out: string[] = [];
  const { header } = report;
  out.push(`# ${md(title(report))}`, '');
  out.push(`**From → to:** ${md(people(report))}  `);
  out.push(`**Window:** ${md(windowText(report))}  `);
  out.push(`**Alerting:** ${md(verifiedText(report))}`, '');
  // The summary may run over several lines; each stays inside the quote.
  out.push(`> **${MOOD_LABEL[header.summary.mood]}:** ${header.summary.text.trim().split('\n').map(md).join('  \n> ')}`, '');

  out.push(`## Still open (${report.openPages.length})`, '');
  if (report.openPages.length === 0) out.push('Nothing is open.');
  for (const { alertName, pages } of openPageGroups(report)) {
    if (pages.length > 1) {
      // A storm reads as one alert with its count, its next step and the pages it covers.
      const step = sharedNextStep(pages);
      const { titles, more } = groupMembers(pages);
      out.push(`- **[${pages[0].severity}] ${md(alertName)} ×${pages.length}** — ${md(groupLine(report, pages))}`);
      out.push(`  - Next step: ${step === null ? '_differs per page_' : step ? md(oneLine(step)) : '_not written_'}`);
      out.push(`  - Pages: ${titles.map((t) => md(oneLine(t))).join('; ')}${more > 0 ? `; and ${more} more` : ''}`);
      continue;
    }
    const p = pages[0];
    out.push(`- **[${p.severity}] ${md(p.title)}** — ${md(openPageLine(report, p))}`);
    out.push(`  - Last action: ${p.lastAction ? `${md(oneLine(p.lastAction.text))} (${md(at(report, p.lastAction.at))})` : 'none'}`);
    out.push(`  - Next step: ${p.nextStep ? md(oneLine(p.nextStep)) : '_not written_'}`);
    for (const line of investigationLines(report, p)) out.push(`  - ${md(oneLine(line))}`);
    const link = safeUrl(p.runbookUrl);
    if (link) out.push(`  - Runbook: <${link.replace(/[<>\s]/g, encodeURIComponent)}>`);
    // For the next on-call, whose Baton has the page too (an imported handoff, a shared source).
    out.push(`  - In Baton: <${pageLink(p.pageId)}>`);
  }
  out.push('');

  out.push(`## Silences in force (${report.silences.length})`, '');
  if (report.silences.length === 0) out.push('No silences in force.');
  for (const s of report.silences) {
    out.push(`- ${code(s.matchers)} until ${md(at(report, s.endsAt))}, by ${md(s.createdBy)}${s.comment ? `: ${md(oneLine(s.comment))}` : ''}`);
  }
  out.push('');

  out.push(`## Follow-ups (${report.followups.length})`, '');
  if (report.followups.length === 0) out.push('No open follow-ups.');
  for (const f of report.followups) out.push(`- [ ] ${md(oneLine(f.text))} — ${md(followupMeta(report, f))}`);
  out.push('');

  out.push('## Notes for the next on-call', '');
  out.push(report.notesForNext.trim() ? quoteBlock(report.notesForNext) : '_None written._', '');

  const briefing = briefingLines(report);
  if (briefing.length > 0) {
    out.push('## Briefing', '');
    for (const [label, text] of briefing) out.push(`- **${md(label)}:** ${linked(oneLine(text))}`);
    out.push('');
  }

  out.push(`## ${md(coverageHeading(report))}`, '');
  const gaps = coverageLines(report);
  if (gaps.length === 0) out.push(FULL_COVERAGE);
  for (const line of gaps) out.push(`- ${md(line)}`);
  out.push('');

  const escalation = escalationLines(report);
  if (escalation.rules.length > 0 || escalation.held.length > 0) {
    out.push('## Escalation and support hours', '');
    for (const line of escalation.rules) out.push(line.startsWith('  ') ? `  - ${md(line.trim())}` : `- ${md(line)}`);
    if (escalation.held.length > 0) out.push('', `Held outside support hours (${escalation.held.length}):`, '');
    for (const line of escalation.held) out.push(`- ${md(line)}`);
    out.push('');
  }

  out.push('## Statistics', '');
  for (const [label, value] of statLines(report)) out.push(`- ${md(label)}: ${md(value)}`);
  out.push('');

  const compared = comparisonLines(report);
  if (compared) {
    out.push(`## ${md(compared.heading)}`, '');
    for (const [label, value] of compared.lines) out.push(`- ${md(label)}: ${md(value)}`);
    out.push('');
  }

  out.push('## Noisiest alerts', '');
  if (report.noisiest.length === 0) out.push('No pages.');
  report.noisiest.forEach((n, i) => {
    const verdict = noisyVerdict(n);
    out.push(`${i + 1}. ${md(n.title)} — ${n.count} ${n.count === 1 ? 'page' : 'pages'}, ${n.needsTuning ? `**${verdict}**` : verdict}`);
  });
  out.push('');

  out.push(`## Notes from the shift (${report.notes.length})`, '');
  if (report.notes.length === 0) out.push('No notes.');
  for (const n of report.notes) out.push(`- ${md(at(report, n.at))} — ${md(oneLine(n.text))}`);
  out.push('');

  out.push('## Timeline', '');
  if (report.timelineOmitted > 0) out.push(`_${report.timelineOmitted} earlier entries left out._`, '');
  if (report.timeline.length === 0) out.push('Nothing happened.');
  for (const t of report.timeline) out.push(`- ${md(at(report, t.at))} — ${md(oneLine(t.text))}`);
  out.push('');
  out.push(`_Generated by Baton at ${md(at(report, report.generatedAt))}._`);

  if (options.embedJson !== false) out.push('', `${EMBED_OPEN}\n${embeddableJson(report)}\n${EMBED_CLOSE}`);
  return out.join('\n') + '\n';
}

const EMBED_OPEN = '<!-- baton-handoff';
const EMBED_CLOSE = '-->';

/** JSON that cannot end the HTML comment (or open a tag) whatever the alerts say. */
function embeddableJson(report: HandoffReport): string {
  return JSON.stringify(report).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export type ParsedHandoff = { ok: true; report: HandoffReport } | { ok: false; error: string };

/** Reads a handoff from its JSON export or from Markdown Baton produced (the embedded JSON). */
export function parseHandoff(text: string): ParsedHandoff {
  const trimmed = text.trim();
  let json: string;
  if (trimmed.startsWith('{')) json = trimmed;
  else {
    const start = trimmed.lastIndexOf(EMBED_OPEN);
    if (start < 0) return { ok: false, error: 'This is not a Baton handoff: it is neither its JSON nor Markdown that Baton exported (the data block is missing).' };
    const end = trimmed.indexOf(EMBED_CLOSE, start + EMBED_OPEN.length);
    if (end < 0) return { ok: false, error: 'The handoff’s data block is cut off: copy the Markdown to its very end.' };
    json = trimmed.slice(start + EMBED_OPEN.length, end).trim();
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { ok: false, error: `The handoff’s data is not valid JSON (${errorText(error)}).` };
  }
  const version = (value as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > 1) {
    return { ok: false, error: `This handoff uses format version ${version}; this Baton reads version 1. Update Baton to import it.` };
  }
  const parsed = HandoffReportSchema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, error: `The handoff does not match its format: ${explainZodError(parsed.error, { max: 1, root: 'top level' })}.` };
  }
  return { ok: true, report: parsed.data };
}

/**
 * Escapes what could turn untrusted text into emphasis, code, a link, an image or HTML; leaves
 * parentheses and the like alone because Slack shows backslash escapes literally.
 */
export function md(text: string): string {
  return text.replace(/[\\`*_[\]<>|~&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`));
}

/** Escaped text with its http(s) links as autolinks. */
function linked(text: string): string {
  return linkParts(text)
    .map((part) => (part.href ? `<${part.href.replace(/[<>\s]/g, encodeURIComponent)}>` : md(part.text)))
    .join('');
}

function code(text: string): string {
  const clean = oneLine(text);
  const fence = clean.includes('`') ? '`` ' : '`';
  return `${fence}${clean}${fence.split('').reverse().join('')}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function quoteBlock(text: string): string {
  return text
    .trim()
    .split('\n')
    .map((line) => `> ${md(line)}`)
    .join('\n');
}
