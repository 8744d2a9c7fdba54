import type { EventData, JournalRecord, Severity } from '../events';
import {
  HANDOFF_SCHEMA_ID,
  HANDOFF_SCHEMA_VERSION,
  type HandoffReport,
  type HandoffSettings,
  type Mood,
  type OpenPageItem,
} from './model';
import { formatDateTime } from '../time';
import { SEVERITIES } from '../pages';
import { clockMinutes, inDailyRange, wallTime } from './zone';

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
}

/** `<scheduleId or "range">:<window start ISO>`: edits made to a draft find it again by this. */
export function draftIdFor(scheduleId: string | null, start: number): string {
  return `${scheduleId ?? 'range'}:${new Date(start).toISOString()}`;
}

interface Reception {
  pageId: string;
  at: number;
  data: EventData<'page.received'>;
  firstAckAt: number | null;
  acknowledged: boolean;
  resolvedAt: number | null;
  lastAction: { at: number; text: string } | null;
  actionTaken: boolean;
}


/** The handoff for a window, folded from the journal in one pass. Pure: same input, same report. */
export function buildHandoff(input: HandoffInput): HandoffReport {
  const { records, settings } = input;
  const { start, end, timeZone } = input.window;
  const asOf = Math.min(end, input.now);
  const draftId = draftIdFor(input.scheduleId, start);
  const inWindow = (t: number) => t >= start && t < end;

  const current = new Map<string, Reception>();
  const windowReceptions: Reception[] = [];
  const lastResolvedByKey = new Map<string, number>();
  const flaps = new Map<string, { title: string; flaps: number }>();
  const silences = new Map<string, { data: EventData<'silence.created'> }>();
  const followups = new Map<string, { data: EventData<'followup.added'>; at: number }>();
  const followupOrigin = new Map<string, string>();
  const handedOver = new Map<string, { item: OpenPageItem }>();
  const nextSteps = new Map<string, string>();
  const notes: HandoffReport['notes'] = [];
  const timeline: HandoffReport['timeline'] = [];
  let summaryEdit: { mood: Mood; text: string } | null = null;
  let notesForNext = '';
  let incoming = input.incoming;

  const touch = (pageId: string | undefined, at: number, text: string) => {
    if (!pageId) return;
    const r = current.get(pageId);
    if (!r) return;
    r.lastAction = { at, text };
    r.actionTaken = true;
  };
  const log = (at: number, kind: string, text: string) => {
    if (inWindow(at)) timeline.push({ at: iso(at), kind, text });
  };

  for (const record of records) {
    const at = Date.parse(record.ts);
    if (Number.isNaN(at)) continue;
    // Edits to this draft count whenever they were made (usually after the shift ended).
    if (record.type === 'handoff.edited') {
      const d = record.data as EventData<'handoff.edited'>;
      if (d.nextStep) nextSteps.set(d.nextStep.pageId, d.nextStep.text);
      if (d.draftId !== draftId) continue;
      if (d.summary) summaryEdit = d.summary;
      if (d.notes !== undefined) notesForNext = d.notes;
      if (d.incoming !== undefined) incoming = d.incoming;
      continue;
    }
    if (at > asOf) continue;
    try {
      apply(record, at);
    } catch {
      // A record whose payload is not what its type promises (a hand-edited file) is skipped, not fatal.
    }
  }

  function apply(record: JournalRecord, at: number): void {
    switch (record.type) {
      case 'page.received': {
        const d = record.data as EventData<'page.received'>;
        receive(d.pageId, d, at);
        log(at, 'page', `Paged (${d.severity}): ${d.title} — ${d.sourceName}`);
        return;
      }
      case 'page.acknowledged': {
        const d = record.data as EventData<'page.acknowledged'>;
        const r = current.get(d.pageId);
        if (r) {
          r.firstAckAt ??= at;
          r.acknowledged = true;
        }
        const text = `Acknowledged by ${d.by} (${d.via})${d.comment ? `: ${d.comment}` : ''}`;
        touch(d.pageId, at, text);
        log(at, 'ack', `${text} — ${titleOf(d.pageId)}`);
        return;
      }
      case 'page.unacknowledged': {
        const d = record.data as EventData<'page.unacknowledged'>;
        const r = current.get(d.pageId);
        if (r) r.acknowledged = false;
        touch(d.pageId, at, `Unacknowledged by ${d.by}`);
        log(at, 'ack', `Unacknowledged by ${d.by} — ${titleOf(d.pageId)}`);
        return;
      }
      case 'page.resolved': {
        const d = record.data as EventData<'page.resolved'>;
        const r = current.get(d.pageId);
        if (r) {
          r.resolvedAt = at;
          lastResolvedByKey.set(r.data.dedupKey, at);
          if (d.via === 'app') r.actionTaken = true;
        }
        handedOver.delete(d.pageId);
        log(at, 'resolve', `Resolved${d.via === 'app' ? ` by ${d.by ?? 'hand'}` : ' at the source'} — ${titleOf(d.pageId)}`);
        return;
      }
      case 'page.reopened': {
        const d = record.data as EventData<'page.reopened'>;
        const r = current.get(d.pageId);
        if (!r) return;
        if (d.reason === 'ack-expired') {
          r.acknowledged = false;
          r.lastAction = { at, text: 'Acknowledgement ran out; paging again' };
          log(at, 'page', `Acknowledgement ran out — ${r.data.title}`);
          return;
        }
        // The alert fired again (Alertmanager keeps its fingerprint, so the page keeps its id):
        // for the on-call that is another page, and a flap if it comes soon after resolving.
        receive(d.pageId, { ...r.data, ...(d.startsAt ? { startsAt: d.startsAt } : {}) }, at);
        log(at, 'page', `Paged again (${r.data.severity}): ${r.data.title} — ${r.data.sourceName}`);
        return;
      }
      case 'silence.created': {
        const d = record.data as EventData<'silence.created'>;
        silences.set(silenceKey(d.sourceId, d.silenceId), { data: d });
        touch(d.pageId, at, `Silenced by ${d.createdBy} until ${formatDateTime(d.endsAt, timeZone)}${d.comment ? `: ${d.comment}` : ''}`);
        log(at, 'silence', `Silence by ${d.createdBy} (${matchersText(d.matchers)}) until ${formatDateTime(d.endsAt, timeZone)}${d.comment ? `: ${d.comment}` : ''}`);
        return;
      }
      case 'silence.expired': {
        const d = record.data as EventData<'silence.expired'>;
        silences.delete(silenceKey(d.sourceId, d.silenceId));
        log(at, 'silence', `Silence ${d.silenceId} ended${d.by ? ` by ${d.by}` : ''}`);
        return;
      }
      case 'note.added': {
        const d = record.data as EventData<'note.added'>;
        touch(d.pageId, at, `Note: ${d.text}`);
        if (inWindow(at)) notes.push({ at: iso(at), text: d.text, ...(d.pageId ? { pageId: d.pageId } : {}) });
        log(at, 'note', `Note: ${firstLine(d.text)}`);
        return;
      }
      case 'runbook.step.done': {
        const d = record.data as EventData<'runbook.step.done'>;
        const text = `Runbook “${d.runbookTitle}”: ${d.done ? 'done' : 'undone'} — ${d.step}`;
        touch(d.pageId, at, text);
        log(at, 'runbook', text);
        return;
      }
      case 'followup.added': {
        const d = record.data as EventData<'followup.added'>;
        followups.set(d.id, { data: d, at });
        log(at, 'followup', `Follow-up: ${firstLine(d.text)}${d.owner ? ` (${d.owner})` : ''}`);
        return;
      }
      case 'followup.closed': {
        const d = record.data as EventData<'followup.closed'>;
        const f = followups.get(d.id);
        followups.delete(d.id);
        if (f) log(at, 'followup', `Follow-up done: ${firstLine(f.data.text)}${d.comment ? ` — ${d.comment}` : ''}`);
        return;
      }
      case 'shift.started':
      case 'shift.ended': {
        const d = record.data as EventData<'shift.started'>;
        log(at, 'shift', `${d.person} ${record.type === 'shift.started' ? 'went on call' : 'went off call'} (${d.scheduleName})`);
        return;
      }
      case 'handoff.sent': {
        const d = record.data as EventData<'handoff.sent'>;
        log(at, 'handoff', `Handed over to ${d.to || 'the next on-call'}`);
        return;
      }
      case 'handoff.received': {
        const d = record.data as EventData<'handoff.received'>;
        for (const id of d.followupIds) followupOrigin.set(id, d.from);
        for (const p of d.openPages) {
          if (current.has(p.pageId)) continue;
          handedOver.set(p.pageId, {
            item: {
              pageId: p.pageId,
              title: p.title,
              severity: p.severity,
              source: '',
              since: p.since,
              acknowledged: false,
              lastAction: p.lastAction ? { at: iso(at), text: p.lastAction } : null,
              nextStep: p.nextStep,
              handedOverBy: d.from,
            },
          });
          if (p.nextStep && !nextSteps.has(p.pageId)) nextSteps.set(p.pageId, p.nextStep);
        }
        log(at, 'handoff', `Handoff received from ${d.from}`);
        return;
      }
    }
  }

  function receive(pageId: string, d: EventData<'page.received'>, at: number): void {
    const r: Reception = { pageId, at, data: d, firstAckAt: null, acknowledged: false, resolvedAt: null, lastAction: null, actionTaken: false };
    current.set(pageId, r);
    if (!inWindow(at)) return;
    windowReceptions.push(r);
    const resolvedAt = lastResolvedByKey.get(d.dedupKey);
    if (resolvedAt !== undefined && at - resolvedAt <= settings.flapMinutes * 60_000) {
      const f = flaps.get(d.dedupKey) ?? { title: d.title, flaps: 0 };
      f.flaps++;
      flaps.set(d.dedupKey, f);
    }
  }

  function titleOf(pageId: string): string {
    return current.get(pageId)?.data.title ?? pageId;
  }

  // Statistics over the pages received in the window.
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const bySource = new Map<string, number>();
  const byKey = new Map<string, { title: string; count: number; actionTaken: boolean }>();
  const acks: number[] = [];
  const resolves: number[] = [];
  let acknowledged = 0;
  let outside = 0;
  let sleeping = 0;
  const business = settings.businessHours;
  const [bStart, bEnd] = [clockMinutes(business.start), clockMinutes(business.end)];
  const [sStart, sEnd] = [clockMinutes(settings.sleepHours.start), clockMinutes(settings.sleepHours.end)];
  for (const r of windowReceptions) {
    bySeverity[r.data.severity]++;
    bySource.set(r.data.sourceName, (bySource.get(r.data.sourceName) ?? 0) + 1);
    const key = byKey.get(r.data.dedupKey) ?? { title: r.data.title, count: 0, actionTaken: false };
    key.count++;
    key.actionTaken ||= r.actionTaken || nextSteps.has(r.pageId);
    byKey.set(r.data.dedupKey, key);
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

  const keys = [...byKey.entries()].map(([dedupKey, k]) => ({ dedupKey, ...k }));
  const openPages: OpenPageItem[] = [];
  for (const r of current.values()) {
    if (r.resolvedAt !== null) continue;
    openPages.push({
      pageId: r.pageId,
      title: r.data.title,
      severity: r.data.severity,
      source: r.data.sourceName,
      since: iso(r.at),
      acknowledged: r.acknowledged,
      lastAction: r.lastAction ? { at: iso(r.lastAction.at), text: r.lastAction.text } : null,
      nextStep: nextSteps.get(r.pageId) ?? '',
      ...(r.data.runbookUrl ? { runbookUrl: r.data.runbookUrl } : {}),
    });
  }
  for (const { item } of handedOver.values()) openPages.push({ ...item, nextStep: nextSteps.get(item.pageId) ?? item.nextStep });
  openPages.sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.since.localeCompare(b.since));

  const pages = windowReceptions.length;
  const stats: HandoffReport['stats'] = {
    pages,
    bySeverity,
    bySource: [...bySource.entries()].map(([source, count]) => ({ source, count })).sort((a, b) => b.count - a.count || a.source.localeCompare(b.source)),
    acknowledged,
    resolved: resolves.length,
    timeToAcknowledge: durations(acks),
    timeToResolve: durations(resolves),
    outsideBusinessHours: outside,
    duringSleepHours: sleeping,
    flapping: [...flaps.entries()].map(([dedupKey, f]) => ({ dedupKey, ...f })).sort((a, b) => b.flaps - a.flaps || a.title.localeCompare(b.title)),
    repeated: keys
      .filter((k) => k.count >= 2)
      .map(({ dedupKey, title, count }) => ({ dedupKey, title, count }))
      .sort((a, b) => b.count - a.count || a.title.localeCompare(b.title)),
    settings,
  };

  const noisiest = keys
    .sort((a, b) => b.count - a.count || a.title.localeCompare(b.title))
    .slice(0, input.noisiestLimit ?? 10)
    .map(({ dedupKey, title, count, actionTaken }) => ({
      dedupKey,
      title,
      count,
      actionTaken,
      needsTuning: count >= settings.noisyThreshold && !actionTaken,
    }));

  const limit = input.timelineLimit ?? 200;
  const timelineOmitted = Math.max(0, timeline.length - limit);
  const suggested = suggestSummary(stats, openPages.length);

  return {
    schema: HANDOFF_SCHEMA_ID,
    version: HANDOFF_SCHEMA_VERSION,
    id: draftId,
    generatedAt: iso(input.now),
    header: {
      scheduleId: input.scheduleId,
      scheduleName: input.scheduleName,
      outgoing: input.outgoing,
      incoming,
      window: { start: iso(start), end: iso(end), timeZone },
      asOf: iso(asOf),
      summary: summaryEdit ? { ...summaryEdit, edited: true } : { ...suggested, edited: false },
    },
    stats,
    openPages,
    silences: [...silences.values()]
      .filter((s) => Date.parse(s.data.endsAt) > asOf && Date.parse(s.data.startsAt) <= asOf)
      .map(({ data }) => ({
        silenceId: data.silenceId,
        matchers: matchersText(data.matchers),
        createdBy: data.createdBy,
        comment: data.comment,
        endsAt: data.endsAt,
      }))
      .sort((a, b) => a.endsAt.localeCompare(b.endsAt)),
    noisiest,
    followups: [...followups.entries()].map(([id, f]) => ({
      id,
      text: f.data.text,
      ...(f.data.owner ? { owner: f.data.owner } : {}),
      ...(f.data.due ? { due: f.data.due } : {}),
      createdAt: iso(f.at),
      ...(followupOrigin.has(id) ? { handedOverBy: followupOrigin.get(id) } : {}),
    })),
    notesForNext,
    notes,
    timeline: timelineOmitted > 0 ? timeline.slice(timelineOmitted) : timeline,
    timelineOmitted,
  };
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

export function matchersText(matchers: EventData<'silence.created'>['matchers']): string {
  return matchers.map((m) => `${m.name}${m.isRegex ? (m.isEqual ? '=~' : '!~') : m.isEqual ? '=' : '!='}"${m.value}"`).join(', ');
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
