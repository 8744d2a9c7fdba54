import type { HandoffRange, HandoffReport } from '../../shared/handoff';
import type { Journal } from '../journal';
import type { Handlers } from '../router';
import { changesSince } from './changes';
import type { Delivery } from './delivery';
import { exportReport, type ExportDeps } from './exports';
import { handOver, importHandoff, type ReceiveDeps } from './receive';
import type { HandoffSettingsStore } from './state';
import { handoffSection, readHandoffSettings } from './state';

export type HandoffHandlers = Pick<
  Handlers,
  | 'getHandoffDraft'
  | 'editHandoff'
  | 'exportHandoff'
  | 'handOver'
  | 'importHandoff'
  | 'updateHandoffSettings'
  | 'setHandoffRepository'
  | 'syncHandoffs'
  | 'acceptHandoff'
  | 'handoffChanges'
>;

export interface HandoffHandlerDeps extends ExportDeps, Omit<ReceiveDeps, 'log'> {
  journal: Pick<Journal, 'append' | 'records'>;
  settings: HandoffSettingsStore;
  draft(range: HandoffRange): HandoffReport;
  /** Sends the slice again (after the settings in it changed). */
  republish(): void;
  delivery: Delivery;
  now(): number;
  timeZone(): string;
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
    handOver: async (range) => {
      const report = draft(range);
      const sent = await handOver(journal, report);
      const delivery = await deps.delivery.deliver(report);
      return delivery ? { ...sent, delivery } : sent;
    },
    importHandoff: ({ text }) => importHandoff(deps, text),
    updateHandoffSettings: (next) => {
      deps.settings.write(handoffSection, next);
      deps.republish();
      return readHandoffSettings(deps.settings);
    },
    setHandoffRepository: (input) => deps.delivery.configure(input),
    syncHandoffs: () => deps.delivery.sync(),
    acceptHandoff: ({ handoffId }) => deps.delivery.accept(handoffId),
    handoffChanges: ({ handoffId }) => changesSince(journal.records(), handoffId, deps.now(), deps.timeZone()),
  };
}
