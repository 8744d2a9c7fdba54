import { randomUUID } from 'node:crypto';
import { queryEntries, setLogTimeZone, type Followup, type LogEntry, type Note } from '../../shared/action-log';
import { viaField } from '../caller';
import type { Journal } from '../journal';
import type { Handlers } from '../router';
import { UserError } from '../user-error';
import { exportLog, type LogExportDeps } from './export';
import type { ProjectedAll } from './projections';
import type { SaveToJournal } from './save';

export type ActionLogHandlers = Pick<Handlers, 'addNote' | 'addFollowup' | 'closeFollowup' | 'queryLog' | 'exportLog'>;

/** Long notes are cut in list answers; the text filter still searches all of it. */
const ENTRY_TEXT_MAX = 2000;

export interface NoteHandlerDeps {
  projected: ProjectedAll;
  save: SaveToJournal;
}

/** Notes and follow-ups: written to the journal, answered from the projections the append has already updated. */
export function noteHandlers({ projected, save }: NoteHandlerDeps): Pick<ActionLogHandlers, 'addNote' | 'addFollowup' | 'closeFollowup'> {
  return {
    async addNote({ text, pageId, runbookId }) {
      const record = await save('note.added', { id: randomUUID(), text, pageId, runbookId, ...viaField() }, 'Your note');
      return projected.notes.get().byId.get(record.data.id) as Note;
    },
    async addFollowup({ text, owner, due, noteId, pageId }) {
      if (noteId && !projected.notes.get().byId.has(noteId)) throw new UserError('That note is not in the journal, so no follow-up was made from it.');
      const record = await save('followup.added', { id: randomUUID(), text, owner: owner || undefined, due, noteId, pageId, ...viaField() }, 'Your follow-up');
      return projected.followups.get().byId.get(record.data.id) as Followup;
    },
    async closeFollowup({ id, comment }) {
      const followup = projected.followups.get().byId.get(id);
      if (!followup) throw new UserError('There is no follow-up with that id.');
      if (followup.status === 'closed') return followup;
      await save('followup.closed', { id, comment }, 'Closing the follow-up');
      return projected.followups.get().byId.get(id) as Followup;
    },
  };
}

export interface ReadingHandlerDeps extends Omit<LogExportDeps, 'entries'> {
  journal: Pick<Journal, 'records'>;
  projected: ProjectedAll;
  /** Entry `i`'s text, lower-cased (for the text filter). */
  lower(index: number): string;
  /** The zone times inside entries read in (the user's display zone). */
  timeZone(): string;
}

/** Reading the log: a filtered page of entries, and an export of a range. */
export function readingHandlers(deps: ReadingHandlerDeps): Pick<ActionLogHandlers, 'queryLog' | 'exportLog'> {
  const { journal, projected } = deps;
  const logState = () => {
    const state = projected.log.get();
    setLogTimeZone(state, deps.timeZone());
    return state;
  };
  /** A note's follow-up changes after the note was logged, so its status is looked up at query time. */
  const withFollowupStatus = (entry: LogEntry): LogEntry => {
    if (entry.type !== 'note.added' || !entry.noteId) return entry;
    const followups = projected.followups.get();
    const id = followups.byNote.get(entry.noteId);
    const status = id ? followups.byId.get(id)?.status : undefined;
    return status ? { ...entry, followup: status, followupId: id } : entry;
  };
  const shortened = (e: LogEntry): LogEntry => (e.text.length > ENTRY_TEXT_MAX ? { ...e, text: `${e.text.slice(0, ENTRY_TEXT_MAX - 1)}…` } : e);

  return {
    queryLog(query) {
      const state = logState();
      const { matched, entries: page } = queryEntries(state, query, deps.lower);
      return {
        total: state.records.length,
        matched,
        offset: query.offset,
        lastSeq: journal.records().at(-1)?.seq ?? 0,
        entries: page.map((e) => withFollowupStatus(shortened(e))),
      };
    },
    exportLog: (request) => exportLog({ ...deps, entries: logState }, request),
  };
}
