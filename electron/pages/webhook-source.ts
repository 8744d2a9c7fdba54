import type { SourceHealth } from '../../shared/pages';
import { errorText } from '../../shared/errors';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { Notices } from '../notices';
import { redactUrl } from '../secrets';
import type { PagesConfigStore } from './config';
import type { Arrival, Intake, Source } from './intake';
import { fromGenericPage, fromWebhookAlert } from './normalise';
import type { Outbox } from './outbox';
import { RetryLater, startWebhookReceiver, type WebhookReceiver } from './webhook';

export const WEBHOOK_SOURCE_ID = 'webhook';
const RETRY_AFTER_SECONDS = 30;

/** The built-in receiver as a source of pages: started from the settings, restarted when they change. */
export function createWebhookSource(o: {
  clock: Clock;
  log: Logger;
  notices: Pick<Notices, 'add'>;
  config: PagesConfigStore;
  intake: Intake;
  outbox: Outbox;
  /** Tells the user about an arrival (through the storm gate). */
  announce(arrival: Arrival, source: Source): void;
  health: Map<string, SourceHealth>;
  changed(): void;
  /** Overrides the configured port (tests pass 0). */
  port?: number;
}) {
  let receiver: WebhookReceiver | null = null;
  let failure: string | null = null;
  const iso = () => new Date(o.clock.now()).toISOString();

  function setHealth(patch: Partial<SourceHealth>): void {
    const previous = o.health.get(WEBHOOK_SOURCE_ID) ?? {
      id: WEBHOOK_SOURCE_ID,
      name: 'Webhook receiver',
      kind: 'webhook' as const,
      where: 'not listening',
      enabled: true,
      lastSuccess: null,
      lastError: null,
      lastErrorAt: null,
      nextTry: null,
    };
    o.health.set(WEBHOOK_SOURCE_ID, { ...previous, where: receiver?.url ?? 'not listening', enabled: o.config.get().webhook.enabled, ...patch });
  }

  /** Pages are shown before they are saved; the sender hears 503 while they cannot be saved, and sends again. */
  async function take(source: Source, alerts: Parameters<Intake['push']>[1]): Promise<number> {
    const arrival = await o.intake.push(source, alerts);
    o.announce(arrival, source);
    try {
      await o.outbox.saved();
    } catch (error) {
      throw new RetryLater(`Baton showed these pages but cannot save them (${errorText(error)}); send them again later.`, RETRY_AFTER_SECONDS);
    }
    setHealth({ lastSuccess: iso() });
    o.changed();
    return arrival.accepted;
  }

  async function start(): Promise<void> {
    await close();
    failure = null;
    const { enabled, port } = o.config.get().webhook;
    if (!enabled) {
      o.health.delete(WEBHOOK_SOURCE_ID);
      return;
    }
    try {
      receiver = await startWebhookReceiver({
        port: o.port ?? port,
        token: o.config.webhookToken(),
        log: o.log,
        handlers: {
          alertmanager: (payload) => {
            if (payload.truncatedAlerts) {
              o.notices.add(
                'warning',
                `Alertmanager (receiver “${payload.receiver}”) left ${payload.truncatedAlerts} alert(s) out of a notification (its max_alerts setting). Add that Alertmanager as a polled source to see them all.`,
                payload.externalURL ? redactUrl(payload.externalURL) : undefined,
                `pages-truncated:${payload.receiver}`,
              );
            }
            return take({ id: WEBHOOK_SOURCE_ID, name: payload.receiver || 'Alertmanager' }, payload.alerts.map(fromWebhookAlert));
          },
          generic: (body) => take({ id: WEBHOOK_SOURCE_ID, name: body.source || 'webhook' }, [fromGenericPage(body, WEBHOOK_SOURCE_ID, iso())]),
          rejected: (status, reason) => {
            setHealth({ lastError: `${status}: ${reason}`, lastErrorAt: iso() });
            o.changed();
          },
        },
      });
      setHealth({});
      o.log.info(`pages: webhook receiver listening on ${receiver.url}`);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      failure =
        code === 'EADDRINUSE'
          ? `Port ${port} on 127.0.0.1 is in use by another program; choose another port for the webhook receiver.`
          : `The webhook receiver could not start: ${errorText(error)}`;
      setHealth({ lastError: failure, lastErrorAt: iso() });
      o.notices.add('error', failure, undefined, 'pages-webhook');
      o.log.error('pages: webhook receiver failed to start', error);
    }
  }

  async function close(): Promise<void> {
    const current = receiver;
    receiver = null;
    if (current) await current.close();
  }

  return { start, close, url: () => receiver?.url ?? null, failure: () => failure };
}

export type WebhookSource = ReturnType<typeof createWebhookSource>;
