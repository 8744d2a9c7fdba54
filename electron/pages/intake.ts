import { SEVERITY_ORDER, type Page } from '../../shared/pages';
import type { Clock } from '../clock';
import type { AbsenceTracker } from './absence';
import type { PageBook, RecordEvent } from './book';
import type { IncomingAlert } from './normalise';
import type { ChangeQueue } from './queue';

export interface Source {
  id: string;
  name: string;
}

export interface Arrival {
  /** Alerts taken in (each counted once, however often it appears). */
  accepted: number;
  /** Pages that are new or triggered again: the ones to announce. */
  announced: Page[];
  /** Pages resolved by this arrival. */
  resolved: string[];
  /** Pages a paging service says someone acknowledged there (they stop repeating). */
  acknowledged: string[];
}

export interface PollFacts {
  /** When the source started (Alertmanager's uptime); a change means it restarted. */
  startedAt: string | null;
  resolveTimeoutMs: number;
  /** When the poll asked (a paging service's "triggered" older than an ack made in Baton says nothing about it). */
  askedAt?: number;
}

/**
 * Alerts become pages. Every decision reads the page book as it is at that moment (one change at a
 * time, through the queue), so the same alert twice in one payload, or by poll and webhook at once,
 * is one page; each event goes into the book at once and to the journal through the outbox.
 */
export function createIntake(o: { clock: Clock; book: PageBook; record: RecordEvent; queue: ChangeQueue; absence: AbsenceTracker }) {
  const { clock, book, record } = o;
  /** Which pages each polled source listed last time (a webhook page of the same alert belongs to it too). */
  const seenBy = new Map<string, Set<string>>();

  function takeOne(source: Source, alert: IncomingAlert, arrival: Arrival, restarted: boolean, askedAt: number | undefined): void {
    const page = book.get(alert.pageId);
    if (!alert.firing) {
      if (page && page.status !== 'resolved') {
        record('page.resolved', { pageId: alert.pageId, via: 'source' });
        arrival.resolved.push(alert.pageId);
      }
      return;
    }
    const now = clock.now();
    let changed: Page | undefined;
    if (!page) changed = record('page.received', received(source, alert));
    else if (page.status === 'resolved' || (!restarted && isNewerFiring(page, alert))) {
      changed = record('page.reopened', { pageId: alert.pageId, startsAt: alert.startsAt, reason: 'fired-again' });
    } else if (page.status === 'acknowledged' && page.ackUntil && Date.parse(page.ackUntil) <= now) {
      changed = record('page.reopened', { pageId: alert.pageId, startsAt: alert.startsAt, reason: 'ack-expired' });
    }
    // A page the source now calls more urgent is announced again at its new severity (a held page that became critical breaks through).
    if (page && page.status !== 'resolved' && SEVERITY_ORDER[alert.severity] < SEVERITY_ORDER[page.severity]) {
      changed = record('page.escalated', { pageId: alert.pageId, severity: alert.severity, from: page.severity }) ?? changed;
    }
    // The service's own fields as they are now (an ack there assigns it to the acker).
    if (page && alert.service && !sameFields(alert.service, page.service)) record('page.updated', { pageId: alert.pageId, service: alert.service });
    if (alert.atSource) changed = followService(alert, alert.atSource, changed ?? book.get(alert.pageId), arrival, askedAt) ? undefined : changed;
    if (changed) arrival.announced.push(changed);
  }

  /**
   * A paging service's incident keeps the state the service gives it: acknowledged there (by anyone)
   * is acknowledged here; triggered again there (its ack timed out, a snooze ended) opens it here,
   * unless the ack here is newer than the question. Returns true when the page is not to be announced.
   */
  function followService(alert: IncomingAlert, atSource: NonNullable<IncomingAlert['atSource']>, page: Page | undefined, arrival: Arrival, askedAt: number | undefined): boolean {
    if (!page) return false;
    if (atSource.state === 'acknowledged') {
      if (page.status !== 'triggered') return true;
      record('page.acknowledged', { pageId: alert.pageId, by: (atSource.by ?? 'someone').slice(0, 200), via: 'source' });
      arrival.acknowledged.push(alert.pageId);
      return true;
    }
    if (page.status === 'acknowledged' && !page.ackUntil) {
      const ackedAt = Date.parse(page.acknowledgedAt ?? '');
      if (askedAt === undefined || !Number.isFinite(ackedAt) || askedAt <= ackedAt) return true;
      const reopened = record('page.reopened', { pageId: alert.pageId, startsAt: alert.startsAt, reason: 'ack-expired' });
      if (reopened) arrival.announced.push(reopened);
      return true;
    }
    return false;
  }

  function take(source: Source, alerts: IncomingAlert[], restarted = false, askedAt?: number): Arrival {
    const arrival: Arrival = { accepted: 0, announced: [], resolved: [], acknowledged: [] };
    const counted = new Set<string>();
    for (const alert of alerts) {
      if (!counted.has(alert.pageId)) arrival.accepted++;
      counted.add(alert.pageId);
      takeOne(source, alert, arrival, restarted, askedAt);
    }
    return arrival;
  }

  return {
    /** Alerts pushed to Baton (webhook): firing ones page, resolved ones resolve. */
    push: (source: Source, alerts: IncomingAlert[]) => o.queue.run(() => take(source, alerts)),

    /** One successful poll: what it lists pages; what it stopped listing resolves only by absence (absence.ts). */
    poll: (source: Source, alerts: IncomingAlert[], facts: PollFacts) =>
      o.queue.run(() => {
        const at = clock.now();
        const present = new Set(alerts.map((a) => a.pageId));
        const before = seenBy.get(source.id) ?? new Set<string>();
        const expected: string[] = [];
        for (const page of book.all()) {
          if (page.status !== 'resolved' && (page.sourceId === source.id || before.has(page.id))) expected.push(page.id);
        }
        const gone = o.absence.observe({ sourceId: source.id, at, startedAt: facts.startedAt, resolveTimeoutMs: facts.resolveTimeoutMs, expected, present });
        const arrival = take(source, alerts, o.absence.restartedRecently(source.id, at), facts.askedAt);
        for (const id of gone) {
          if (book.get(id)?.status === 'resolved') continue;
          record('page.resolved', { pageId: id, via: 'source' });
          arrival.resolved.push(id);
        }
        seenBy.set(source.id, new Set([...before].filter((id) => !gone.includes(id) && book.get(id)?.status !== 'resolved').concat([...present])));
        return arrival;
      }),

    /** The polled source that listed this page (to silence it there). */
    seenBy: (sourceId: string, pageId: string) => seenBy.get(sourceId)?.has(pageId) ?? false,
    forgetSource(sourceId: string): void {
      seenBy.delete(sourceId);
      o.absence.forget(sourceId);
    },
  };
}

