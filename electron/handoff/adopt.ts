import { handedOverPageId, type OpenPageItem } from '../../shared/handoff';
import type { PagesFeature } from '../pages';
import type { IncomingAlert } from '../pages/normalise';

/** The pages feature's side of taking over: the open pages of an imported handoff become my open pages. */
export type AdoptPages = (from: string, pages: OpenPageItem[]) => Promise<void>;

/**
 * The previous on-call's open pages, handed over to me, taken in by the pages feature like any other
 * page (a source named for the handoff): they show in Pages and the Log, notify, and are acknowledged
 * or marked handled there. A page this Baton already has (the same Alertmanager) is not taken twice;
 * importing again adds nothing (the intake keeps one page per id).
 */
export function adoptingPages(pages: Pick<PagesFeature, 'ingest' | 'get'>): AdoptPages {
  return async (from, items) => {
    const fresh = items.filter((p) => !pages.get(p.pageId));
    if (fresh.length === 0) return;
    await pages.ingest({ id: 'handoff', name: `${from}'s handoff` }, fresh.map((p) => asIncoming(from, p)));
  };
}

function asIncoming(from: string, p: OpenPageItem): IncomingAlert {
  const annotations: Record<string, string> = { handed_over_by: from };
  if (p.nextStep) annotations.next_step = p.nextStep;
  if (p.lastAction) annotations.last_action = p.lastAction.text;
  if (p.source) annotations.original_source = p.source;
  return {
    pageId: handedOverPageId(p.pageId),
    kind: 'generic',
    dedupKey: p.pageId,
    title: p.title,
    severity: p.severity,
    labels: { alertname: p.alertName ?? p.title, handed_over_by: from },
    annotations,
    ...(p.runbookUrl ? { runbookUrl: p.runbookUrl } : {}),
    startsAt: p.since,
    firing: true,
  };
}
