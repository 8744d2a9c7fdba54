import { formatCalendarDay, formatDateTime, formatDuration } from '../time';
import type { HandoffReport } from './model';
import { SEVERITIES } from '../pages';
import { parseWebUrl } from '../url';
import { GAP_REASON } from '../events';

/** Plain-text pieces both renderers (Markdown and HTML) lay out, so the two always say the same. */

export const MOOD_LABEL = { quiet: 'Quiet', noisy: 'Noisy', bumpy: 'Bumpy' } as const;
const DAY = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function at(report: HandoffReport, iso: string): string {
  return formatDateTime(iso, report.header.window.timeZone);
}

export function windowText(report: HandoffReport): string {
  const w = report.header.window;
  return `${at(report, w.start)} → ${at(report, w.end)} (${w.timeZone})`;
}

export function title(report: HandoffReport): string {
  return report.header.scheduleName ? `Handoff: ${report.header.scheduleName}` : 'Handoff';
}

export function people(report: HandoffReport): string {
  const { outgoing, incoming } = report.header;
  return `${outgoing || 'unknown'} → ${incoming || 'the next on-call'}`;
}

function daysText(days: number[]): string {
  const sorted = [...days].sort((a, b) => a - b);
  const contiguous = sorted.every((d, i) => i === 0 || d === sorted[i - 1] + 1);
  if (sorted.length === 0) return 'no days';
  if (contiguous && sorted.length > 2) return `${DAY[sorted[0]]}–${DAY[sorted[sorted.length - 1]]}`;
  return sorted.map((d) => DAY[d]).join(', ');
}

function durationText(d: HandoffReport['stats']['timeToAcknowledge']): string {
  if (d.count === 0 || d.meanMs === null || d.medianMs === null) return 'none';
  return `mean ${formatDuration(d.meanMs)}, median ${formatDuration(d.medianMs)}`;
}

/** The statistics as label/value lines. */
export function statLines(report: HandoffReport): [string, string][] {
  const s = report.stats;
  const sev = SEVERITIES
    .filter((k) => s.bySeverity[k] > 0)
    .map((k) => `${k} ${s.bySeverity[k]}`)
    .join(' · ');
  const b = s.settings.businessHours;
  const lines: [string, string][] = [
    ['Pages', s.pages === 0 ? '0' : `${s.pages} (${sev})`],
    ['By source', s.bySource.length === 0 ? 'none' : s.bySource.map((x) => `${x.source} ${x.count}`).join(' · ')],
    ['Acknowledged', `${s.acknowledged} of ${s.pages}`],
    ['Time to acknowledge', durationText(s.timeToAcknowledge)],
    ['Resolved', `${s.resolved} of ${s.pages}`],
    ['Time to resolve', durationText(s.timeToResolve)],
    [`Outside business hours (${daysText(b.days)} ${b.start}–${b.end})`, String(s.outsideBusinessHours)],
    [`During sleep hours (${s.settings.sleepHours.start}–${s.settings.sleepHours.end})`, String(s.duringSleepHours)],
    [`Flapping (re-fired within ${s.settings.flapMinutes} min of resolving)`, s.flapping.length === 0 ? 'none' : s.flapping.map((f) => `${f.title} ×${f.flaps}`).join(' · ')],
    ['Repeated alerts', s.repeated.length === 0 ? 'none' : s.repeated.slice(0, 10).map((r) => `${r.title} ×${r.count}`).join(' · ')],
  ];
  return lines;
}

export function openPageLine(report: HandoffReport, p: HandoffReport['openPages'][number]): string {
  const bits = [p.source || null, `since ${at(report, p.since)}`, p.acknowledged ? 'acknowledged' : 'not acknowledged'];
  if (p.handedOverBy) bits.push(`handed over by ${p.handedOverBy}`);
  return bits.filter(Boolean).join(', ');
}

export function followupMeta(report: HandoffReport, f: HandoffReport['followups'][number]): string {
  const bits = [f.owner ? `owner: ${f.owner}` : 'no owner', f.due ? `due: ${dueText(report, f.due)}` : null];
  if (f.handedOverBy) bits.push(`handed over by ${f.handedOverBy}`);
  return bits.filter(Boolean).join(', ');
}

/** A due date may be a day ("2026-11-30") or an instant. */
function dueText(report: HandoffReport, due: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(due) ? formatCalendarDay(due) : Number.isNaN(Date.parse(due)) ? due : at(report, due);
}

export function noisyVerdict(n: HandoffReport['noisiest'][number]): string {
  return n.needsTuning ? 'needs tuning: no action taken' : n.actionTaken ? 'action taken' : 'no action taken';
}

/** Only http(s) links become links; anything else stays text. */
export function safeUrl(url: string | undefined): string | null {
  if (!url) return null;
  return parseWebUrl(url)?.href ?? null;
}

/** The coverage section's heading and lines: when Baton could not page, and why. */
export function coverageHeading(report: HandoffReport): string {
  const minutes = report.coverage?.uncoveredMinutes ?? 0;
  return minutes === 0 ? 'Coverage' : `Coverage (${formatDuration(minutes * 60_000)} not covered)`;
}

export function coverageLines(report: HandoffReport): string[] {
  return (report.coverage?.gaps ?? []).map((g) => `${at(report, g.start)} to ${at(report, g.end)} (${formatDuration(g.minutes * 60_000)}): ${GAP_REASON[g.reason]}`);
}

export const FULL_COVERAGE = 'Baton could page the on-call for the whole window.';

