import type { NotificationSettings } from '../../shared/settings';
import type { Page, PagesSlice, SourceHealth } from '../../shared/pages';
import { isEvent, type JournalRecord } from '../../shared/records';
import { errorText } from '../../shared/errors';
import type { Clock } from '../clock';
import type { Journal } from '../journal';
import type { Logger } from '../log';
import type { Notices } from '../notices';
import { SNOOZE_MINUTES, type Notifier } from '../notifier';
import type { SecretBox } from '../secrets';
import type { SettingsService } from '../settings';
import { createAbsenceTracker, DEFAULT_RESOLVE_TIMEOUT_MS } from './absence';
import { createAckExpiry } from './ack-expiry';
import { createAcks, type AckVia, type ActingSource } from './acks';
import { createAlerter } from './alerter';
import { openPageBook } from './book';
import { openPagesConfig, type StoredSource } from './config';
import { pageHandlers, type PageHandlers } from './handlers';
import { createIntake, type Arrival, type Source } from './intake';
import type { IncomingAlert } from './normalise';
import { createOutbox, recorder } from './outbox';
import { alertmanagerTarget, createPollers } from './poller';
import { createSourceModules } from '../sources/registry';
import type { Shift } from '../../shared/schedule/types';
import { getStatus } from './alertmanager';
import { createPublisher } from './publisher';
import { createChangeQueue } from './queue';
import { createStormGate } from './storm';
import { createWebhookSource, type WebhookSource } from './webhook-source';
import { createHold, escalationSection, type HeldSummary } from '../escalation';
import { loadHoursSection } from '../trends';

export { WEBHOOK_SOURCE_ID } from './webhook-source';
export { curlExample } from './handlers';

/** What the pages feature takes from the rest of Baton: named, and nothing more. */
export interface PagesDeps {
  clock: Clock;
  log: Logger;
  journal: Pick<Journal, 'append' | 'records'>;
  settings: Pick<SettingsService, 'get' | 'read' | 'write' | 'update' | 'keep'>;
  secretBox: SecretBox;
  notices: Pick<Notices, 'add' | 'dismiss'>;
  /** Reports failures itself; never throws. */
  notifier: Notifier;
  isPaused(): boolean;
  copyText(text: string): Promise<void>;
  /** The window's and tray's copy of the pages. */
  publish(slice: PagesSlice): void;
  /** Notification settings changed here (rules from the alert-source form): the window mirrors them. */
  notificationsChanged(): void;
  onResume(fn: () => void): void;
  /** Listen on this port instead of the configured one (tests pass 0). */
  webhookPort?: number;
  /** The on-call shifts paging services reported changed (the shifts feature asks `shifts()` again). */
  shiftsChanged?(): void;
  /** The user's zone, in which support hours are kept; absent = the system's. */
  timeZone?(): string;
}

export interface PagesFeature {
  handlers: PageHandlers;
  get(pageId: string): Page | undefined;
  /** Open pages nobody has acknowledged (the tray's count). */
  unacknowledged(): number;
  /** The most urgent open pages, for the tray menu. */
  latest(limit: number): Page[];
  /** Ack from the tray menu, with the configured default duration. */
  ackFromTray(pageId: string): Promise<void>;
  /** Acknowledge (the configured duration) or Snooze (15 min) from a notification's button; a failure becomes a notice. */
  ackFromNotification(pageId: string, action: 'ack' | 'snooze'): Promise<void>;
  /** On-call shifts the paging services reported (PagerDuty's /oncalls), for the Shift view. */
  shifts(): Shift[];
  ack(pageId: string, minutes: number, comment: string, via: AckVia): Promise<{ silenceId: string | null; message: string }>;
  /** Takes alerts in hand as a webhook would (tests and benchmarks); resolves once they are saved. */
  ingest(source: Source, alerts: IncomingAlert[]): Promise<number>;
  pollNow(sourceId: string): Promise<void>;
  /** Polls every source now; resolves when each has answered or failed. */
  pollAll(): Promise<void>;
  webhookUrl(): string | null;
  /** The webhook receiver: on or off, where it listens, why it does not. */
  webhook(): { enabled: boolean; url: string | null; error: string | null };
  /** Asks every enabled Alertmanager for its status now (the readiness check): null error = reachable with valid credentials. */
  checkSources(): Promise<{ id: string; name: string; error: string | null }[]>;
  webhookToken(): string;
  /** Pages held outside support hours, and when they are delivered (the tray's "3 held until 09:00"). */
  held(): HeldSummary | null;
  /** Support hours or the escalation rules changed: the digest is planned again. */
  escalationChanged(): void;
  /** Everything taken in so far is on disk (rejects with the reason while it cannot be). */
  saved(): Promise<void>;
  dispose(): Promise<void>;
}

