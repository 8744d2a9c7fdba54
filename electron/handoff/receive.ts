import { followupsProjection, openFollowups } from '../../shared/action-log';
import { parseHandoff, type HandoffReport } from '../../shared/handoff';
import { isEvent } from '../../shared/records';
import type { Journal } from '../journal';
import type { Logger } from '../log';
import { fold } from '../projection';
import { UserError } from '../user-error';
import type { AdoptPages } from './adopt';

export interface ReceiveDeps {
  journal: Pick<Journal, 'append' | 'records'>;
  log: Pick<Logger, 'info'>;
  /** My name as set in Settings: the receiver when the report names no incoming. */
  myName(): string;
  /** Makes the handoff's open pages mine, in Pages (absent: they show in the Handoff view only). */
  adoptPages?: AdoptPages;
}

/**
 * Takes over a handoff exported as Markdown or JSON: its follow-ups become mine (those not already
 * open), and a handoff.received record carries its open pages and notes. Importing it again adds nothing.
 */
export async function importHandoff(deps: ReceiveDeps, text: string, via: 'import' | 'repository' = 'import') {
  const parsed = parseHandoff(text);
  if (!parsed.ok) throw new UserError(parsed.error);
  const report = parsed.report;
  const from = report.header.outgoing || 'the previous on-call';
  const handoffId = handoffIdOf(report);
  const counts = { handoffId, from, openPages: report.openPages.length, followups: report.followups.length };
  const records = deps.journal.records();
  if (records.some((r) => isEvent(r, 'handoff.received') && r.data.handoffId === handoffId)) {
    return { ...counts, alreadyImported: true };
  }
  // The pages first: if Baton stops before the record below is saved, importing again takes them once.
  await deps.adoptPages?.(from, report.openPages);
  const open = new Set(openFollowups(fold(followupsProjection, records)).map((f) => f.id));
  // Queued in one tick (one group commit, sequence numbers in this order): follow-ups first, so
  // if Baton stops half-way, importing again adds only what is missing.
  const appends: Promise<unknown>[] = report.followups
    .filter((f) => !open.has(f.id))
    .map((f) =>
      deps.journal.append('followup.added', {
        id: f.id,
        text: f.text,
        ...(f.owner ? { owner: f.owner } : {}),
        ...(f.due ? { due: f.due } : {}),
      }),
    );
  appends.push(deps.journal.append('handoff.received', { ...receivedRecord(report, handoffId, from, deps.myName()), handedOverAt: report.generatedAt, via }));
  await Promise.all(appends);
  deps.log.info(`handoff: imported ${handoffId} from ${from}: ${counts.openPages} open page(s), ${counts.followups} follow-up(s)`);
  return { ...counts, alreadyImported: false };
}

/** One handoff, wherever it travels (a file, the shared repository): its draft and who made it. */
export function handoffIdOf(report: HandoffReport): string {
  return `${report.id}|${report.header.outgoing}`.slice(0, 200);
}

function receivedRecord(report: HandoffReport, handoffId: string, from: string, me: string) {
  return {
    handoffId,
    from,
    to: report.header.incoming || me,
    scheduleName: report.header.scheduleName,
    start: report.header.window.start,
    end: report.header.window.end,
    summary: report.header.summary.text,
    notes: report.notesForNext,
    openPages: report.openPages.map((p) => ({
      pageId: p.pageId,
      title: p.title,
      severity: p.severity,
      since: p.since,
      lastAction: p.lastAction?.text ?? '',
      nextStep: p.nextStep,
    })),
    followupIds: report.followups.map((f) => f.id),
  };
}

/** Records that the draft was handed over (the Handoff view then shows it as sent). */
export async function handOver(journal: Pick<Journal, 'append'>, report: HandoffReport) {
  const record = await journal.append('handoff.sent', {
    draftId: report.id,
    from: report.header.outgoing,
    to: report.header.incoming,
    start: report.header.window.start,
    end: report.header.window.end,
    openPages: report.openPages.length,
    openFollowups: report.followups.length,
  });
  return { draftId: report.id, sentAt: record.ts };
}
