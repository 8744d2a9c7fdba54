import { randomUUID } from 'node:crypto';
import {
  closedFollowups,
  inRange,
  logEntryAt,
  openFollowups,
  projections,
  queryEntries,
  toCsv,
  toJsonl,
  type Followup,
  type JournalSlice,
  type LogEntry,
  type LogState,
  type Note,
} from '../shared/action-log';
import type { JournalRecord } from '../shared/events';
import type { Handlers } from './router';
import { UserError } from './user-error';
import { JournalWriteError } from './journal';
import { project, type Projected } from './projection';
import type { FeatureContext } from './services';
import { errorText } from '../shared/errors';

type Projections = typeof projections;
type ProjectedAll = { [K in keyof Projections]: Projected<ReturnType<Projections[K]['initial']>> };

export type ActionLogHandlers = Pick<Handlers, 'addNote' | 'addFollowup' | 'closeFollowup' | 'queryLog' | 'exportLog'>;

export interface ActionLog {
  handlers: ActionLogHandlers;
  /** The folded projections, current with the journal (other features may read them). */
  projected: ProjectedAll;
  dispose(): void;
}

const RECENTLY_CLOSED = 10;

function logEntriesWhere(state: LogState, keep: (record: JournalRecord) => boolean) {
  const out = [];
  for (let i = 0; i < state.records.length; i++) if (keep(state.records[i])) out.push(logEntryAt(state, i));
  return out;
}
/** Long notes are cut in list answers; the text filter still searches all of it. */
const ENTRY_TEXT_MAX = 2000;

/** The action log, notes and follow-ups: projections over the journal, its request channels, the `journal` slice. */
export function createActionLog(ctx: FeatureContext): ActionLog {
  const { journal, hub, notices, log, deps, clock } = ctx;
  const onFoldError = (record: JournalRecord, error: unknown) =>
    log.warn(`action log: could not fold record ${record.seq} (${record.type}); it stays in the journal`, error);
  const projected = Object.fromEntries(
    Object.entries(projections).map(([name, projection]) => [name, project(journal, projection as never, undefined, onFoldError)]),
  ) as ProjectedAll;

  // Lower-cased entry texts for the text filter, filled lazily (most sessions never filter).
  const lowered: string[] = [];
  const lower = (i: number) => (lowered[i] ??= logEntryAt(projected.log.get(), i).text.toLowerCase());

  const slice = (): JournalSlice => {
    const followups = projected.followups.get();
    return {
      total: projected.log.get().records.length,
      lastSeq: journal.records().at(-1)?.seq ?? 0,
      notes: projected.notes.get().byId.size,
      openFollowups: openFollowups(followups).map((f) => ({ ...f })),
      recentlyClosed: closedFollowups(followups, RECENTLY_CLOSED).map((f) => ({ ...f })),
      unavailable: journal.openError,
    };
  };
  hub.set('journal', slice());
  if (journal.openError) notices.add('error', `${journal.openError}. Nothing new can be saved until this is fixed.`, undefined, 'journal-unavailable');
  const unsubscribe = journal.subscribe(() => hub.set('journal', slice()));

  /** Appends, or tells the user plainly that nothing was saved (and keeps a notice until the next success). */
  async function save<T extends Parameters<typeof journal.append>[0]>(type: T, data: Parameters<typeof journal.append<T>>[1], what: string) {
    try {
      const record = await journal.append(type, data);
      notices.dismiss('journal-write-failed');
      return record;
    } catch (error) {
      if (!(error instanceof JournalWriteError)) throw error;
      const message = `${what} was not saved: ${error.message}. Your text is still in the editor; try again once the disk has room.`;
      notices.add('error', message, undefined, 'journal-write-failed');
      throw new UserError(message, { cause: error });
    }
  }

  /** A note's follow-up changes after the note was logged, so its status is looked up at query time. */
  const withFollowupStatus = (entry: LogEntry): LogEntry => {
    if (entry.type !== 'note.added' || !entry.noteId) return entry;
    const followups = projected.followups.get();
    const id = followups.byNote.get(entry.noteId);
    const status = id ? followups.byId.get(id)?.status : undefined;
    return status ? { ...entry, followup: status, followupId: id } : entry;
  };

  const handlers: ActionLogHandlers = {
    async addNote({ text, pageId, runbookId }) {
      const record = await save('note.added', { id: randomUUID(), text, pageId, runbookId }, 'Your note');
      return projected.notes.get().byId.get(record.data.id) as Note;
    },
    async addFollowup({ text, owner, due, noteId, pageId }) {
      if (noteId && !projected.notes.get().byId.has(noteId)) throw new UserError('That note is not in the journal, so no follow-up was made from it.');
      const record = await save('followup.added', { id: randomUUID(), text, owner: owner || undefined, due, noteId, pageId }, 'Your follow-up');
      return projected.followups.get().byId.get(record.data.id) as Followup;
    },
    async closeFollowup({ id, comment }) {
      const followup = projected.followups.get().byId.get(id);
      if (!followup) throw new UserError('There is no follow-up with that id.');
      if (followup.status === 'closed') return followup;
      await save('followup.closed', { id, comment }, 'Closing the follow-up');
      return projected.followups.get().byId.get(id) as Followup;
    },
    queryLog(query) {
      const state = projected.log.get();
      const { matched, entries: page } = queryEntries(state, query, lower);
      return {
        total: state.records.length,
        matched,
        offset: query.offset,
        lastSeq: journal.records().at(-1)?.seq ?? 0,
        entries: page.map((e) => withFollowupStatus(e.text.length > ENTRY_TEXT_MAX ? { ...e, text: `${e.text.slice(0, ENTRY_TEXT_MAX - 1)}…` } : e)),
      };
    },
    async exportLog({ from, to, format }) {
      if (from && to && Date.parse(from) >= Date.parse(to)) throw new UserError('The export range ends before it starts.');
      const records: JournalRecord[] = journal.records().filter((r) => inRange(r.ts, from, to));
      const content =
        format === 'jsonl'
          ? toJsonl(records)
          : toCsv(logEntriesWhere(projected.log.get(), (r) => inRange(r.ts, from, to)));
      const stamp = new Date(clock.now()).toISOString().slice(0, 10);
      try {
        const path = await deps.saveFile(`baton-log-${stamp}.${format}`, content);
        if (path) log.info(`action log: exported ${records.length} entries as ${format}`);
        return { path, count: records.length };
      } catch (error) {
        throw new UserError(`The export could not be saved: ${errorText(error)}`, { cause: error });
      }
    },
  };

  return {
    handlers,
    projected,
    dispose() {
      unsubscribe();
      for (const p of Object.values(projected)) p.dispose();
    },
  };
}
