import type { Page } from '../../shared/pages';
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
}

export interface PollFacts {
  /** When the source started (Alertmanager's uptime); a change means it restarted. */
  startedAt: string | null;
  resolveTimeoutMs: number;
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

  function takeOne(source: Source, alert: IncomingAlert, arrival: Arrival, restarted: boolean): void {
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
    if (changed) arrival.announced.push(changed);
  }

  function take(source: Source, alerts: IncomingAlert[], restarted = false): Arrival {
    const arrival: Arrival = { accepted: 0, announced: [], resolved: [] };
    const counted = new Set<string>();
    for (const alert of alerts) {
      if (!counted.has(alert.pageId)) arrival.accepted++;
      counted.add(alert.pageId);
      takeOne(source, alert, arrival, restarted);
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
        const arrival = take(source, alerts, o.absence.restartedRecently(source.id, at));
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
  };
}

/** An Alertmanager alert that resolved and fired again between two looks has a later start. */
function isNewerFiring(page: Page, alert: IncomingAlert): boolean {
  if (page.kind !== 'alertmanager' || page.status !== 'acknowledged') return false;
  const before = Date.parse(page.startsAt);
  const after = Date.parse(alert.startsAt);
  return Number.isFinite(before) && Number.isFinite(after) && after > before;
}
