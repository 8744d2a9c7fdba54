import type { Page } from './pages';
import type { JournalRecord, Projection } from './records';

/**
 * The one fold of page events into pages: every page ever seen, by id. The pages feature keeps it
 * current and the handoff folds it over its window (the Log only indexes titles).
 */
export type PageMap = Map<string, Page>;

/** Folds one record into `pages` (in place); returns the page it changed, if any. */
export function foldPage(pages: PageMap, record: JournalRecord): Page | undefined {
  if (record.problem !== undefined) return undefined;
  switch (record.type) {
    case 'page.received': {
      const d = record.data;
      const page: Page = {
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
        fired: (pages.get(d.pageId)?.fired ?? 0) + 1,
        ...(d.service ? { service: d.service } : {}),
      };
      pages.set(d.pageId, page);
      return page;
    }
    case 'page.acknowledged': {
      const { data, ts } = record;
      // Only a triggered page can be acknowledged (a page resolved meanwhile stays resolved).
      if (pages.get(data.pageId)?.status !== 'triggered') return undefined;
      return update(pages, data.pageId, (p) => ({ ...p, status: 'acknowledged', acknowledgedBy: data.by, acknowledgedAt: ts, ackUntil: data.until, silenceId: data.silenceId }));
    }
    case 'page.unacknowledged':
      return update(pages, record.data.pageId, (p) => ({ ...clearAck(p), status: 'triggered' }));
    case 'page.resolved': {
      const { data, ts } = record;
      return update(pages, data.pageId, (p) => ({ ...p, status: 'resolved', resolvedAt: ts, resolvedBy: data.by }));
    }
    case 'page.updated': {
      const { service } = record.data;
      return update(pages, record.data.pageId, (p) => ({ ...p, service }));
    }
    case 'page.escalated':
      return update(pages, record.data.pageId, (p) => ({ ...p, severity: record.data.severity }));
    case 'page.reopened': {
      const { data, ts } = record;
      return update(pages, data.pageId, (p) => ({
        ...clearAck(p),
        status: 'triggered',
        resolvedAt: undefined,
        resolvedBy: undefined,
        startsAt: data.startsAt ?? p.startsAt,
        receivedAt: ts,
        fired: p.fired + 1,
      }));
    }
    case 'silence.created': {
      const { pageId, replaces, silenceId } = record.data;
      if (!pageId || !replaces || pages.get(pageId)?.silenceId !== replaces) return undefined;
      return update(pages, pageId, (p) => ({ ...p, silenceId }));
    }
    default:
      return undefined;
  }
}

function update(pages: PageMap, id: string, fn: (page: Page) => Page): Page | undefined {
  const page = pages.get(id);
  if (!page) return undefined;
  const next = fn(page);
  pages.set(id, next);
  return next;
}

function clearAck(page: Page): Page {
  return { ...page, acknowledgedBy: undefined, acknowledgedAt: undefined, ackUntil: undefined, silenceId: undefined };
}

export interface PagesState {
  pages: PageMap;
}

export const pagesProjection: Projection<PagesState> = {
  initial: () => ({ pages: new Map() }),
  apply(state, record) {
    foldPage(state.pages, record);
    return state;
  },
};
