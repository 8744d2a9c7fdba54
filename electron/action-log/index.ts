import type { JournalSlice } from '../../shared/action-log';
import type { Clock } from '../clock';
import type { Journal } from '../journal';
import type { Logger } from '../log';
import type { Notices } from '../notices';
import { noteHandlers, readingHandlers, type ActionLogHandlers } from './handlers';
import { lowerCasedTexts, projectAll, type ProjectedAll } from './projections';
import { savingWithNotice } from './save';
import { publishJournalSlice } from './slice';

export type { ActionLogHandlers } from './handlers';

/** What the action log uses, and nothing else. */
export interface ActionLogDeps {
  /** Dates the export's file name. */
  clock: Clock;
  log: Pick<Logger, 'info' | 'warn'>;
  /** Everything is folded from it; notes and follow-ups are appended to it. */
  journal: Pick<Journal, 'append' | 'records' | 'subscribe' | 'openError'>;
  /** A failed write, or a journal that could not be opened, is told here. */
  notices: Notices;
  /** Asks where to save an export; resolves to the path written, or null if cancelled. */
  saveFile(suggestedName: string, content: string): Promise<string | null>;
  /** The zone times inside log entries read in (the user's display zone). */
  timeZone(): string;
  /** Where the `journal` slice goes (the state hub). */
  publish(slice: JournalSlice): void;
}

export interface ActionLog {
  handlers: ActionLogHandlers;
  /** The folded projections, current with the journal (other features may read them). */
  projected: ProjectedAll;
  dispose(): void;
}

/** The action log, notes and follow-ups: projections over the journal, its request channels, the `journal` slice. */
export function createActionLog(deps: ActionLogDeps): ActionLog {
  const { journal, log } = deps;
  const projected = projectAll(journal, log);
  const stopPublishing = publishJournalSlice(journal, projected, deps.notices, deps.publish);
  const handlers: ActionLogHandlers = {
    ...noteHandlers({ projected, save: savingWithNotice(journal, deps.notices) }),
    ...readingHandlers({ clock: deps.clock, timeZone: deps.timeZone, log, journal, projected, lower: lowerCasedTexts(projected), saveFile: deps.saveFile }),
  };
  return {
    handlers,
    projected,
    dispose() {
      stopPublishing();
      for (const p of Object.values(projected)) p.dispose();
    },
  };
}
