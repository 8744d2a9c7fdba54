import type { RequestArgs, RequestResult } from '../../shared/contract';
import type { PageBatchResult, SourceHealth } from '../../shared/pages';
import { errorText } from '../../shared/errors';
import type { JournalRecord } from '../../shared/records';
import { localVia } from '../caller';
import type { Notices } from '../notices';
import { UserError } from '../user-error';
import type { Acks } from './acks';
import { serviceView, type PagesConfigStore } from './config';
import type { SourceModules } from '../sources/registry';
import type { Intake } from './intake';
import type { Pollers } from './poller';
import { pageHistory, summarise } from './projection';
import type { WebhookSource } from './webhook-source';

export type PageChannel =
  | 'pageHistory'
  | 'ackPage'
  | 'unackPage'
  | 'resolvePage'
  | 'ackPages'
  | 'resolvePages'
  | 'savePageSource'
  | 'removePageSource'
  | 'pollPageSource'
  | 'updatePagesConfig'
  | 'copyWebhookExample'
  | 'saveServiceSource'
  | 'testServiceSource'
  | 'snoozePage'
  | 'sendPageNote';

export type PageHandlers = { [C in PageChannel]: (args: RequestArgs<C>) => Promise<RequestResult<C>> | RequestResult<C> };

/** The pages feature's requests from the window: each is a call into one module. */
export function pageHandlers(o: {
  records(): readonly JournalRecord[];
  acks: Acks;
  config: PagesConfigStore;
  modules: Pick<SourceModules, 'forget' | 'test'>;
  pollers: Pollers;
  intake: Intake;
  health: Map<string, SourceHealth>;
  webhook: WebhookSource;
  notices: Pick<Notices, 'dismiss'>;
  copyText(text: string): Promise<void>;
  saveNotifications(patch: Pick<RequestArgs<'updatePagesConfig'>, 'rules' | 'criticalBreaksPause'>): void;
  changed(): void;
  /** What a request just changed has been announced and saved (or is waiting in the outbox), and the window has it. */
  settled(): Promise<void>;
}): PageHandlers {
  const { acks, config, pollers, health } = o;
  /** A source or service saved: its poller, module and health start again from its new settings. */
  const restartPolling = (id: string) => {
    pollers.stop(id);
    o.modules.forget(id);
    health.delete(id);
    pollers.start();
    o.changed();
  };
  return {
    pageHistory: ({ pageId }) => pageHistory(o.records(), pageId).map((r) => ({ seq: r.seq, ts: r.ts, type: r.type, summary: summarise(r) })),
    ackPage: async ({ pageId, minutes, comment }) => {
      const result = await acks.ack(pageId, minutes, comment ?? '', localVia() ?? 'app');
      await o.settled();
      return { ok: true as const, ...result };
    },
    unackPage: async ({ pageId }) => {
      await acks.unack(pageId);
      await o.settled();
      return { ok: true as const };
    },
    resolvePage: async ({ pageId }) => {
      await acks.resolve(pageId);
      await o.settled();
      return { ok: true as const };
    },
    ackPages: async ({ pageIds, minutes, comment }) => {
      const result = await eachPage(pageIds, (id) => acks.ack(id, minutes, comment ?? '', 'app'));
      await o.settled();
      return { ...result, message: batchMessage(result, 'acknowledged') };
    },
    resolvePages: async ({ pageIds }) => {
      const result = await eachPage(pageIds, (id) => acks.resolve(id));
      await o.settled();
      return { ...result, message: batchMessage(result, 'marked handled') };
    },
    savePageSource: (input) => {
      const source = config.upsertSource(input);
      restartPolling(source.id);
      const { secretSealed, ...view } = source;
      return { ...view, hasSecret: Boolean(secretSealed) };
    },
    removePageSource: ({ id }) => {
      const current = config.get();
      if (!current.sources.some((s) => s.id === id) && !current.services.some((s) => s.id === id)) throw new UserError('That alert source no longer exists.');
      pollers.stop(id);
      o.modules.forget(id);
      health.delete(id);
      o.intake.forgetSource(id);
      o.notices.dismiss(`page-source:${id}`);
      config.set({ ...current, sources: current.sources.filter((s) => s.id !== id), services: current.services.filter((s) => s.id !== id) });
      o.changed();
      return { ok: true as const };
    },
    saveServiceSource: (input) => {
      const service = config.upsertService(input);
      restartPolling(service.id);
      return serviceView(service);
    },
    testServiceSource: async (input) => {
      try {
        return await o.modules.test(input);
      } catch (error) {
        throw error instanceof UserError ? error : new UserError(errorText(error), { cause: error });
      }
    },
    snoozePage: async ({ pageId, minutes }) => {
      const result = await acks.snooze(pageId, minutes, localVia() ?? 'app');
      await o.settled();
      return { ok: true as const, ...result };
    },
    sendPageNote: async ({ pageId, text }) => ({ ok: true as const, message: await acks.sendNote(pageId, text) }),
    pollPageSource: async ({ id }) => {
      if (!pollers.has(id)) throw new UserError('That alert source is not enabled.');
      await pollers.poll(id, true);
      await o.settled();
      const h = health.get(id);
      if (h?.lastError) throw new UserError(h.lastError);
      return { ok: true as const };
    },
    updatePagesConfig: async (patch) => {
      const current = config.get();
      const webhookChanged = patch.webhook && (patch.webhook.enabled !== current.webhook.enabled || patch.webhook.port !== current.webhook.port);
      config.set({
        ...current,
        ...(patch.ackMinutes !== undefined ? { ackMinutes: patch.ackMinutes } : {}),
        webhook: { ...current.webhook, ...(patch.webhook ?? {}) },
      });
      if (patch.rules || patch.criticalBreaksPause !== undefined) {
        // Rules are notification settings: saved with them, and mirrored to the window like them.
        o.saveNotifications({ ...(patch.rules ? { rules: patch.rules } : {}), ...(patch.criticalBreaksPause !== undefined ? { criticalBreaksPause: patch.criticalBreaksPause } : {}) });
      }
      if (webhookChanged) await o.webhook.start();
      o.changed();
      return config.view();
    },
    copyWebhookExample: async () => {
      const url = o.webhook.url();
      if (!url) throw new UserError(o.webhook.failure() ?? 'The webhook receiver is off.');
      await o.copyText(curlExample(url, config.webhookToken()));
      return { ok: true as const };
    },
  };
}

