import type { HandoffRange, HandoffReport } from '../../shared/handoff';
import type { Journal } from '../journal';
import type { Handlers } from '../router';
import { changesSince } from './changes';
import { chatPayload, chatText } from '../../shared/handoff/chat';
import { errorText } from '../../shared/errors';
import type { Chat } from './delivery/chat';
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
  | 'setHandoffChat'
  | 'handoffChatStatus'
  | 'previewHandoffChat'
  | 'testHandoffChat'
>;

export interface HandoffHandlerDeps extends ExportDeps, Omit<ReceiveDeps, 'log'> {
  journal: Pick<Journal, 'append' | 'records'>;
  settings: HandoffSettingsStore;
  draft(range: HandoffRange): HandoffReport;
  /** Sends the slice again (after the settings in it changed). */
  republish(): void;
  delivery: Delivery;
  chat: Chat;
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
      const chat = await postToChat(deps.chat, report);
      const messages = [delivery, chat].filter((d): d is { ok: boolean; message: string } => d !== undefined);
      if (messages.length === 0) return sent;
      return { ...sent, delivery: { ok: messages.every((m) => m.ok), message: messages.map((m) => m.message).join(' ') } };
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
    setHandoffChat: (input) => deps.chat.set(input),
    handoffChatStatus: () => deps.chat.status(),
    previewHandoffChat: ({ range }) => {
      const report = draft(range);
      const kind = deps.chat.status().kind ?? 'slack';
      return { text: chatText(report), body: JSON.stringify(chatPayload(kind, report), null, 2) };
    },
    testHandoffChat: async () => ({ message: await deps.chat.test() }),
  };
}

/** Posts the handoff to the chat webhook when one is set; a failure is said, and the handoff stays handed over. */
async function postToChat(chat: Chat, report: HandoffReport): Promise<{ ok: boolean; message: string } | undefined> {
  if (!chat.status().configured) return undefined;
  try {
    await chat.send(report);
    return { ok: true, message: 'Posted to chat.' };
  } catch (error) {
    return { ok: false, message: `Not posted to chat: ${errorText(error)}` };
  }
}
