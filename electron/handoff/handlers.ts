import type { HandoffRange, HandoffReport } from '../../shared/handoff';
import type { Journal } from '../journal';
import type { Handlers } from '../router';
import { exportReport, type ExportDeps } from './exports';
import { handOver, importHandoff, type ReceiveDeps } from './receive';
import type { HandoffSettingsStore } from './state';
import { handoffSection, readHandoffSettings } from './state';

export type HandoffHandlers = Pick<
  Handlers,
  'getHandoffDraft' | 'editHandoff' | 'exportHandoff' | 'handOver' | 'importHandoff' | 'updateHandoffSettings'
>;

export interface HandoffHandlerDeps extends ExportDeps, Omit<ReceiveDeps, 'log'> {
  journal: Pick<Journal, 'append' | 'records'>;
  settings: HandoffSettingsStore;
  draft(range: HandoffRange): HandoffReport;
  /** Sends the slice again (after the settings in it changed). */
  republish(): void;
}

export function handoffHandlers(deps: HandoffHandlerDeps): HandoffHandlers {
  const { journal, draft } = deps;
  return {
    getHandoffDraft: (range) => ({ report: draft(range) }),
    editHandoff: async (edit) => {
      await journal.append('handoff.edited', edit);
      return { ok: true as const };
    },
    exportHandoff: ({ range, format }) => exportReport(deps, draft(range), format),
    handOver: (range) => handOver(journal, draft(range)),
    importHandoff: ({ text }) => importHandoff(deps, text),
    updateHandoffSettings: (next) => {
      deps.settings.write(handoffSection, next);
      deps.republish();
      return readHandoffSettings(deps.settings);
    },
  };
}
