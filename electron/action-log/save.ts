import type { EventData, EventType, RecordOf } from '../../shared/events';
import { JournalWriteError, type Journal } from '../journal';
import type { Notices } from '../notices';
import { UserError } from '../user-error';

export type SaveToJournal = <T extends EventType>(type: T, data: EventData<T>, what: string) => Promise<RecordOf<T>>;

/** Appends, or tells the user plainly that nothing was saved (and keeps a notice until the next success). */
export function savingWithNotice(journal: Pick<Journal, 'append'>, notices: Notices): SaveToJournal {
  return async (type, data, what) => {
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
  };
}