export async function createPages(deps: PagesDeps): Promise<PagesFeature> {
  const core = createCore(deps);
  const { clock, log, journal, settings, notices } = deps;
  const { config, health, book, queue, outbox, record, alerter, storm, intake } = core;

  let webhook: WebhookSource | null = null;
  const publisher = createPublisher({
    book,
    health,
    config,
    webhook: () => ({ url: webhook?.url() ?? null, error: webhook?.failure() ?? null }),
    publish: (slice) => {
      deps.publish(slice);
      expiry.schedule();
    },
  });
  const changed = () => publisher.request();
  core.onHeldChange(changed);
  const expiry = createAckExpiry({ clock, log, book, record, queue, announce: (pages, name) => storm.announce(pages, name), changed });

  /** An arrival is told to the user at once: settled pages stop repeating, new ones are announced. */
  const tell = (arrival: Arrival, source: Source) => {
    for (const id of [...arrival.resolved, ...arrival.acknowledged]) alerter.settle(id);
    storm.announce(arrival.announced, source.name);
    changed();
  };

  const target = (source: StoredSource) => alertmanagerTarget(source, config);
  const { silencingSource } = core;
  const modules = createSourceModules({
    clock,
    log,
    config,
    alertmanagerTarget: target,
    keepSilences: (source, silencedBy) => acks.keepSilences(source, target(source), silencedBy, (silenceId) => silenceComment(journal.records(), silenceId)),
    shiftsChanged: () => deps.shiftsChanged?.(),
  });
  /** Where a page can be acted on: its own source, or (an Alertmanager alert that came by webhook) an Alertmanager that listed it. */
  const sourceOf = (page: Page): ActingSource | undefined => {
    const acting = (s: { id: string; name: string } | undefined) => {
      const module = s && modules.get(s.id);
      return s && module ? { id: s.id, name: s.name, module } : undefined;
    };
    if (page.kind === 'service') return acting(config.get().services.find((s) => s.id === page.sourceId));
    if (page.kind !== 'alertmanager') return undefined;
    return acting(silencingSource(page));
  };
  // A service's page can be snoozed from its notification where the service snoozes.
  core.snoozesAtService((page) => sourceOf(page)?.module.snooze !== undefined);
  const acks = createAcks({ clock, log, book, record, queue, alerter, sourceOf, who: () => settings.get().identity.name || 'Baton user' });

  const pollers = createPollers({
    clock,
    log,
    notices,
    config,
    health,
    module: (id) => modules.get(id),
    async polled(source, result) {
      const from = { id: source.id, name: source.name };
      const arrival = await intake.poll(from, result.alerts, {
        startedAt: result.startedAt,
        resolveTimeoutMs: result.resolveTimeoutMs ?? DEFAULT_RESOLVE_TIMEOUT_MS,
        askedAt: result.askedAt,
      });
      tell(arrival, from);
      await result.afterIntake?.();
      modules.refreshOncall(source.id);
    },
    publish: changed,
  });
  webhook = createWebhookSource({ clock, log, notices, config, intake, outbox, announce: tell, health, changed, port: deps.webhookPort });

  /** What a user's request changed has been announced and saved (or waits in the outbox with the notice up), and the window has it. */
  const settled = async () => {
    await storm.sent();
    await outbox.saved().catch(() => undefined);
    publisher.now();
  };
  const handlers = pageHandlers({
    records: () => journal.records(),
    acks,
    config,
    modules,
    pollers,
    intake,
    health,
    webhook,
    notices,
    copyText: deps.copyText,
    saveNotifications: (patch: Partial<NotificationSettings>) => {
      settings.update({ notifications: patch });
      deps.notificationsChanged();
    },
    changed: () => publisher.now(),
    settled,
  });

  // Alerts that fired while the laptop slept: look now rather than at the next timer.
  deps.onResume(() => void pollers.pollAll());
  pollers.start();
  await webhook.start();
  publisher.now();
  // A page nobody acknowledged before Baton stopped keeps reminding after it starts.
  alerter.remind(book.open());

  const source = webhook;
  return {
    handlers,
    get: (id) => book.get(id),
    unacknowledged: () => book.unacknowledged(),
    latest: (limit) => book.open().slice(0, limit),
    ack: (pageId, minutes, comment, via) => acks.ack(pageId, minutes, comment, via).finally(settled),
    shifts: () => modules.shifts(),
    ackFromTray: async (pageId) => {
      try {
        await acks.ack(pageId, config.get().ackMinutes, '', 'tray');
        await settled();
      } catch (error) {
        notices.add('error', errorText(error), undefined, `ack:${pageId}`);
      }
    },
    ackFromNotification: async (pageId, action) => {
      try {
        const page = book.get(pageId);
        // Snooze is offered only where the source holds the page silent for a while; checked again here.
        if (action === 'snooze' && (!page || !core.canSnooze(page))) throw new Error('This page cannot be snoozed at its source; it was not acknowledged.');
        if (action === 'snooze' && page?.kind === 'service') await acks.snooze(pageId, SNOOZE_MINUTES, 'notification');
        else await acks.ack(pageId, action === 'snooze' ? SNOOZE_MINUTES : config.get().ackMinutes, '', 'notification');
        await settled();
      } catch (error) {
        log.warn(`pages: ${action} from a notification of ${pageId} failed`, errorText(error));
        notices.add('error', errorText(error), undefined, `ack:${pageId}`);
      }
    },
    async ingest(from, alerts) {
      const arrival = await intake.push(from, alerts);
      tell(arrival, from);
      await storm.sent();
      publisher.now();
      await outbox.saved();
      return arrival.accepted;
    },
    pollNow: (id) => pollers.poll(id, true),
    pollAll: () => pollers.pollAll(),
    webhookUrl: () => source.url(),
    webhook: () => ({ enabled: config.get().webhook.enabled, url: source.url(), error: source.failure() }),
    checkSources: () =>
      Promise.all(
        config
          .get()
          .sources.filter((s) => s.enabled)
          .map(async (s) => ({ id: s.id, name: s.name, error: await getStatus(target(s)).then(() => null, (error: unknown) => errorText(error)) })),
      ),
    webhookToken: () => config.webhookToken(),
    held: () => core.hold.summary(),
    escalationChanged: () => core.hold.replan(),
    saved: () => outbox.saved(),
    async dispose() {
      pollers.dispose();
      publisher.stop();
      expiry.dispose();
      await source.close();
      await core.dispose();
    },
  };
}

