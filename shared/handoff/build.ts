import { matchersText, type EventData, type Severity } from '../events';
import { followupsProjection, openFollowups, type FollowupState } from '../action-log';
import { foldPage, type PageMap } from '../page-fold';
import { alertNameOf, type Page } from '../pages';
import { describeRecord, type JournalRecord, type KnownRecord, type RecordOf } from '../records';
import {
  HANDOFF_SCHEMA_ID,
  HANDOFF_SCHEMA_VERSION,
  handedOverPageId,
  type HandoffReport,
  type HandoffSettings,
  type Mood,
  type OpenPageItem,
} from './model';
import { formatDateTime } from '../time';
import { SEVERITIES } from '../pages';
import { clockMinutes, inDailyRange, wallTime } from './zone';
import { coveredMs } from '../coverage';
import { describeRules, EscalationSettingsSchema, type EscalationSettings, type SupportHours } from '../escalation';
import type { Comparison } from '../trends';

export { matchersText };
export interface HandoffInput {
  records: readonly JournalRecord[];
  window: { start: number; end: number; timeZone: string };
  now: number;
  scheduleId: string | null;
  scheduleName: string;
  outgoing: string;
  incoming: string;
  settings: HandoffSettings;
  /** Newest timeline entries kept; older ones are counted in `timelineOmitted`. */
  timelineLimit?: number;
  noisiestLimit?: number;
  /** This shift vs the previous four (the load view's numbers), when the window is a shift. */
  comparison?: Comparison | null;
  /** The escalation rules now, for a shift before any change of them was journaled. */
  escalation?: { rules: EscalationSettings; hours: SupportHours; repeatMinutes: number };
}

/** A readiness check this long before the window counts as the on-call verifying alerting for it. */
export const VERIFY_BEFORE_MS = 2 * 3_600_000;

/** `<scheduleId or "range">:<window start ISO>`: edits made to a draft find it again by this. */
export function draftIdFor(scheduleId: string | null, start: number): string {
  return `${scheduleId ?? 'range'}:${new Date(start).toISOString()}`;
}

/** One time a page fired: the page as the fold had it then, and what happened to it since. */
interface Reception {
  pageId: string;
  at: number;
  page: Page;
  firstAckAt: number | null;
  acknowledged: boolean;
  resolvedAt: number | null;
  lastAction: { at: number; text: string } | null;
  actionTaken: boolean;
}


interface Step {
  text: string;
  order: number;
}

/** Everything one pass over the journal gathers for the report. */
interface Gathered {
  pages: PageMap;
  followups: FollowupState;
  current: Map<string, Reception>;
  windowReceptions: Reception[];
  lastResolvedByKey: Map<string, number>;
  flaps: Map<string, { title: string; flaps: number }>;
  silences: Map<string, EventData<'silence.created'>>;
  followupOrigin: Map<string, string>;
  handedOver: Map<string, OpenPageItem>;
  /** Pages taken into my Pages from an imported handoff: who handed each over. */
  adoptedFrom: Map<string, string>;
  /** Next steps by page id and by alert name, each with the order it was written in: the later one wins. */
  nextSteps: Map<string, Step>;
  groupSteps: Map<string, Step>;
  stepOrder: number;
  notes: HandoffReport['notes'];
  timeline: HandoffReport['timeline'];
  summaryEdit: { mood: Mood; text: string } | null;
  notesForNext: string;
  incoming: string;
  gaps: EventData<'coverage.gap'>[];
  rules: { at: number; data: EventData<'escalation.rules'> }[];
  held: Map<string, NonNullable<HandoffReport['escalation']>['held'][number]>;
  investigations: Map<string, NonNullable<OpenPageItem['investigation']>>;
  verifiedAt: number | null;
  briefing: { recentChanges: string; maintenance: string; escalateTo: string; recovery: string };
}

