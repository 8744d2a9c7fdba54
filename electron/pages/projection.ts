import type { JournalRecord, KnownRecord } from '../../shared/events';
import type { Page } from '../../shared/pages';
import type { Projection } from '../projection';

/** Every page ever seen, by id, folded from the journal; the open ones are those not resolved. */
export interface PagesState {
  pages: Map<string, Page>;
}

export const pagesProjection: Projection<PagesState> = {
  initial: () => ({ pages: new Map() }),
  apply(state, raw: JournalRecord) {
    const record = raw as KnownRecord;
    switch (record.type) {
      case 'page.received': {
        const d = record.data;
        const previous = state.pages.get(d.pageId);
        state.pages.set(d.pageId, {
          id: d.pageId,
          sourceId: d.sourceId,
          sourceName: d.sourceName,
          kind: d.kind ?? 'generic',
          dedupKey: d.dedupKey,
          title: d.title,
          severity: d.severity,
          labels: d.labels,
          annotations: d.annotations,
          runbookUrl: d.runbookUrl,
          generatorUrl: d.generatorUrl,
          startsAt: d.startsAt,
          receivedAt: record.ts,
          status: 'triggered',
          fired: (previous?.fired ?? 0) + 1,
        });
        break;
      }
      case 'page.acknowledged':
        update(state, record.data.pageId, (p) => ({
          ...p,
          status: 'acknowledged',
          acknowledgedBy: record.data.by,
          acknowledgedAt: record.ts,
          ackUntil: record.data.until,
          silenceId: record.data.silenceId,
        }));
        break;
      case 'page.unacknowledged':
        update(state, record.data.pageId, (p) => ({ ...clearAck(p), status: 'triggered' }));
        break;
      case 'page.resolved':
        update(state, record.data.pageId, (p) => ({ ...p, status: 'resolved', resolvedAt: record.ts, resolvedBy: record.data.by }));
        break;
      case 'page.reopened':
        update(state, record.data.pageId, (p) => ({
          ...clearAck(p),
          status: 'triggered',
          resolvedAt: undefined,
          resolvedBy: undefined,
          startsAt: record.data.startsAt ?? p.startsAt,
          receivedAt: record.ts,
          fired: p.fired + 1,
        }));
        break;
      default:
        break;
    }
    return state;
  },
};

function update(state: PagesState, id: string, fn: (page: Page) => Page): void {
  const page = state.pages.get(id);
  if (page) state.pages.set(id, fn(page));
}

function clearAck(page: Page): Page {
  return { ...page, acknowledgedBy: undefined, acknowledgedAt: undefined, ackUntil: undefined, silenceId: undefined };
}

/** The journal records that concern one page, oldest first. */
export function pageHistory(records: readonly JournalRecord[], pageId: string): JournalRecord[] {
  return records.filter((r) => {
    const data = r.data as { pageId?: unknown } | null;
    return typeof data === 'object' && data !== null && data.pageId === pageId;
  });
}

export function minutesBetween(from: string, to: string): string {
  const minutes = Math.round((Date.parse(to) - Date.parse(from)) / 60_000);
  return minutes >= 120 && minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
}

/** One readable line per journal record of a page, for its history. */
export function summarise(record: JournalRecord): string {
  const r = record as KnownRecord;
  switch (r.type) {
    case 'page.received':
      return `Received from ${r.data.sourceName} (${r.data.severity})`;
    case 'page.acknowledged':
      return `Acknowledged by ${r.data.by} via ${r.data.via}${r.data.until ? ` for ${minutesBetween(record.ts, r.data.until)}` : ''}${r.data.comment ? ` — ${r.data.comment}` : ''}`;
    case 'page.unacknowledged':
      return `Acknowledgement withdrawn by ${r.data.by}`;
    case 'page.resolved':
      return r.data.via === 'source' ? 'Resolved at the source' : `Marked handled by ${r.data.by ?? 'someone'}`;
    case 'page.reopened':
      return r.data.reason === 'ack-expired' ? 'Re-opened: the acknowledgement ran out' : 'Fired again';
    case 'silence.created':
      return `Silence ${r.data.silenceId} created by ${r.data.createdBy} for ${minutesBetween(r.data.startsAt, r.data.endsAt)}`;
    case 'silence.expired':
      return `Silence ${r.data.silenceId} expired${r.data.by ? ` by ${r.data.by}` : ''}`;
    default:
      return record.type;
  }
}
