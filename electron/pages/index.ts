import { isEvent, type JournalRecord } from '../../shared/records';
import {
  comparePages,
  type Page,
  type PagesSlice,
  type SourceHealth,
} from '../../shared/pages';
import type { RequestArgs, RequestResult } from '../../shared/contract';
import type { FeatureContext } from '../services';
import type { Timer } from '../clock';
import { project } from '../projection';
import { UserError } from '../user-error';
import { redactUrl } from '../secrets';
import { createAlerter } from './alerter';
import { createSilence, expireSilence } from './alertmanager';
import { alertmanagerTarget, createPollers } from './poller';
import { openPagesConfig, type StoredSource } from './config';
import { fromGenericPage, fromWebhookAlert, type IncomingAlert } from './normalise';
import { minutesBetween, pageHistory, pagesProjection, summarise } from './projection';
import { startWebhookReceiver, type WebhookReceiver } from './webhook';
import { errorText } from '../../shared/errors';

export const WEBHOOK_SOURCE_ID = 'webhook';
const RECENT = 50;

type PageHandlers = {
  [C in
    | 'pageHistory'
    | 'ackPage'
    | 'unackPage'
    | 'resolvePage'
    | 'savePageSource'
    | 'removePageSource'
    | 'pollPageSource'
    | 'updatePagesConfig'
    | 'copyWebhookExample']: (args: RequestArgs<C>) => Promise<RequestResult<C>> | RequestResult<C>;
};

export interface PagesFeature {
  handlers: PageHandlers;
  /** Open pages nobody has acknowledged (the tray's count). */
  unacknowledged(): number;
  /** The newest open pages for the tray menu. */
  latest(limit: number): Page[];
  /** Ack from the tray menu, with the configured default duration. */
  ackFromTray(pageId: string): Promise<void>;
  /** Takes alerts in hand (used by the sources; exported for benchmarks and tests). */
  ingest(source: { id: string; name: string }, alerts: IncomingAlert[], resolveMissing?: boolean): Promise<number>;
  pollNow(sourceId: string): Promise<void>;
  webhookUrl(): string | null;
  webhookToken(): string;
  dispose(): Promise<void>;
}

