import type { InvestigationEntry } from '../../shared/investigation';
import { isEvent, type JournalRecord } from '../../shared/records';
import { formatDateTime } from '../../shared/time';
import type { Clock, Timer } from '../clock';
import type { Journal } from '../journal';
import type { Logger } from '../log';
import type { Notifier } from '../notifier';
import type { Handlers } from '../router';

/** What investigation notes use, and nothing else. */
export interface InvestigationDeps {
  clock: Clock;
  log: Pick<Logger, 'info' | 'error'>;
  journal: Pick<Journal, 'append' | 'records' | 'subscribe'>;
  notifier: Notifier;
  /** The page's title, and whether it is still open (the pages feature's queries). */
  page(pageId: string): { title: string; open: boolean } | undefined;
  timeZone(): string;
  sound(): boolean;
}

export type InvestigationHandlers = Pick<Handlers, 'addInvestigationNote' | 'pageInvestigation'>;

/**
 * "Tried", "ruled out" and "next checkpoint at …" on a page, journaled (`page.investigation`), shown
 * on the page and in the handoff's open items; a checkpoint is reminded when it comes, by one timer
 * for the next one. A checkpoint that passed while Baton was not running is not reminded late.
 */
export function createInvestigation(deps: InvestigationDeps) {
  const { clock, journal } = deps;
  let since = clock.now();
  let timer: Timer | null = null;
  let disposed = false;

  const checkpoints = (): { pageId: string; at: number; text: string }[] =>
    journal
      .records()
      .filter((r): r is JournalRecord<'page.investigation'> => isEvent(r, 'page.investigation') && r.data.kind === 'checkpoint' && r.data.checkpointAt !== undefined)
      .map((r) => ({ pageId: r.data.pageId, at: Date.parse(r.data.checkpointAt!), text: r.data.text }));

  function evaluate(): void {
    if (disposed) return;
    const now = clock.now();
    const all = checkpoints();
    for (const c of all.filter((c) => c.at > since && c.at <= now)) {
      const page = deps.page(c.pageId);
      if (!page?.open) continue;
      void deps.notifier
        .notify({ key: `checkpoint:${c.pageId}:${c.at}`, title: `Checkpoint: ${page.title}`, body: `${formatDateTime(c.at, deps.timeZone())}: ${c.text}`, urgency: 'normal', sticky: true, sound: deps.sound() })
        .catch((error: unknown) => deps.log.error('investigation: a checkpoint reminder failed', error));
    }
    since = now;
    if (timer) clock.clearTimeout(timer);
    timer = null;
    const next = all.filter((c) => c.at > now).sort((a, b) => a.at - b.at)[0];
    if (next) {
      timer = clock.setTimeout(evaluate, next.at - now);
      timer.unref?.();
    }
  }

  const unsubscribe = journal.subscribe((record) => {
    if (isEvent(record, 'page.investigation') && record.data.kind === 'checkpoint') evaluate();
  });
  evaluate();

  const handlers: InvestigationHandlers = {
    addInvestigationNote: async ({ pageId, kind, text, checkpointAt }) => {
      await journal.append('page.investigation', { pageId, kind, text, ...(kind === 'checkpoint' && checkpointAt ? { checkpointAt: new Date(checkpointAt).toISOString() } : {}) });
      return { ok: true as const };
    },
    pageInvestigation: ({ pageId }) =>
      journal
        .records()
        .filter((r): r is JournalRecord<'page.investigation'> => isEvent(r, 'page.investigation') && r.data.pageId === pageId)
        .map((r): InvestigationEntry => ({ at: r.ts, kind: r.data.kind, text: r.data.text, ...(r.data.checkpointAt ? { checkpointAt: r.data.checkpointAt } : {}) })),
  };

  return {
    handlers,
    /** After sleep: checkpoints that came meanwhile are reminded now. */
    evaluate,
    dispose() {
      disposed = true;
      unsubscribe();
      if (timer) clock.clearTimeout(timer);
    },
  };
}