/** The briefing's lines (label, text) that were written, in the order handoff guides give them. */
export function briefingLines(report: HandoffReport): [string, string][] {
  const b = report.briefing;
  if (!b) return [];
  const lines: [string, string][] = [
    ['Recent changes and deploys', b.recentChanges],
    ['Upcoming maintenance', b.maintenance],
    ['Escalate to', b.escalateTo],
    ['Recovery', b.recovery],
  ];
  return lines.filter(([, text]) => text.trim() !== '');
}

/** Splits text into plain parts and http(s) links (only those become links). */
export function linkParts(text: string): { text: string; href: string | null }[] {
  const out: { text: string; href: string | null }[] = [];
  let last = 0;
  for (const match of text.matchAll(/https?:\/\/[^\s<>"'`]+[^\s<>"'`.,;:!?)\]]/g)) {
    const href = safeUrl(match[0]);
    if (!href) continue;
    if (match.index > last) out.push({ text: text.slice(last, match.index), href: null });
    out.push({ text: match[0], href });
    last = match.index + match[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), href: null });
  return out;
}

/** "verified at 08:52 (the test notification was seen and heard)" or "not verified". */
export function verifiedText(report: HandoffReport): string {
  const at_ = report.readiness?.verifiedAt;
  return at_ ? `verified by the on-call at ${at(report, at_)} (readiness check, test notification seen and heard)` : 'not verified with a readiness check';
}

/** "This shift vs the previous four": heading and label/value lines, or null without a comparison. */
export function comparisonLines(report: HandoffReport): { heading: string; lines: [string, string][] } | null {
  const c = report.comparison;
  if (!c) return null;
  const n = ['', 'one', 'two', 'three', 'four'][c.previous] ?? String(c.previous);
  const ms = (v: number | null) => (v === null ? 'none' : formatDuration(v));
  const pair = (now: number, mean: number) => `${now} (previous: ${mean} on average)`;
  return {
    heading: `This shift vs the previous ${c.previous === 1 ? 'one' : n}`,
    lines: [
      ['Pages', pair(c.thisShift.pages, c.mean.pages)],
      ['In sleep hours', pair(c.thisShift.sleep, c.mean.sleep)],
      ['In off hours', pair(c.thisShift.offHours, c.mean.offHours)],
      ['Hours disrupted', pair(c.thisShift.hoursDisrupted, c.mean.hoursDisrupted)],
      ['Median time to acknowledge', `${ms(c.thisShift.ackMedianMs)} (previous: ${ms(c.mean.ackMedianMs)})`],
    ],
  };
}

const INVESTIGATION_LABEL = { tried: 'Tried', 'ruled-out': 'Ruled out', checkpoint: 'Next checkpoint' } as const;

/** An open page's investigation notes as lines ("Ruled out: the database"; "Next checkpoint 10:30: …"). */
export function investigationLines(report: HandoffReport, p: HandoffReport['openPages'][number]): string[] {
  return (p.investigation ?? []).map((e) => `${INVESTIGATION_LABEL[e.kind]}${e.kind === 'checkpoint' && e.checkpointAt ? ` ${at(report, e.checkpointAt)}` : ''}: ${e.text}`);
}

type OpenPage = HandoffReport['openPages'][number];

/** Open pages of one alert name (a storm) together, in the report's order (most urgent first); a single page is a group of one. */
export function openPageGroups(report: HandoffReport): { alertName: string; pages: OpenPage[] }[] {
  const groups = new Map<string, OpenPage[]>();
  for (const p of report.openPages) {
    const key = p.alertName ?? p.title;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.entries()].map(([alertName, pages]) => ({ alertName, pages }));
}

/** "30 open pages, 2 acknowledged, since Sun 22 Nov, 03:20 CET" for a group. */
export function groupLine(report: HandoffReport, pages: OpenPage[]): string {
  const acked = pages.filter((p) => p.acknowledged).length;
  const since = pages.map((p) => p.since).sort()[0];
  const sources = [...new Set(pages.map((p) => p.source).filter(Boolean))];
  return [sources.join(', ') || null, `${pages.length} open pages`, `${acked} acknowledged`, `since ${at(report, since)}`].filter(Boolean).join(', ');
}

/** The group's next step when its pages share one; else null (they differ). */
export function sharedNextStep(pages: OpenPage[]): string | null {
  const steps = new Set(pages.map((p) => p.nextStep));
  return steps.size === 1 ? [...steps][0] : null;
}

/** Names of the pages of a group, the first `max` of them, then how many more. */
export function groupMembers(pages: OpenPage[], max = 10): { titles: string[]; more: number } {
  return { titles: pages.slice(0, max).map((p) => p.title), more: Math.max(0, pages.length - max) };
}

/** The escalation section: the rules in force (and changes during the shift), and what was held outside support hours and when it was delivered. */
export function escalationLines(report: HandoffReport): { rules: string[]; held: string[] } {
  const e = report.escalation;
  if (!e) return { rules: [], held: [] };
  const rules = e.rules.flatMap((r) => (r.since ? [`From ${at(report, r.since)}:`, ...r.lines.map((l) => `  ${l}`)] : r.lines));
  const held = e.held.map((h) => {
    const outcome =
      h.outcome === 'digest' && h.deliveredAt ? `delivered in the digest at ${at(report, h.deliveredAt)}`
      : h.outcome === 'broke-through' && h.deliveredAt ? `became critical and broke through at ${at(report, h.deliveredAt)}`
      : h.outcome === 'left' ? 'acknowledged or resolved before the digest'
      : 'still held';
    return `${h.title}: held at ${at(report, h.heldAt)}, ${outcome}`;
  });
  return { rules, held };
}