export async function createPages(ctx: FeatureContext): Promise<PagesFeature> {
  const { clock, log, journal, hub, notices, settings } = ctx;
  const config = openPagesConfig(settings, ctx.deps.secretBox);
  const iso = (ms = clock.now()) => new Date(ms).toISOString();
  const who = () => settings.get().identity.name || 'Baton user';

  // Journal changes publish the slice once per burst, after the current work (a page's notification
  // goes out before the slice is rebuilt and sent to the window).
  let publishQueued = false;
  const projected = project(journal, pagesProjection, () => {
    if (publishQueued) return;
    publishQueued = true;
    setImmediate(() => {
      if (publishQueued) publish();
    });
  });
  const pages = () => projected.get().pages;

  const health = new Map<string, SourceHealth>();
  /** Which pages each poll source saw last time: absent next time = resolved at the source. */
  const seenBy = new Map<string, Set<string>>();
  let receiver: WebhookReceiver | null = null;
  let webhookError: string | null = null;

  const alerter = createAlerter({
    clock,
    log,
    notifier: ctx.notifier,
    isPaused: () => ctx.pause.isPaused(),
    options: () => settings.get().notifications,
    current: (id) => pages().get(id),
  });

  let disposed = false;
  function publish(): void {
    publishQueued = false;
    if (disposed) return;
    const all = [...pages().values()];
    const open = all.filter((p) => p.status !== 'resolved').sort(comparePages);
    const recent = all
      .filter((p) => p.status === 'resolved')
      .sort((a, b) => (b.resolvedAt ?? '').localeCompare(a.resolvedAt ?? ''))
      .slice(0, RECENT);
    const slice: PagesSlice = {
      open,
      recent,
      sources: [...health.values()],
      webhook: { url: receiver?.url ?? null, error: webhookError },
      config: config.view(),
    };
    hub.set('pages', slice);
    scheduleAckExpiry(open);
  }

  // — acknowledgements run out: the page is open again and notifies again —
  let ackTimer: Timer | null = null;
  let ackTimerAt = Infinity;
  function scheduleAckExpiry(open: Page[]): void {
    let next = Infinity;
    for (const p of open) if (p.status === 'acknowledged' && p.ackUntil) next = Math.min(next, Date.parse(p.ackUntil));
    if (next === ackTimerAt) return;
    if (ackTimer) clock.clearTimeout(ackTimer);
    ackTimer = null;
    ackTimerAt = next;
    if (next === Infinity) return;
    ackTimer = clock.setTimeout(() => {
      ackTimer = null;
      ackTimerAt = Infinity;
      void serial(reopenExpiredAcks).catch((error: unknown) => log.error('pages: could not re-open pages whose acknowledgement ran out', error));
    }, Math.max(0, next - clock.now()));
    ackTimer.unref?.();
  }

  async function reopenExpiredAcks(): Promise<void> {
    const now = clock.now();
    const due = [...pages().values()].filter((p) => p.status === 'acknowledged' && p.ackUntil && Date.parse(p.ackUntil) <= now);
    if (due.length === 0) return publish();
    await Promise.all(due.map((p) => journal.append('page.reopened', { pageId: p.id, reason: 'ack-expired' })));
    publish();
    const bySource = new Map<string, Page[]>();
    for (const p of due) {
      const current = pages().get(p.id);
      if (current) bySource.set(current.sourceName, [...(bySource.get(current.sourceName) ?? []), current]);
    }
    for (const [sourceName, list] of bySource) await alerter.announce(list, sourceName);
  }

  // — taking alerts in —
  let ingesting: Promise<unknown> = Promise.resolve();
  /** One change of pages at a time, so a poll and a webhook carrying the same alert cannot both create it. */
  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = ingesting.then(fn);
    ingesting = run.catch(() => undefined);
    return run;
  }

  function ingest(source: { id: string; name: string }, alerts: IncomingAlert[], resolveMissing = false): Promise<number> {
    return serial(() => ingestNow(source, alerts, resolveMissing));
  }

  async function ingestNow(source: { id: string; name: string }, alerts: IncomingAlert[], resolveMissing: boolean): Promise<number> {
    const now = clock.now();
    const writes: Promise<JournalRecord>[] = [];
    const announced: string[] = [];
    const present = new Set<string>();
    for (const alert of alerts) {
      present.add(alert.pageId);
      const page = pages().get(alert.pageId);
      if (!alert.firing) {
        if (page && page.status !== 'resolved') writes.push(journal.append('page.resolved', { pageId: alert.pageId, via: 'source' }));
        continue;
      }
      if (!page) {
        writes.push(journal.append('page.received', received(source, alert)));
        announced.push(alert.pageId);
      } else if (page.status === 'resolved' || isNewerFiring(page, alert)) {
        writes.push(journal.append('page.reopened', { pageId: alert.pageId, startsAt: alert.startsAt, reason: 'fired-again' }));
        announced.push(alert.pageId);
      } else if (page.status === 'acknowledged' && page.ackUntil && Date.parse(page.ackUntil) <= now) {
        writes.push(journal.append('page.reopened', { pageId: alert.pageId, startsAt: alert.startsAt, reason: 'ack-expired' }));
        announced.push(alert.pageId);
      }
    }
    if (resolveMissing) {
      const before = seenBy.get(source.id) ?? new Set<string>();
      for (const page of pages().values()) {
        if (page.status === 'resolved' || present.has(page.id)) continue;
        if (page.sourceId === source.id || before.has(page.id)) {
          writes.push(journal.append('page.resolved', { pageId: page.id, via: 'source' }));
        }
      }
      seenBy.set(source.id, present);
    }
    // One group commit for the whole arrival: every record is on disk before anyone is told.
    const records = await Promise.all(writes);
    for (const record of records) {
      if (isEvent(record, 'page.resolved')) alerter.settle(record.data.pageId);
    }
    const fresh = announced.map((id) => pages().get(id)).filter((p): p is Page => p !== undefined);
    // The notify call starts first; the window's copy of the slice is rebuilt while it runs.
    const announcing = alerter.announce(fresh, source.name);
    publish();
    await announcing;
    return alerts.length;
  }

  function received(source: { id: string; name: string }, a: IncomingAlert) {
    return {
      pageId: a.pageId,
      sourceId: source.id,
      sourceName: source.name.slice(0, 200),
      dedupKey: a.dedupKey.slice(0, 500),
      title: a.title.slice(0, 2000),
      severity: a.severity,
      labels: a.labels,
      annotations: a.annotations,
      runbookUrl: a.runbookUrl,
      generatorUrl: a.generatorUrl,
      startsAt: a.startsAt.slice(0, 40),
      kind: a.kind,
    };
  }

  /** An Alertmanager alert that resolved and fired again between two looks has a later start. */
  function isNewerFiring(page: Page, alert: IncomingAlert): boolean {
    if (page.kind !== 'alertmanager' || page.status !== 'acknowledged') return false;
    const before = Date.parse(page.startsAt);
    const after = Date.parse(alert.startsAt);
    return Number.isFinite(before) && Number.isFinite(after) && after > before;
  }

  // — Alertmanager pollers —
  const pollers = createPollers({
    clock,
    log,
    notices,
    config,
    health,
    ingest: (source, alerts) => ingest(source, alerts, true),
    publish: () => publish(),
  });
  const target = (source: StoredSource) => alertmanagerTarget(source, config);

  // — webhook receiver —
  const webhookHealth = (patch: Partial<SourceHealth>) => {
    const previous = health.get(WEBHOOK_SOURCE_ID) ?? {
      id: WEBHOOK_SOURCE_ID,
      name: 'Webhook receiver',
      kind: 'webhook' as const,
      where: receiver?.url ?? 'not listening',
      enabled: config.get().webhook.enabled,
      lastSuccess: null,
      lastError: null,
      lastErrorAt: null,
      nextTry: null,
    };
    health.set(WEBHOOK_SOURCE_ID, { ...previous, where: receiver?.url ?? 'not listening', enabled: config.get().webhook.enabled, ...patch });
  };

  async function startWebhook(): Promise<void> {
    if (receiver) await receiver.close();
    receiver = null;
    webhookError = null;
    const { enabled, port } = config.get().webhook;
    if (!enabled) {
      health.delete(WEBHOOK_SOURCE_ID);
      return;
    }
    try {
      receiver = await startWebhookReceiver({
        port: ctx.deps.webhookPort ?? port,
        token: config.webhookToken(),
        log,
        handlers: {
          alertmanager: async (payload) => {
            if (payload.truncatedAlerts) {
              notices.add(
                'warning',
                `Alertmanager (receiver “${payload.receiver}”) left ${payload.truncatedAlerts} alert(s) out of a notification (its max_alerts setting). Add that Alertmanager as a polled source to see them all.`,
                payload.externalURL ? redactUrl(payload.externalURL) : undefined,
                `pages-truncated:${payload.receiver}`,
              );
            }
            const n = await ingest({ id: WEBHOOK_SOURCE_ID, name: payload.receiver || 'Alertmanager' }, payload.alerts.map(fromWebhookAlert));
            webhookHealth({ lastSuccess: iso() });
            publish();
            return n;
          },
          generic: async (body) => {
            const n = await ingest({ id: WEBHOOK_SOURCE_ID, name: body.source || 'webhook' }, [fromGenericPage(body, WEBHOOK_SOURCE_ID, iso())]);
            webhookHealth({ lastSuccess: iso() });
            publish();
            return n;
          },
          rejected: (status, reason) => {
            webhookHealth({ lastError: `${status}: ${reason}`, lastErrorAt: iso() });
            publish();
          },
        },
      });
      webhookHealth({});
      log.info(`pages: webhook receiver listening on ${receiver.url}`);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      webhookError =
        code === 'EADDRINUSE'
          ? `Port ${port} on 127.0.0.1 is in use by another program; choose another port for the webhook receiver.`
          : `The webhook receiver could not start: ${errorText(error)}`;
      webhookHealth({ lastError: webhookError, lastErrorAt: iso() });
      notices.add('error', webhookError, undefined, 'pages-webhook');
      log.error('pages: webhook receiver failed to start', error);
    }
  }

  // — acknowledging —
  function openPage(pageId: string): Page {
    const page = pages().get(pageId);
    if (!page) throw new UserError('That page is not known to Baton.');
    return page;
  }

  function silencingSource(page: Page): StoredSource | undefined {
    if (page.kind !== 'alertmanager') return undefined;
    const sources = config.get().sources;
    return sources.find((s) => s.id === page.sourceId) ?? sources.find((s) => seenBy.get(s.id)?.has(page.id));
  }

  async function ack(pageId: string, minutes: number, comment: string, via: 'app' | 'tray' | 'notification') {
    const page = openPage(pageId);
    if (page.status !== 'triggered') throw new UserError(`This page is already ${page.status}.`);
    const by = who();
    const startsAt = iso();
    const until = iso(clock.now() + minutes * 60_000);
    // Alertmanager needs a comment on a silence; the journal keeps only what the user wrote.
    const note = comment.trim() || `Acknowledged in Baton by ${by}`;
    const source = silencingSource(page);
    let silenceId: string | undefined;
    let message = 'Acknowledged.';
    if (source) {
      const matchers = Object.entries(page.labels).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));
      try {
        silenceId = await createSilence(target(source), { matchers, startsAt, endsAt: until, createdBy: by, comment: note });
      } catch (error) {
        throw new UserError(`Not acknowledged: the silence could not be created. ${errorText(error)}`, { cause: error });
      }
      await journal.append('silence.created', { silenceId, sourceId: source.id, matchers, startsAt, endsAt: until, createdBy: by, comment: note, pageId });
      message = `Acknowledged and silenced in ${source.name} for ${minutesBetween(startsAt, until)}.`;
    } else if (page.kind === 'alertmanager') {
      message = 'Acknowledged in Baton only: no Alertmanager API is configured for this alert, so it was not silenced at the source.';
    }
    await journal.append('page.acknowledged', { pageId, by, via, silenceId, until, comment: comment.trim() || undefined });
    alerter.settle(pageId);
    publish();
    return { silenceId: silenceId ?? null, message };
  }

  const handlers: PageHandlers = {
    pageHistory: ({ pageId }) => pageHistory(journal.records(), pageId).map((r) => ({ seq: r.seq, ts: r.ts, type: r.type, summary: summarise(r) })),
    ackPage: async ({ pageId, minutes, comment }) => ({ ok: true as const, ...(await ack(pageId, minutes, comment ?? '', 'app')) }),
    unackPage: async ({ pageId }) => {
      const page = openPage(pageId);
      if (page.status !== 'acknowledged') throw new UserError('This page is not acknowledged.');
      const by = who();
      if (page.silenceId) {
        const source = silencingSource(page);
        if (source) {
          try {
            await expireSilence(target(source), page.silenceId);
          } catch (error) {
            throw new UserError(`Still acknowledged: the silence could not be expired. ${errorText(error)}`, { cause: error });
          }
          await journal.append('silence.expired', { silenceId: page.silenceId, sourceId: source.id, by });
        }
      }
      await journal.append('page.unacknowledged', { pageId, by });
      publish();
      const now = pages().get(pageId);
      if (now) await alerter.announce([now], now.sourceName);
      return { ok: true as const };
    },
    resolvePage: async ({ pageId }) => {
      const page = openPage(pageId);
      if (page.status === 'resolved') throw new UserError('This page is already resolved.');
      await journal.append('page.resolved', { pageId, via: 'app', by: who() });
      alerter.settle(pageId);
      publish();
      return { ok: true as const };
    },
    savePageSource: (input) => {
      const source = config.upsertSource(input);
      pollers.stop(source.id);
      health.delete(source.id);
      pollers.start();
      publish();
      const { secretSealed, ...view } = source;
      return { ...view, hasSecret: Boolean(secretSealed) };
    },
    removePageSource: ({ id }) => {
      const current = config.get();
      if (!current.sources.some((s) => s.id === id)) throw new UserError('That alert source no longer exists.');
      pollers.stop(id);
      health.delete(id);
      seenBy.delete(id);
      notices.dismiss(`page-source:${id}`);
      config.set({ ...current, sources: current.sources.filter((s) => s.id !== id) });
      publish();
      return { ok: true as const };
    },
    pollPageSource: async ({ id }) => {
      if (!pollers.has(id)) throw new UserError('That alert source is not enabled.');
      await pollers.poll(id, true);
      const h = health.get(id);
      if (h?.lastError) throw new UserError(h.lastError);
      return { ok: true as const };
    },
    updatePagesConfig: async (patch) => {
      const current = config.get();
      const webhookChanged = patch.webhook && (patch.webhook.enabled !== current.webhook.enabled || patch.webhook.port !== current.webhook.port);
      if (patch.rules || patch.criticalBreaksPause !== undefined) {
        // Rules are notification settings: saved with them, and mirrored to the window like them.
        const { rules, criticalBreaksPause } = patch;
        hub.set('settings', settings.update({ notifications: { ...(rules ? { rules } : {}), ...(criticalBreaksPause !== undefined ? { criticalBreaksPause } : {}) } }));
      }
      config.set({
        ...current,
        ...(patch.ackMinutes !== undefined ? { ackMinutes: patch.ackMinutes } : {}),
        webhook: { ...current.webhook, ...(patch.webhook ?? {}) },
      });
      if (webhookChanged) await startWebhook();
      publish();
      return config.view();
    },
    copyWebhookExample: async () => {
      if (!receiver) throw new UserError(webhookError ?? 'The webhook receiver is off.');
      await ctx.deps.copyText(curlExample(receiver.url, config.webhookToken()));
      return { ok: true as const };
    },
  };

  ctx.onResume(() => {
    // Alerts that fired while the laptop slept: look now rather than at the next timer.
    pollers.pollAll();
  });

  pollers.start();
  await startWebhook();
  publish();
  // A page nobody acknowledged before Baton stopped keeps reminding after it starts.
  alerter.remind(hub.get().pages.open);

  return {
    handlers,
    unacknowledged: () => [...pages().values()].filter((p) => p.status === 'triggered').length,
    latest: (limit) => hub.get().pages.open.slice(0, limit),
    ackFromTray: async (pageId) => {
      try {
        await ack(pageId, config.get().ackMinutes, '', 'tray');
      } catch (error) {
        notices.add('error', errorText(error), undefined, `ack:${pageId}`);
      }
    },
    ingest,
    pollNow: (id) => pollers.poll(id, true),
    webhookUrl: () => receiver?.url ?? null,
    webhookToken: () => config.webhookToken(),
    async dispose() {
      pollers.dispose();
      disposed = true;
      if (ackTimer) clock.clearTimeout(ackTimer);
      alerter.dispose();
      projected.dispose();
      if (receiver) await receiver.close();
      receiver = null;
    },
  };
}


export function curlExample(url: string, token: string): string {
  const body = JSON.stringify({ title: 'Disk almost full on db-1', severity: 'critical', source: 'cron', dedupKey: 'disk-db-1' });
  return `curl -sS -X POST '${url}' -H 'Authorization: Bearer ${token}' -H 'Content-Type: application/json' -d '${body}'`;
}