export type Intake = ReturnType<typeof createIntake>;

function received(source: Source, a: IncomingAlert) {
  return {
    pageId: a.pageId,
    sourceId: source.id,
    sourceName: source.name.slice(0, 200),
    dedupKey: a.dedupKey.slice(0, 500),
    title: a.title.slice(0, 2000),
    severity: a.severity,
    labels: a.labels,
    annotations: a.annotations,
    runbookUrl: a.runbookUrl,
    generatorUrl: a.generatorUrl,
    startsAt: a.startsAt.slice(0, 40),
    kind: a.kind,
    ...(a.service ? { service: a.service } : {}),
  };
}

/** An Alertmanager alert that resolved and fired again between two looks has a later start. */
function isNewerFiring(page: Page, alert: IncomingAlert): boolean {
  if (page.kind !== 'alertmanager' || page.status !== 'acknowledged') return false;
  const before = Date.parse(page.startsAt);
  const after = Date.parse(alert.startsAt);
  return Number.isFinite(before) && Number.isFinite(after) && after > before;
}

/** The same service fields, whatever order their keys were written in (the journal's parse orders them by schema). */
function sameFields(a: object, b: object | undefined): boolean {
  const canonical = (o: object) => JSON.stringify(Object.entries(o).filter(([, v]) => v !== undefined).sort(([x], [y]) => x.localeCompare(y)));
  return b !== undefined && canonical(a) === canonical(b);
}