/** The heart of the feature: the book, the one change queue, the outbox, notifications and intake. */
function createCore(deps: PagesDeps) {
  const { clock, log, journal, settings, notices } = deps;
  const book = openPageBook(journal.records());
  const outbox = createOutbox({
    journal,
    clock,
    log,
    onHealth(failure, waiting) {
      if (failure) notices.add('error', `Baton cannot save pages: ${failure}. Pages still reach you; ${waiting} change(s) wait to be saved and are retried.`, 'Free disk space or make the data folder writable.', 'pages-unsaved');
      else notices.dismiss('pages-unsaved');
    },
  });
  const record = recorder(book, outbox, clock);
  const queue = createChangeQueue();
  const config = openPagesConfig(settings, deps.secretBox);
  const intake = createIntake({ clock, book, record, queue, absence: createAbsenceTracker() });
  /** The Alertmanager a page can be silenced in (acknowledged or snoozed at its source), if any. */
  const silencingSource = (page: Page) => {
    if (page.kind !== 'alertmanager') return undefined;
    const sources = config.get().sources;
    return sources.find((s) => s.id === page.sourceId) ?? sources.find((s) => intake.seenBy(s.id, page.id));
  };
  /** Set once the service modules exist: whether a service's page can be snoozed at its service. */
  let serviceSnoozes: (page: Page) => boolean = () => false;
  /** Snooze from a notification: a short silence in an Alertmanager, or the service's own snooze. */
  const canSnooze = (page: Page) => (page.kind === 'service' ? serviceSnoozes(page) : silencingSource(page) !== undefined);
  const escalation = () => settings.read(escalationSection);
  let heldChanged = () => undefined as void;
  const hold = createHold(
    {
      clock, log, record,
      settings: escalation,
      hours: () => settings.read(loadHoursSection).business,
      timeZone: () => deps.timeZone?.() ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
      current: (id) => book.get(id),
      deliver: (pages) => alerter.digest(pages),
      changed: () => heldChanged(),
    },
    journal.records(),
  );
  const alerter = createAlerter({
    clock, log, notifier: deps.notifier, isPaused: deps.isPaused,
    options: () => settings.get().notifications,
    current: (id) => book.get(id),
    canSnooze,
    escalation,
    hold,
  });
  const storm = createStormGate({ clock, alerter, windowMs: () => settings.get().notifications.stormWindowSeconds * 1000, onError: (error) => log.error('pages: a notification failed', error) });
  return {
    config,
    silencingSource,
    canSnooze,
    snoozesAtService: (decide: (page: Page) => boolean) => void (serviceSnoozes = decide),
    health: new Map<string, SourceHealth>(),
    book,
    queue,
    outbox,
    record,
    alerter,
    storm,
    intake,
    hold,
    onHeldChange: (fn: () => void) => void (heldChanged = fn),
    async dispose() {
      hold.dispose();
      storm.dispose();
      alerter.dispose();
      // What is still waiting gets one last chance to reach the disk.
      let gaveUp: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([outbox.saved().catch(() => undefined), new Promise((resolve) => (gaveUp = setTimeout(resolve, 2_000)))]);
      clearTimeout(gaveUp);
      if (outbox.waiting() > 0) log.error(`pages: ${outbox.waiting()} page change(s) could not be saved before Baton stopped`, outbox.failure());
      outbox.dispose();
    },
  };
}

/** The comment a silence was made with (to make it again with the same words). */
function silenceComment(records: readonly JournalRecord[], silenceId: string): string | undefined {
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i];
    if (isEvent(r, 'silence.created') && r.data.silenceId === silenceId) return r.data.comment;
  }
  return undefined;
}
