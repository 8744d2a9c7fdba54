import type { ConnectionReport } from '../../shared/page-services';
import type { Page } from '../../shared/pages';
import { errorText } from '../../shared/errors';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import { UserError } from '../user-error';
import { createSilence, expireSilence, getStatus, listAlerts, type AlertmanagerTarget, type SilenceMatcher } from '../pages/alertmanager';
import { fromApiAlert } from '../pages/normalise';
import { minutesBetween } from '../pages/projection';
import type { PageSourceModule, PollResult } from './shape';

/**
 * Alertmanager as a page source: polls `GET /api/v2/alerts` (active, silenced and inhibited, so an
 * acknowledged page is not taken for resolved) with its start time for restarts; "acknowledge" is a
 * silence with the acker and a comment (Alertmanager has no acknowledge); un-acknowledge expires it.
 */
export function createAlertmanagerSource(o: {
  clock: Clock;
  name(): string;
  target(): AlertmanagerTarget;
  log: Logger;
  /** After intake: silences of acknowledged pages the source lost (a restart without storage) are made again. */
  keepSilences(silencedBy: Map<string, string[]>): Promise<void>;
}): PageSourceModule {
  return {
    kind: 'alertmanager',
    capabilities: ['ack', 'unack', 'resolve'],

    async poll(): Promise<PollResult> {
      const target = o.target();
      // Its start time first: a restart between the two looks then shows at the next poll.
      const status = await getStatus(target).catch((error: unknown) => {
        o.log.warn(`pages: ${o.name()}: no status (restarts cannot be told apart from resolutions)`, errorText(error));
        return { startedAt: null, resolveTimeoutMs: null };
      });
      const { alerts, skipped } = await listAlerts(target);
      const trimmed: string[] = [];
      const incoming = alerts.map((alert) => fromApiAlert(alert, (cut) => trimmed.push(`${alert.labels.alertname ?? alert.fingerprint}: ${cut.join(', ')}`)));
      const silencedBy = new Map(alerts.map((alert, i) => [incoming[i].pageId, alert.status.silencedBy]));
      return { alerts: incoming, startedAt: status.startedAt, resolveTimeoutMs: status.resolveTimeoutMs, skipped, trimmed, afterIntake: () => o.keepSilences(silencedBy) };
    },

    async ack(page, { minutes, comment, by }) {
      const startsAt = new Date(o.clock.now()).toISOString();
      const endsAt = new Date(o.clock.now() + minutes * 60_000).toISOString();
      // Alertmanager needs a comment on a silence; the journal keeps only what the user wrote.
      const note = comment.trim() || `Acknowledged in Baton by ${by}`;
      const matchers = matchersOf(page);
      let silenceId: string;
      try {
        silenceId = await createSilence(o.target(), { matchers, startsAt, endsAt, createdBy: by, comment: note });
      } catch (error) {
        throw new UserError(`Not acknowledged: the silence could not be created. ${errorText(error)}`, { cause: error });
      }
      return {
        silence: { silenceId, matchers, startsAt, endsAt, createdBy: by, comment: note },
        until: endsAt,
        message: `Acknowledged and silenced in ${o.name()} for ${minutesBetween(startsAt, endsAt)}.`,
      };
    },

    async unack(page) {
      if (!page.silenceId) return;
      try {
        await expireSilence(o.target(), page.silenceId);
      } catch (error) {
        throw new UserError(`Still acknowledged: the silence could not be expired. ${errorText(error)}`, { cause: error });
      }
    },

    async test(): Promise<ConnectionReport> {
      const { alerts } = await listAlerts(o.target());
      return { user: null, sees: [`${alerts.length} alert(s) listed`], warnings: [] };
    },
  };
}

export function matchersOf(page: Page): SilenceMatcher[] {
  return Object.entries(page.labels).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));
}
