import { inRange, logEntryAt, toCsv, toJsonl, type ExportRequest, type LogState } from '../../shared/action-log';
import type { JournalRecord } from '../../shared/events';
import { errorText } from '../../shared/errors';
import type { Clock } from '../clock';
import type { Journal } from '../journal';
import type { Logger } from '../log';
import { UserError } from '../user-error';

export interface LogExportDeps {
  clock: Clock;
  log: Pick<Logger, 'info'>;
  journal: Pick<Journal, 'records'>;
  /** The action log's entries (for the CSV's readable text). */
  entries(): LogState;
  /** Asks where to save; resolves to the path written, or null if cancelled. */
  saveFile(suggestedName: string, content: string): Promise<string | null>;
}

/** A range of the journal as JSON Lines (the records as stored) or CSV (the entries as the Log shows them). */
export async function exportLog(deps: LogExportDeps, { from, to, format }: ExportRequest) {
  if (from && to && Date.parse(from) >= Date.parse(to)) throw new UserError('The export range ends before it starts.');
  const records: JournalRecord[] = deps.journal.records().filter((r) => inRange(r.ts, from, to));
  const content = format === 'jsonl' ? toJsonl(records) : toCsv(entriesWhere(deps.entries(), (r) => inRange(r.ts, from, to)));
  const stamp = new Date(deps.clock.now()).toISOString().slice(0, 10);
  try {
    const path = await deps.saveFile(`baton-log-${stamp}.${format}`, content);
    if (path) deps.log.info(`action log: exported ${records.length} entries as ${format}`);
    return { path, count: records.length };
  } catch (error) {
    throw new UserError(`The export could not be saved: ${errorText(error)}`, { cause: error });
  }
}

function entriesWhere(state: LogState, keep: (record: JournalRecord) => boolean) {
  const out = [];
  for (let i = 0; i < state.records.length; i++) if (keep(state.records[i])) out.push(logEntryAt(state, i));
  return out;
}
