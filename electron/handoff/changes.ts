import type { HandoffChanges } from '../../shared/handoff/delivery';
import { foldPage, type PageMap } from '../../shared/page-fold';
import { describeRecord, isEvent, type JournalRecord } from '../../shared/records';
import { formatDateTime } from '../../shared/time';
import { UserError } from '../user-error';

const LIMIT = 500;

/**
 * What changed between a received handoff and its acceptance (or now, before it): pages received,
 * acknowledged, resolved and re-opened, and silences made or ended, in the words of the Log.
 */
export function changesSince(records: readonly JournalRecord[], handoffId: string, now: number, timeZone: string): HandoffChanges {
  const received = [...records].reverse().find((r): r is JournalRecord<'handoff.received'> => isEvent(r, 'handoff.received') && r.data.handoffId === handoffId);
  if (!received) throw new UserError('That handoff was not received here.');
  const accepted = records.find((r): r is JournalRecord<'handoff.accepted'> => isEvent(r, 'handoff.accepted') && r.data.side === 'me' && r.data.handoffId === handoffId);
  const since = Date.parse(received.data.handedOverAt ?? received.data.end);
  const until = accepted ? Date.parse(accepted.ts) : now;
  const pages: PageMap = new Map();
  const entries: HandoffChanges['entries'] = [];
  let omitted = 0;
  for (const record of records) {
    if (record.problem !== undefined) continue;
    foldPage(pages, record);
    const at = Date.parse(record.ts);
    if (at <= since || at > until) continue;
    if (!record.type.startsWith('page.') && !record.type.startsWith('silence.')) continue;
    if (entries.length >= LIMIT) {
      omitted++;
      continue;
    }
    const { kind, text } = describeRecord(record, { pageTitle: (id) => pages.get(id)?.title ?? id, time: (iso) => formatDateTime(iso, timeZone) });
    entries.push({ at: record.ts, kind, text });
  }
  return { since: new Date(since).toISOString(), until: new Date(until).toISOString(), entries, omitted };
}
