import type { JournalRecord } from '../../shared/events';
import type { Projection } from '../projection';

/** What runbook matching needs to know of a page, folded from its `page.received`. */
export interface PageInfo {
  pageId: string;
  title: string;
  labels: Record<string, string>;
  runbookUrl: string | null;
  /** The alert's summary (or description), for suggestions. */
  summary: string | null;
}

export const pagesProjection: Projection<Map<string, PageInfo>> = {
  initial: () => new Map(),
  apply(state, record) {
    if (record.type === 'page.received') {
      const data = (record as JournalRecord<'page.received'>).data;
      state.set(data.pageId, {
        pageId: data.pageId,
        title: data.title,
        labels: data.labels,
        runbookUrl: data.runbookUrl ?? data.annotations.runbook_url ?? data.annotations.runbook ?? null,
        summary: (data.annotations.summary ?? data.annotations.description)?.slice(0, 500) ?? null,
      });
    }
    return state;
  },
};

/** Where a runbook's ticked steps are kept: per runbook and page. */
export function stepsKey(runbookId: string, pageId: string | null | undefined): string {
  return `${runbookId}\0${pageId ?? ''}`;
}

/** Ticked steps per runbook and page: stepsKey → step → done. */
export const stepsProjection: Projection<Map<string, Map<string, boolean>>> = {
  initial: () => new Map(),
  apply(state, record) {
    if (record.type === 'runbook.step.done') {
      const data = (record as JournalRecord<'runbook.step.done'>).data;
      const key = stepsKey(data.runbookId, data.pageId);
      const steps = state.get(key) ?? new Map<string, boolean>();
      steps.set(data.step, data.done);
      state.set(key, steps);
    }
    return state;
  },
};
