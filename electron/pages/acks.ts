import type { Page } from '../../shared/pages';
import { SERVICE_LABELS } from '../../shared/page-services';
import { errorText } from '../../shared/errors';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import { UserError } from '../user-error';
import { createSilence, silenceActive, type AlertmanagerTarget } from './alertmanager';
import { matchersOf } from '../sources/alertmanager';
import type { AckOutcome, PageSourceModule } from '../sources/shape';
import type { Alerter } from './alerter';
import type { PageBook, RecordEvent } from './book';
import type { ChangeQueue } from './queue';

/** Where an acknowledgement came from; 'cli' and 'assistant' through the local API (`baton ack`, `baton mcp`). */
export type AckVia = 'app' | 'tray' | 'notification' | 'cli' | 'assistant';

/** The source a page can be acted on at: its id and name, and its module. */
export interface ActingSource {
  id: string;
  name: string;
  module: PageSourceModule;
}

/**
 * Acknowledging, un-acknowledging, resolving and snoozing by hand. The source acts first (network
 * work, outside the change queue: Alertmanager makes a silence, PagerDuty acknowledges the
 * incident); the change itself then goes through the queue and re-checks the page, so a page
 * resolved meanwhile is never turned back to acknowledged.
 */
export function createAcks(o: {
  clock: Clock;
  log: Logger;
  book: PageBook;
  record: RecordEvent;
  queue: ChangeQueue;
  alerter: Pick<Alerter, 'settle' | 'announce'>;
  /** The source this page can be acted on at, if any (an Alertmanager that listed a webhook page too). */
  sourceOf(page: Page): ActingSource | undefined;
  who(): string;
}) {
  const { clock, book, record, queue } = o;
  const iso = (ms = clock.now()) => new Date(ms).toISOString();

  function openPage(pageId: string): Page {
    const page = book.get(pageId);
    if (!page) throw new UserError('That page is not known to Baton.');
    return page;
  }

  /** A service's action, with its failure in words the user can act on. */
  async function atSource<T>(what: string, page: Page, source: ActingSource | undefined, act: (m: PageSourceModule) => Promise<T>): Promise<T | undefined> {
    if (!source) return undefined;
    try {
      return await act(source.module);
    } catch (error) {
      if (page.kind !== 'service') throw error;
      throw new UserError(`Not ${what}: ${errorText(error)}`, { cause: error });
    }
  }

  async function ack(pageId: string, minutes: number, comment: string, via: AckVia) {
    const page = openPage(pageId);
    if (page.status !== 'triggered') throw new UserError(`This page is already ${page.status}.`);
    const by = o.who();
    const source = o.sourceOf(page);
    if (page.kind === 'service' && source && !source.module.ack) throw new UserError(`${serviceName(page)}’s public API has no acknowledge: acknowledge it in ${serviceName(page)} (the page links there); Baton sees it at the next poll.`);
    const outcome: AckOutcome | undefined = await atSource('acknowledged', page, source, (m) => (m.ack ? m.ack(page, { minutes, comment, by }) : Promise.resolve(undefined)));
    const silence = outcome?.silence;
    return queue.run(() => {
      const now = book.get(pageId);
      if (now?.status !== 'triggered') {
        if (source?.module.unack && silence) {
          void source.module.unack({ ...page, silenceId: silence.silenceId }, { by }).catch((error: unknown) => o.log.warn('pages: could not withdraw a silence made for a page that changed meanwhile', errorText(error)));
        }
        throw new UserError(`Not acknowledged: the page was ${now?.status ?? 'removed'} in the meantime.`);
      }
      if (source && silence) record('silence.created', { ...silence, sourceId: source.id, pageId });
      // A service holds its own ack (PagerDuty's timeout); anything else runs out after `minutes` here.
      const until = outcome ? outcome.until : iso(clock.now() + minutes * 60_000);
      record('page.acknowledged', { pageId, by, via, silenceId: silence?.silenceId, until, comment: comment.trim() || undefined });
      o.alerter.settle(pageId);
      const message = outcome
        ? outcome.message
        : page.kind === 'alertmanager'
          ? 'Acknowledged in Baton only: no Alertmanager API is configured for this alert, so it was not silenced at the source.'
          : page.kind === 'service'
            ? 'Acknowledged in Baton only: the source of this page is no longer configured.'
            : 'Acknowledged.';
      return { silenceId: silence?.silenceId ?? null, message };
    });
  }

  async function unack(pageId: string): Promise<void> {
    const page = openPage(pageId);
    if (page.status !== 'acknowledged') throw new UserError('This page is not acknowledged.');
    const by = o.who();
    const source = o.sourceOf(page);
    if (page.kind === 'service' && source && !source.module.unack) {
      throw new UserError(`${serviceName(page)} has no un-acknowledge in its API; re-trigger the incident there if it needs attention again.`);
    }
    // A service un-acknowledges there; Alertmanager expires the silence that held the ack.
    const expired = source?.module.unack && (page.kind === 'service' || page.silenceId) ? source : undefined;
    if (expired) {
      try {
        await expired.module.unack!(page, { by });
      } catch (error) {
        if (page.kind !== 'service') throw error;
        throw new UserError(`Still acknowledged: ${errorText(error)}`, { cause: error });
      }
    }
    const reopened = await queue.run(() => {
      const now = book.get(pageId);
      if (now?.status !== 'acknowledged') throw new UserError(`This page is ${now?.status ?? 'gone'} now.`);
      if (expired && page.silenceId) record('silence.expired', { silenceId: page.silenceId, sourceId: expired.id, by });
      return record('page.unacknowledged', { pageId, by });
    });
    if (reopened) await o.alerter.announce([reopened], reopened.sourceName);
  }

  async function resolve(pageId: string): Promise<void> {
    const page = openPage(pageId);
    if (page.status === 'resolved') throw new UserError('This page is already resolved.');
    const by = o.who();
    // A service's incident is resolved there first; an Alertmanager alert resolves by itself (here only "handled").
    const source = o.sourceOf(page);
    if (page.kind === 'service' && source && !source.module.resolve) throw new UserError(`${serviceName(page)}’s public API cannot resolve this; resolve it in ${serviceName(page)} (the page links there).`);
    if (page.kind === 'service') await atSource('resolved', page, source, (m) => (m.resolve ? m.resolve(page, { by }) : Promise.resolve()));
    return queue.run(() => {
      const now = book.get(pageId);
      if (!now) throw new UserError('That page is not known to Baton.');
      if (now.status === 'resolved') throw new UserError('This page is already resolved.');
      record('page.resolved', { pageId, via: 'app', by });
      o.alerter.settle(pageId);
    });
  }

  /** Acknowledged for `minutes` at the service, which triggers it again after (PagerDuty's snooze). */
  async function snooze(pageId: string, minutes: number, via: AckVia = 'app'): Promise<{ until: string; message: string }> {
    const page = openPage(pageId);
    if (page.status !== 'triggered') throw new UserError(`Only a triggered page can be snoozed; this one is ${page.status}.`);
    const source = o.sourceOf(page);
    if (!source?.module.snooze) throw new UserError('This page’s source cannot snooze.');
    const by = o.who();
    const { until } = (await atSource('snoozed', page, source, (m) => m.snooze!(page, { minutes, by })))!;
    const comment = `Snoozed in ${source.name} for ${minutes} min`;
    return queue.run(() => {
      const now = book.get(pageId);
      // Snoozed there; if the page resolved here meanwhile it stays resolved (the next poll tells).
      if (now?.status === 'triggered') {
        record('page.acknowledged', { pageId, by, via, until, comment });
        o.alerter.settle(pageId);
      }
      return { until, message: `${comment}; it triggers again at ${until} unless resolved.` };
    });
  }

  /** A note the user chose to send to the service's incident too. */
  async function sendNote(pageId: string, text: string): Promise<string> {
    const page = openPage(pageId);
    const source = o.sourceOf(page);
    if (!source?.module.note) throw new UserError('This page’s source does not take notes.');
    await atSource('sent', page, source, (m) => m.note!(page, { text, by: o.who() }));
    return `Note added to the incident in ${source.name}.`;
  }

  /**
   * After a poll of an Alertmanager: an acknowledged page whose silence the source no longer has (it
   * restarted without storage) is silenced again, with the same author, comment and end, so it does not page again.
   */
  async function keepSilences(
    source: { id: string; name: string },
    target: AlertmanagerTarget,
    silencedBy: Map<string, string[]>,
    comments: (silenceId: string) => string | undefined,
  ): Promise<void> {
    const now = clock.now();
    for (const [pageId, silences] of silencedBy) {
      const page = book.get(pageId);
      if (page?.status !== 'acknowledged' || !page.silenceId || !page.ackUntil || Date.parse(page.ackUntil) <= now) continue;
      if (silences.includes(page.silenceId) || o.sourceOf(page)?.id !== source.id) continue;
      try {
        if (await silenceActive(target, page.silenceId)) continue;
        const matchers = matchersOf(page);
        const createdBy = page.acknowledgedBy ?? o.who();
        const comment = comments(page.silenceId) ?? `Acknowledged in Baton by ${createdBy}`;
        const startsAt = iso();
        const silenceId = await createSilence(target, { matchers, startsAt, endsAt: page.ackUntil, createdBy, comment });
        await queue.run(() => {
          if (book.get(pageId)?.silenceId !== page.silenceId) return;
          record('silence.created', { silenceId, sourceId: source.id, matchers, startsAt, endsAt: page.ackUntil!, createdBy, comment, pageId, replaces: page.silenceId });
        });
        o.log.info(`pages: ${source.name} had lost the silence of an acknowledged page; made it again (${silenceId})`);
      } catch (error) {
        o.log.warn(`pages: could not check or re-create the silence of page ${pageId} in ${source.name}`, errorText(error));
      }
    }
  }

  return { ack, unack, resolve, snooze, sendNote, keepSilences };
}

export type Acks = ReturnType<typeof createAcks>;

function serviceName(page: Page): string {
  return page.service ? SERVICE_LABELS[page.service.service] : 'The service';
}