/** The handoff for a window, folded from the journal in one pass. Pure: same input, same report. */
export function buildHandoff(input: HandoffInput): HandoffReport {
  const { start, end, timeZone } = input.window;
  const asOf = Math.min(end, input.now);
  const draftId = draftIdFor(input.scheduleId, start);
  const g = gather(input, draftId, asOf);
  const openPages = openPagesOf(g);
  const stats = statsOf(g, input.settings, timeZone);
  const limit = input.timelineLimit ?? 200;
  const timelineOmitted = Math.max(0, g.timeline.length - limit);
  const suggested = suggestSummary(stats, openPages.length);
  const escalation = escalationOf(g, input, start);
  return {
    schema: HANDOFF_SCHEMA_ID,
    version: HANDOFF_SCHEMA_VERSION,
    id: draftId,
    generatedAt: iso(input.now),
    header: {
      scheduleId: input.scheduleId,
      scheduleName: input.scheduleName,
      outgoing: input.outgoing,
      incoming: g.incoming,
      window: { start: iso(start), end: iso(end), timeZone },
      asOf: iso(asOf),
      summary: g.summaryEdit ? { ...g.summaryEdit, edited: true } : { ...suggested, edited: false },
    },
    stats,
    openPages,
    silences: silencesInForce(g, asOf),
    noisiest: noisiestOf(g, input.settings, input.noisiestLimit ?? 10),
    followups: openFollowups(g.followups).map((f) => ({
      id: f.id,
      text: f.text,
      ...(f.owner ? { owner: f.owner } : {}),
      ...(f.due ? { due: f.due } : {}),
      createdAt: iso(Date.parse(f.createdAt)),
      ...(g.followupOrigin.has(f.id) ? { handedOverBy: g.followupOrigin.get(f.id) } : {}),
    })),
    notesForNext: g.notesForNext,
    notes: g.notes,
    timeline: timelineOmitted > 0 ? g.timeline.slice(timelineOmitted) : g.timeline,
    timelineOmitted,
    ...(input.comparison ? { comparison: input.comparison } : {}),
    readiness: { verifiedAt: g.verifiedAt === null ? null : iso(g.verifiedAt) },
    briefing: { ...g.briefing, roughShift: roughShift(stats) },
    coverage: coverageOf(g.gaps, start, asOf),
    ...(escalation ? { escalation } : {}),
  };
}

/** Held pages: held in the window, then delivered in the digest, broken through as critical, or left it (acknowledged or resolved). */
function heldIn(g: Gathered, record: KnownRecord, at: number): void {
  if (record.type === 'page.held') {
    g.held.set(record.data.pageId, { pageId: record.data.pageId, title: g.pages.get(record.data.pageId)?.title ?? record.data.pageId, heldAt: iso(at), deliveredAt: null, outcome: 'held' });
  } else if (record.type === 'page.digest') {
    for (const id of record.data.pageIds) {
      const item = g.held.get(id);
      if (item) Object.assign(item, { deliveredAt: iso(at), outcome: record.data.reason === 'critical' ? 'broke-through' : 'digest' });
    }
    for (const id of record.data.left) {
      const item = g.held.get(id);
      if (item) item.outcome = 'left';
    }
  }
}

/** The rules in force at the window's start and each change during it; the current rules when none was ever journaled. */
function escalationOf(g: Gathered, input: HandoffInput, start: number): HandoffReport['escalation'] {
  const repeatMinutes = input.escalation?.repeatMinutes ?? 2;
  const lines = (d: EventData<'escalation.rules'>) => {
    const rules = EscalationSettingsSchema.safeParse(d.rules);
    return rules.success ? describeRules(rules.data, d.hours, repeatMinutes) : ['Rules not readable in this journal record'];
  };
  const before = g.rules.filter((r) => r.at < start).at(-1);
  const during = g.rules.filter((r) => r.at >= start);
  const rules = [
    ...(before ? [{ since: null, lines: lines(before.data) }] : during.length === 0 && input.escalation ? [{ since: null, lines: describeRules(input.escalation.rules, input.escalation.hours, repeatMinutes) }] : []),
    ...during.map((r) => ({ since: iso(r.at), lines: lines(r.data) })),
  ];
  // Nothing to say (no rules known, nothing held): left out, as in exports made before it existed.
  if (rules.length === 0 && g.held.size === 0) return undefined;
  return { rules, held: [...g.held.values()] };
}

/** Why the shift was rough enough to ask about recovery time (pages in sleep hours, critical pages at night), or null. */
export function roughShift(stats: HandoffReport['stats']): string | null {
  const reasons = [
    stats.duringSleepHours >= 2 ? `${stats.duringSleepHours} pages during sleep hours` : null,
    stats.bySeverity.critical > 0 && stats.outsideBusinessHours > 0 ? `${stats.bySeverity.critical} critical` : null,
    stats.pages >= 20 ? `${stats.pages} pages` : null,
  ].filter((r): r is string => r !== null);
  return reasons.length === 0 ? null : reasons.join(', ');
}