/**
 * One page after the other, each through the same path as a single ack or resolve (its own silence,
 * its own journal record): a page that fails (resolved meanwhile, a silence refused) does not stop the rest.
 */
async function eachPage(pageIds: readonly string[], act: (pageId: string) => Promise<unknown>): Promise<Omit<PageBatchResult, 'message'>> {
  const done: string[] = [];
  const failed: PageBatchResult['failed'] = [];
  for (const pageId of new Set(pageIds)) {
    try {
      await act(pageId);
      done.push(pageId);
    } catch (error) {
      failed.push({ pageId, reason: error instanceof UserError ? error.message : errorText(error) });
    }
  }
  return { done, failed };
}

function batchMessage({ done, failed }: Omit<PageBatchResult, 'message'>, what: string): string {
  const pages = (n: number) => `${n} page${n === 1 ? '' : 's'}`;
  if (failed.length === 0) return `${pages(done.length)} ${what}.`;
  const reasons = [...new Set(failed.map((f) => f.reason))].slice(0, 3).join(' ');
  return `${pages(done.length)} ${what}; ${pages(failed.length)} not: ${reasons}`;
}

export function curlExample(url: string, token: string): string {
  const body = JSON.stringify({ title: 'Disk almost full on db-1', severity: 'critical', source: 'cron', dedupKey: 'disk-db-1' });
  return `curl -sS -X POST '${url}' -H 'Authorization: Bearer ${token}' -H 'Content-Type: application/json' -d '${body}'`;
}
