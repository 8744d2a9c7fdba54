import type { HandoffReport } from './model';
import { at, escalationLines, investigationLines, comparisonLines, verifiedText, briefingLines, coverageHeading, linkParts, coverageLines, followupMeta, FULL_COVERAGE, groupLine, groupMembers, MOOD_LABEL, noisyVerdict, openPageGroups, openPageLine, people, safeUrl, sharedNextStep, statLines, title, windowText } from './format';

/**
 * A self-contained, printable HTML document: inline CSS, no scripts, no external resources, a CSP
 * that forbids both, and every piece of text escaped. The PDF export prints this same document.
 */
export function renderHtml(report: HandoffReport): string {
  const { header } = report;
  const parts: string[] = [];
  parts.push(`<header><h1>${esc(title(report))}</h1>`);
  parts.push(`<p class="meta"><strong>From → to:</strong> ${esc(people(report))}<br><strong>Window:</strong> ${esc(windowText(report))}<br><strong>Alerting:</strong> ${esc(verifiedText(report))}</p>`);
  parts.push(`<p class="summary mood-${header.summary.mood}"><strong>${MOOD_LABEL[header.summary.mood]}:</strong> ${esc(header.summary.text)}</p></header>`);

  parts.push(section(`Still open (${report.openPages.length})`, report.openPages.length === 0 ? '<p>Nothing is open.</p>' : `<ul class="items">${openPageGroups(report)
    .map(({ alertName, pages }) => {
      if (pages.length > 1) {
        const step = sharedNextStep(pages);
        const { titles, more } = groupMembers(pages);
        return `<li><span class="sev sev-${pages[0].severity}">${pages[0].severity}</span> <strong>${esc(alertName)} ×${pages.length}</strong><div class="muted">${esc(groupLine(report, pages))}</div>
<dl><dt>Next step</dt><dd>${step === null ? '<em>differs per page</em>' : step ? esc(step) : '<em>not written</em>'}</dd><dt>Pages</dt><dd>${titles.map(esc).join('; ')}${more > 0 ? `; and ${more} more` : ''}</dd></dl></li>`;
      }
      const p = pages[0];
      const link = safeUrl(p.runbookUrl);
      return `<li><span class="sev sev-${p.severity}">${p.severity}</span> <strong>${esc(p.title)}</strong><div class="muted">${esc(openPageLine(report, p))}</div>
<dl><dt>Last action</dt><dd>${p.lastAction ? `${esc(p.lastAction.text)} <span class="muted">(${esc(at(report, p.lastAction.at))})</span>` : 'none'}</dd>
<dt>Next step</dt><dd>${p.nextStep ? esc(p.nextStep) : '<em>not written</em>'}</dd>${investigationLines(report, p).length > 0 ? `<dt>Investigation</dt><dd><ul>${investigationLines(report, p).map((l) => `<li>${esc(l)}</li>`).join('')}</ul></dd>` : ''}${link ? `<dt>Runbook</dt><dd><a href="${esc(link)}">${esc(link)}</a></dd>` : ''}</dl></li>`;
    })
    .join('\n')}</ul>`));

  parts.push(section(`Silences in force (${report.silences.length})`, report.silences.length === 0 ? '<p>No silences in force.</p>' : table(
    ['Matchers', 'Until', 'By', 'Comment'],
    report.silences.map((s) => [`<code>${esc(s.matchers)}</code>`, esc(at(report, s.endsAt)), esc(s.createdBy), esc(s.comment)]),
  )));

  parts.push(section(`Follow-ups (${report.followups.length})`, report.followups.length === 0 ? '<p>No open follow-ups.</p>' : `<ul class="checks">${report.followups
    .map((f) => `<li>☐ ${esc(f.text)} <span class="muted">— ${esc(followupMeta(report, f))}</span></li>`)
    .join('\n')}</ul>`));

  parts.push(section('Notes for the next on-call', report.notesForNext.trim() ? `<blockquote class="pre">${esc(report.notesForNext.trim())}</blockquote>` : '<p><em>None written.</em></p>'));

  const briefing = briefingLines(report);
  if (briefing.length > 0) {
    parts.push(section('Briefing', `<dl>${briefing.map(([label, text]) => `<dt>${esc(label)}</dt><dd class="pre">${linkParts(text).map((p) => (p.href ? `<a href="${esc(p.href)}">${esc(p.text)}</a>` : esc(p.text))).join('')}</dd>`).join('')}</dl>`));
  }

  const gaps = coverageLines(report);
  parts.push(section(coverageHeading(report), gaps.length === 0 ? `<p>${esc(FULL_COVERAGE)}</p>` : `<ul>${gaps.map((line) => `<li>${esc(line)}</li>`).join('\n')}</ul>`));

  const escalation = escalationLines(report);
  if (escalation.rules.length > 0 || escalation.held.length > 0) {
    const held = escalation.held.length > 0 ? `<p>Held outside support hours (${escalation.held.length}):</p><ul>${escalation.held.map((l) => `<li>${esc(l)}</li>`).join('\n')}</ul>` : '';
    parts.push(section('Escalation and support hours', `<ul>${escalation.rules.map((l) => `<li>${esc(l.trim())}</li>`).join('\n')}</ul>${held}`));
  }

  parts.push(section('Statistics', table(['', ''], statLines(report).map(([label, value]) => [esc(label), esc(value)]), true)));

  const compared = comparisonLines(report);
  if (compared) parts.push(section(compared.heading, table(['', ''], compared.lines.map(([label, value]) => [esc(label), esc(value)]), true)));

  parts.push(section('Noisiest alerts', report.noisiest.length === 0 ? '<p>No pages.</p>' : table(
    ['Alert', 'Pages', 'Verdict'],
    report.noisiest.map((n) => [esc(n.title), String(n.count), n.needsTuning ? `<strong class="tune">${esc(noisyVerdict(n))}</strong>` : esc(noisyVerdict(n))]),
  )));

  parts.push(section(`Notes from the shift (${report.notes.length})`, report.notes.length === 0 ? '<p>No notes.</p>' : `<ul>${report.notes
    .map((n) => `<li><span class="muted">${esc(at(report, n.at))}</span> <span class="pre">${esc(n.text)}</span></li>`)
    .join('\n')}</ul>`));

  parts.push(section('Timeline', (report.timelineOmitted > 0 ? `<p class="muted"><em>${report.timelineOmitted} earlier entries left out.</em></p>` : '') + (report.timeline.length === 0 ? '<p>Nothing happened.</p>' : table(
    ['When', 'What'],
    report.timeline.map((t) => [`<span class="nowrap">${esc(at(report, t.at))}</span>`, esc(t.text)]),
  ))));

  parts.push(`<footer class="muted">Generated by Baton at ${esc(at(report, report.generatedAt))}.</footer>`);

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title(report))} — ${esc(windowText(report))}</title>
<style>${CSS}</style>
</head>
<body>
${parts.join('\n')}
</body>
</html>
`;
}

function section(heading: string, body: string): string {
  return `<section><h2>${esc(heading)}</h2>${body}</section>`;
}

/** Cells are already escaped HTML. */
function table(head: string[], rows: string[][], headless = false): string {
  const thead = headless ? '' : `<thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>`;
  return `<table>${thead}<tbody>${rows.map((r) => `<tr>${r.map((c, i) => (headless && i === 0 ? `<th scope="row">${c}</th>` : `<td>${c}</td>`)).join('')}</tr>`).join('\n')}</tbody></table>`;
}

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const CSS = `
:root { color-scheme: light; }
body { font: 13px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #1b1d22; margin: 24px auto; max-width: 900px; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 6px; }
h2 { font-size: 15px; margin: 22px 0 8px; border-bottom: 1px solid #d9dce2; padding-bottom: 3px; }
.meta { margin: 0 0 8px; }
.summary { white-space: pre-line; padding: 8px 12px; border-left: 4px solid #2563eb; background: #eef3fe; margin: 8px 0; }
.summary.mood-bumpy { border-color: #b91c1c; background: #fdecec; }
.summary.mood-noisy { border-color: #d97706; background: #fef3c7; }
.muted { color: #5d6370; }
.items { list-style: none; padding: 0; }
.items > li { border: 1px solid #d9dce2; border-radius: 6px; padding: 8px 10px; margin-bottom: 8px; break-inside: avoid; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 6px 0 0; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
.sev { display: inline-block; font-size: 11px; font-weight: 700; text-transform: uppercase; padding: 1px 6px; border-radius: 4px; background: #e5e7eb; }
.sev-critical { background: #b91c1c; color: #fff; }
.sev-high { background: #d97706; color: #fff; }
.sev-warning { background: #fde68a; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid #eceef2; overflow-wrap: anywhere; }
th[scope=row] { font-weight: 600; width: 45%; }
tr { break-inside: avoid; }
code { font: 12px ui-monospace, "DejaVu Sans Mono", monospace; }
.checks { list-style: none; padding-left: 4px; }
.pre { white-space: pre-wrap; }
blockquote { margin: 0; padding: 6px 12px; border-left: 3px solid #d9dce2; }
.tune { color: #b91c1c; }
.nowrap { white-space: nowrap; }
footer { margin-top: 24px; font-size: 11px; }
a { color: #2563eb; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } h2 { break-after: avoid; } }
`;
