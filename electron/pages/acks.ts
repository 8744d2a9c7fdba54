import type { Page } from '../../shared/pages';
import { errorText } from '../../shared/errors';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import { UserError } from '../user-error';
import { minutesBetween } from './projection';
import { createSilence, expireSilence, silenceActive, type AlertmanagerTarget, type SilenceMatcher } from './alertmanager';
import type { Alerter } from './alerter';
import type { PageBook, RecordEvent } from './book';
import type { StoredSource } from './config';
import type { ChangeQueue } from './queue';

/** Where an acknowledgement came from; 'cli' and 'assistant' through the local API (`baton ack`, `baton mcp`). */
export type AckVia = 'app' | 'tray' | 'notification' | 'cli' | 'assistant';

/**
 * Acknowledging, un-acknowledging and resolving by hand. An Alertmanager page is silenced at its
 * source first (network work, outside the change queue); the change itself then goes through the
 * queue and re-checks the page, so a page resolved meanwhile is never turned back to acknowledged.
 */
export function createAcks(o: {
  clock: Clock;
  log: Logger;
  book: PageBook;
  record: RecordEvent;
  queue: ChangeQueue;
  alerter: Pick<Alerter, 'settle' | 'announce'>;
  /** The Alertmanager this page can be silenced in, if any. */
  silencingSource(page: Page): StoredSource | undefined;
  target(source: StoredSource): AlertmanagerTarget;
  who(): string;
}) {
  const { clock, book, record, queue } = o;
  const iso = (ms = clock.now()) => new Date(ms).toISOString();

  function openPage(pageId: string): Page {
    const page = book.get(pageId);
    if (!page) throw new UserError('That page is not known to Baton.');
    return page;
  }

  async function ack(pageId: string, minutes: number, comment: string, via: AckVia) {
    const page = openPage(pageId);
    if (page.status !== 'triggered') throw new UserError(`This page is already ${page.status}.`);
    const by = o.who();
    const startsAt = iso();
    const until = iso(clock.now() + minutes * 60_000);
    // Alertmanager needs a comment on a silence; the journal keeps only what the user wrote.
    const note = comment.trim() || `Acknowledged in Baton by ${by}`;
    const source = o.silencingSource(page);
    const matchers = matchersOf(page);
    let silenceId: string | undefined;
    if (source) {
      try {
        silenceId = await createSilence(o.target(source), { matchers, startsAt, endsAt: until, createdBy: by, comment: note });
      } catch (error) {
        throw new UserError(`Not acknowledged: the silence could not be created. ${errorText(error)}`, { cause: error });
      }
    }
    return queue.run(() => {
      const now = book.get(pageId);
      if (now?.status !== 'triggered') {
        if (source && silenceId) void expireSilence(o.target(source), silenceId).catch((error: unknown) => o.log.warn('pages: could not withdraw a silence made for a page that changed meanwhile', errorText(error)));
        throw new UserError(`Not acknowledged: the page was ${now?.status ?? 'removed'} in the meantime.`);
      }
      if (source && silenceId) record('silence.created', { silenceId, sourceId: source.id, matchers, startsAt, endsAt: until, createdBy: by, comment: note, pageId });
      record('page.acknowledged', { pageId, by, via, silenceId, until, comment: comment.trim() || undefined });
      o.alerter.settle(pageId);
      const message = source
        ? `Acknowledged and silenced in ${source.name} for ${minutesBetween(startsAt, until)}.`
        : page.kind === 'alertmanager'
          ? 'Acknowledged in Baton only: no Alertmanager API is configured for this alert, so it was not silenced at the source.'
          : 'Acknowledged.';
      return { silenceId: silenceId ?? null, message };
    });
  }

  async function unack(pageId: string): Promise<void> {
    const page = openPage(pageId);
    if (page.status !== 'acknowledged') throw new UserError('This page is not acknowledged.');
    const by = o.who();
    const source = page.silenceId ? o.silencingSource(page) : undefined;
    if (source && page.silenceId) {
      try {
        await expireSilence(o.target(source), page.silenceId);
      } catch (error) {
        throw new UserError(`Still acknowledged: the silence could not be expired. ${errorText(error)}`, { cause: error });
      }
    }
    const reopened = await queue.run(() => {
      const now = book.get(pageId);
      if (now?.status !== 'acknowledged') throw new UserError(`This page is ${now?.status ?? 'gone'} now.`);
      if (source && page.silenceId) record('silence.expired', { silenceId: page.silenceId, sourceId: source.id, by });
      return record('page.unacknowledged', { pageId, by });
    });
    if (reopened) await o.alerter.announce([reopened], reopened.sourceName);
  }

  function resolve(pageId: string): Promise<void> {
    return queue.run(() => {
      const page = openPage(pageId);
      if (page.status === 'resolved') throw new UserError('This page is already resolved.');
      record('page.resolved', { pageId, via: 'app', by: o.who() });
      o.alerter.settle(pageId);
    });
  }

  /**
   * After a poll: an acknowledged page whose silence the source no longer has (it restarted without
   * storage) is silenced again, with the same author, comment and end, so it does not page again.
   */
  async function keepSilences(source: StoredSource, silencedBy: Map<string, string[]>, comments: (silenceId: string) => string | undefined): Promise<void> {
    const now = clock.now();
    for (const [pageId, silences] of silencedBy) {
      const page = book.get(pageId);
      if (page?.status !== 'acknowledged' || !page.silenceId || !page.ackUntil || Date.parse(page.ackUntil) <= now) continue;
      if (silences.includes(page.silenceId) || o.silencingSource(page)?.id !== source.id) continue;
      try {
        if (await silenceActive(o.target(source), page.silenceId)) continue;
        const matchers = matchersOf(page);
        const createdBy = page.acknowledgedBy ?? o.who();
        const comment = comments(page.silenceId) ?? `Acknowledged in Baton by ${createdBy}`;
        const startsAt = iso();
        const silenceId = await createSilence(o.target(source), { matchers, startsAt, endsAt: page.ackUntil, createdBy, comment });
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

  return { ack, unack, resolve, keepSilences };
}

export type Acks = ReturnType<typeof createAcks>;

function matchersOf(page: Page): SilenceMatcher[] {
  return Object.entries(page.labels).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));
}