/** The gaps inside the window (clipped to it), in order, and the minutes not covered. */
function coverageOf(gaps: readonly EventData<'coverage.gap'>[], start: number, asOf: number): NonNullable<HandoffReport['coverage']> {
  const clipped = gaps
    .map((gap) => ({ reason: gap.reason, start: Math.max(start, Date.parse(gap.start)), end: Math.min(asOf, Date.parse(gap.end)) }))
    .filter((gap) => gap.end > gap.start)
    .sort((a, b) => a.start - b.start);
  return {
    gaps: clipped.map((gap) => ({ reason: gap.reason, start: iso(gap.start), end: iso(gap.end), minutes: Math.round((gap.end - gap.start) / 60_000) })),
    uncoveredMinutes: Math.round(coveredMs(clipped) / 60_000),
  };
}

/** The one pass: edits of this draft whenever they were made, everything else up to `asOf`. */
function gather(input: HandoffInput, draftId: string, asOf: number): Gathered {
  const g: Gathered = {
    pages: new Map(),
    followups: followupsProjection.initial(),
    current: new Map(),
    windowReceptions: [],
    lastResolvedByKey: new Map(),
    flaps: new Map(),
    silences: new Map(),
    followupOrigin: new Map(),
    handedOver: new Map(),
    adoptedFrom: new Map(),
    nextSteps: new Map(),
    groupSteps: new Map(),
    stepOrder: 0,
    notes: [],
    timeline: [],
    summaryEdit: null,
    notesForNext: '',
    incoming: input.incoming,
    gaps: [],
    rules: [],
    held: new Map(),
    investigations: new Map(),
    verifiedAt: null,
    briefing: { recentChanges: '', maintenance: '', escalateTo: '', recovery: '' },
  };
  const pass = new Pass(g, input);
  for (const record of input.records) {
    const at = Date.parse(record.ts);
    // A record the catalogue could not read is shown in the Log, not counted here.
    if (Number.isNaN(at) || record.problem !== undefined) continue;
    // Edits to this draft count whenever they were made (usually after the shift ended).
    if (record.type === 'handoff.edited') {
      edit(g, record.data, draftId);
      continue;
    }
    // A gap is journaled when it ends, which may be after the window (Baton started again later).
    if (record.type === 'coverage.gap') {
      g.gaps.push(record.data);
      continue;
    }
    if (record.type === 'escalation.rules' && at <= asOf) g.rules.push({ at, data: record.data });
    if (at >= input.window.start && at <= asOf) heldIn(g, record, at);
    if (record.type === 'readiness.confirmed' && record.data.saw && at >= input.window.start - VERIFY_BEFORE_MS && at <= asOf) g.verifiedAt = at;
    if (at <= asOf) pass.apply(record, at);
  }
  return g;
}

function edit(g: Gathered, d: EventData<'handoff.edited'>, draftId: string): void {
  const step = d.nextStep;
  if (step?.pageId) g.nextSteps.set(step.pageId, { text: step.text, order: ++g.stepOrder });
  if (step?.alertName) g.groupSteps.set(step.alertName, { text: step.text, order: ++g.stepOrder });
  if (d.draftId !== draftId) return;
  if (d.summary) g.summaryEdit = d.summary;
  if (d.notes !== undefined) g.notesForNext = d.notes;
  if (d.incoming !== undefined) g.incoming = d.incoming;
  for (const key of ['recentChanges', 'maintenance', 'escalateTo', 'recovery'] as const) {
    const text = d[key];
    if (text !== undefined) g.briefing[key] = text;
  }
}

/** Folds one record: the shared page and follow-up folds, then what the handoff counts on top of them. */
class Pass {
  private readonly start: number;
  private readonly end: number;
  private readonly time: (iso: string) => string;

  constructor(
    private readonly g: Gathered,
    private readonly input: HandoffInput,
  ) {
    this.start = input.window.start;
    this.end = input.window.end;
    const zone = input.window.timeZone;
    this.time = (instant) => formatDateTime(instant, zone);
  }

  apply(record: KnownRecord, at: number): void {
    foldPage(this.g.pages, record);
    followupsProjection.apply(this.g.followups, record);
    this.count(record, at);
    if (this.inWindow(at)) this.log(record, at);
  }

  private inWindow(at: number): boolean {
    return at >= this.start && at < this.end;
  }

  /** The timeline line: the catalogue's words, naming the page. */
  private log(record: KnownRecord, at: number): void {
    const { kind, text } = describeRecord(record, { pageTitle: (id) => this.g.pages.get(id)?.title ?? id, time: this.time });
    // What an assistant read is in the Log; the next on-call needs what was done, not what was looked at.
    if (kind === 'assistant') return;
    this.g.timeline.push({ at: iso(at), kind, text: firstLine(text) });
  }

  /** The last thing done about an open page: the catalogue's words, without the page's name. */
  private touch(record: KnownRecord, pageId: string | undefined, at: number, actionTaken = true): void {
    const r = pageId ? this.g.current.get(pageId) : undefined;
    if (!r) return;
    r.lastAction = { at, text: describeRecord(record, { time: this.time }).text };
    r.actionTaken ||= actionTaken;
  }

  private count(record: KnownRecord, at: number): void {
    const { g } = this;
    switch (record.type) {
      case 'page.received':
        return this.receive(record.data.pageId, at);
      case 'page.acknowledged': {
        const r = g.current.get(record.data.pageId);
        if (r) {
          r.firstAckAt ??= at;
          r.acknowledged = true;
        }
        return this.touch(record, record.data.pageId, at);
      }
      case 'page.unacknowledged': {
        const r = g.current.get(record.data.pageId);
        if (r) r.acknowledged = false;
        return this.touch(record, record.data.pageId, at);
      }
      case 'page.resolved':
        return this.resolve(record, at);
      case 'page.reopened':
        return this.reopen(record, at);
      case 'silence.created':
        g.silences.set(silenceKey(record.data.sourceId, record.data.silenceId), record.data);
        return this.touch(record, record.data.pageId, at);
      case 'silence.expired':
        g.silences.delete(silenceKey(record.data.sourceId, record.data.silenceId));
        return;
      case 'note.added':
        if (this.inWindow(at)) g.notes.push({ at: iso(at), text: record.data.text, ...(record.data.pageId ? { pageId: record.data.pageId } : {}) });
        return this.touch(record, record.data.pageId, at);
      case 'runbook.step.done':
        return this.touch(record, record.data.pageId, at);
      case 'page.investigation': {
        const d = record.data;
        const list = g.investigations.get(d.pageId) ?? [];
        if (list.length < 100) list.push({ at: iso(at), kind: d.kind, text: d.text, ...(d.checkpointAt ? { checkpointAt: d.checkpointAt } : {}) });
        g.investigations.set(d.pageId, list);
        return this.touch(record, d.pageId, at);
      }
      case 'handoff.received':
        return this.received(record.data, at);
      default:
        return;
    }
  }

  private resolve(record: RecordOf<'page.resolved'>, at: number): void {
    const d = record.data;
    const r = this.g.current.get(d.pageId);
    if (r) {
      r.resolvedAt = at;
      this.g.lastResolvedByKey.set(r.page.dedupKey, at);
      if (d.via === 'app') r.actionTaken = true;
    }
    this.g.handedOver.delete(d.pageId);
  }

  private reopen(record: RecordOf<'page.reopened'>, at: number): void {
    const r = this.g.current.get(record.data.pageId);
    if (!r) return;
    if (record.data.reason === 'ack-expired') {
      r.acknowledged = false;
      this.touch(record, record.data.pageId, at, false);
      return;
    }
    // The alert fired again (Alertmanager keeps its fingerprint, so the page keeps its id):
    // for the on-call that is another page, and a flap if it comes soon after resolving.
    this.receive(record.data.pageId, at);
  }

  private receive(pageId: string, at: number): void {
    const page = this.g.pages.get(pageId);
    if (!page) return;
    const r: Reception = { pageId, at, page, firstAckAt: null, acknowledged: false, resolvedAt: null, lastAction: null, actionTaken: false };
    this.g.current.set(pageId, r);
    if (!this.inWindow(at)) return;
    this.g.windowReceptions.push(r);
    const resolvedAt = this.g.lastResolvedByKey.get(page.dedupKey);
    if (resolvedAt !== undefined && at - resolvedAt <= this.input.settings.flapMinutes * 60_000) {
      const f = this.g.flaps.get(page.dedupKey) ?? { title: page.title, flaps: 0 };
      f.flaps++;
      this.g.flaps.set(page.dedupKey, f);
    }
  }

  private received(d: EventData<'handoff.received'>, at: number): void {
    for (const id of d.followupIds) this.g.followupOrigin.set(id, d.from);
    for (const p of d.openPages) {
      if (this.g.current.has(p.pageId)) continue;
      // Taken into my Pages when imported: the page is mine now, and says who handed it over.
      const adopted = handedOverPageId(p.pageId);
      if (this.g.current.has(adopted)) {
        this.g.adoptedFrom.set(adopted, d.from);
        if (p.nextStep && !this.g.nextSteps.has(adopted)) this.g.nextSteps.set(adopted, { text: p.nextStep, order: 0 });
        continue;
      }
      this.g.handedOver.set(p.pageId, {
        pageId: p.pageId,
        title: p.title,
        severity: p.severity,
        source: '',
        since: p.since,
        acknowledged: false,
        lastAction: p.lastAction ? { at: iso(at), text: p.lastAction } : null,
        nextStep: p.nextStep,
        handedOverBy: d.from,
      });
      // The previous on-call's words come first; anything written here later wins.
      if (p.nextStep && !this.g.nextSteps.has(p.pageId)) this.g.nextSteps.set(p.pageId, { text: p.nextStep, order: 0 });
    }
  }
}

/** Statistics over the pages received in the window. */
function statsOf(g: Gathered, settings: HandoffSettings, timeZone: string): HandoffReport['stats'] {
  const bySeverity: Record<Severity, number> = { critical: 0, high: 0, warning: 0, info: 0 };
  const bySource = new Map<string, number>();
  const acks: number[] = [];
  const resolves: number[] = [];
  let acknowledged = 0;
  let outside = 0;
  let sleeping = 0;
  const business = settings.businessHours;
  const [bStart, bEnd] = [clockMinutes(business.start), clockMinutes(business.end)];
  const [sStart, sEnd] = [clockMinutes(settings.sleepHours.start), clockMinutes(settings.sleepHours.end)];
  for (const r of g.windowReceptions) {
    bySeverity[r.page.severity]++;
    bySource.set(r.page.sourceName, (bySource.get(r.page.sourceName) ?? 0) + 1);
    if (r.firstAckAt !== null) {
      acknowledged++;
      acks.push(r.firstAckAt - r.at);
    }
    if (r.resolvedAt !== null) resolves.push(r.resolvedAt - r.at);
    const w = wallTime(r.at, timeZone);
    const minute = w.hour * 60 + w.minute;
    if (!business.days.includes(w.weekday) || !inDailyRange(minute, bStart, bEnd)) outside++;
    if (inDailyRange(minute, sStart, sEnd)) sleeping++;
  }
  const byTitle = (a: { title: string }, b: { title: string }) => a.title.localeCompare(b.title);
  return {
    pages: g.windowReceptions.length,
    bySeverity,
    bySource: [...bySource.entries()].map(([source, count]) => ({ source, count })).sort((a, b) => b.count - a.count || a.source.localeCompare(b.source)),
    acknowledged,
    resolved: resolves.length,
    timeToAcknowledge: durations(acks),
    timeToResolve: durations(resolves),
    outsideBusinessHours: outside,
    duringSleepHours: sleeping,
    flapping: [...g.flaps.entries()].map(([dedupKey, f]) => ({ dedupKey, ...f })).sort((a, b) => b.flaps - a.flaps || byTitle(a, b)),
    repeated: alertsByKey(g)
      .filter((k) => k.count >= 2)
      .map(({ dedupKey, title, count }) => ({ dedupKey, title, count }))
      .sort((a, b) => b.count - a.count || byTitle(a, b)),
    settings,
  };
}

/** The window's pages grouped by `keyOf` (the same alert instance, or the same alert name), in the order first seen. */
function alertsBy(g: Gathered, keyOf: (page: Page) => string): { dedupKey: string; title: string; count: number; actionTaken: boolean }[] {
  const byKey = new Map<string, { dedupKey: string; title: string; count: number; actionTaken: boolean }>();
  for (const r of g.windowReceptions) {
    const k = keyOf(r.page);
    const key = byKey.get(k) ?? { dedupKey: r.page.dedupKey, title: k === r.page.dedupKey ? r.page.title : k, count: 0, actionTaken: false };
    key.count++;
    key.actionTaken ||= r.actionTaken || nextStepOf(g, r.pageId, alertNameOf(r.page)) !== '';
    byKey.set(k, key);
  }
  return [...byKey.values()];
}

const alertsByKey = (g: Gathered) => alertsBy(g, (page) => page.dedupKey);

/** By alert name, not dedup key: a storm of 30 crash-looping pods is the noisiest alert, not 30 alerts paged once. */
function noisiestOf(g: Gathered, settings: HandoffSettings, limit: number): HandoffReport['noisiest'] {
  return alertsBy(g, alertNameOf)
    .sort((a, b) => b.count - a.count || a.title.localeCompare(b.title))
    .slice(0, limit)
    .map(({ dedupKey, title, count, actionTaken }) => ({ dedupKey, title, count, actionTaken, needsTuning: count >= settings.noisyThreshold && !actionTaken }));
}

/** The later of the page's own next step and its alert's. */
function nextStepOf(g: Gathered, pageId: string, alertName: string | undefined): string {
  const own = g.nextSteps.get(pageId);
  const group = alertName === undefined ? undefined : g.groupSteps.get(alertName);
  if (own && group) return own.order > group.order ? own.text : group.text;
  return (own ?? group)?.text ?? '';
}

function openPagesOf(g: Gathered): OpenPageItem[] {
  const openPages: OpenPageItem[] = [];
  for (const r of g.current.values()) {
    if (r.resolvedAt !== null) continue;
    openPages.push({
      pageId: r.pageId,
      title: r.page.title,
      severity: r.page.severity,
      source: r.page.sourceName,
      since: iso(r.at),
      acknowledged: r.acknowledged,
      lastAction: r.lastAction ? { at: iso(r.lastAction.at), text: r.lastAction.text } : null,
      nextStep: nextStepOf(g, r.pageId, alertNameOf(r.page)),
      alertName: alertNameOf(r.page),
      ...(g.adoptedFrom.has(r.pageId) ? { handedOverBy: g.adoptedFrom.get(r.pageId) } : {}),
      ...(r.page.runbookUrl ? { runbookUrl: r.page.runbookUrl } : {}),
      ...(g.investigations.has(r.pageId) ? { investigation: g.investigations.get(r.pageId) } : {}),
    });
  }
  for (const item of g.handedOver.values()) openPages.push({ ...item, nextStep: nextStepOf(g, item.pageId, item.alertName) || item.nextStep });
  return openPages.sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.since.localeCompare(b.since));
}

function silencesInForce(g: Gathered, asOf: number): HandoffReport['silences'] {
  return [...g.silences.values()]
    .filter((s) => Date.parse(s.endsAt) > asOf && Date.parse(s.startsAt) <= asOf)
    .map((s) => ({ silenceId: s.silenceId, matchers: matchersText(s.matchers), createdBy: s.createdBy, comment: s.comment, endsAt: s.endsAt }))
    .sort((a, b) => a.endsAt.localeCompare(b.endsAt));
}

/** Quiet, noisy or bumpy, with a one-line reason the user can rewrite. */
export function suggestSummary(stats: HandoffReport['stats'], open: number): { mood: Mood; text: string } {
  const { pages } = stats;
  const critical = stats.bySeverity.critical ?? 0;
  const mood: Mood = critical > 0 || stats.duringSleepHours > 0 ? 'bumpy' : pages >= 10 ? 'noisy' : 'quiet';
  const parts = [
    pages === 0 ? 'No pages' : `${pages} ${pages === 1 ? 'page' : 'pages'}`,
    critical > 0 ? `${critical} critical` : null,
    stats.duringSleepHours > 0 ? `${stats.duringSleepHours} during sleep hours` : null,
  ].filter(Boolean);
  const tail = open === 0 ? 'nothing left open' : `${open} still open`;
  return { mood, text: `${parts.join(', ')}; ${tail}.` };
}

export function durations(samples: number[]): { count: number; meanMs: number | null; medianMs: number | null } {
  if (samples.length === 0) return { count: 0, meanMs: null, medianMs: null };
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const mean = sorted.reduce((sum, x) => sum + x, 0) / sorted.length;
  return { count: sorted.length, meanMs: Math.round(mean), medianMs: Math.round(median) };
}

function silenceKey(sourceId: string, silenceId: string): string {
  return `${sourceId}\u0000${silenceId}`;
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0];
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
