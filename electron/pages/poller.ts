import type { SourceHealth } from '../../shared/pages';
import type { SourceKind } from '../../shared/page-services';
import type { Clock, Timer } from '../clock';
import type { Logger } from '../log';
import type { Notices } from '../notices';
import { redactUrl } from '../secrets';
import type { AlertmanagerTarget } from './alertmanager';
import type { PagesConfigStore, StoredSource } from './config';
import { errorText } from '../../shared/errors';
import { RateLimitedError } from '../sources/http';
import type { PageSourceModule, PollResult } from '../sources/shape';

const MAX_BACKOFF_MS = 5 * 60_000;

/** A polled source, whatever its kind: what the poller needs to know of it. */
export interface PolledSource {
  id: string;
  name: string;
  kind: Exclude<SourceKind, 'webhook'>;
  /** Where it is, without credentials. */
  where: string;
  enabled: boolean;
  intervalSeconds: number;
}

/** Every polled source in the configuration: Alertmanagers, then paging services. */
export function polledSources(config: PagesConfigStore): PolledSource[] {
  const { sources, services } = config.get();
  return [
    ...sources.map((s) => ({ id: s.id, name: s.name, kind: 'alertmanager' as const, where: redactUrl(s.url), enabled: s.enabled, intervalSeconds: s.intervalSeconds })),
    ...services.map((s) => ({ id: s.id, name: s.name, kind: s.kind, where: redactUrl(s.apiUrl), enabled: s.enabled, intervalSeconds: s.intervalSeconds })),
  ];
}

export interface PollerDeps {
  clock: Clock;
  log: Logger;
  notices: Notices;
  config: PagesConfigStore;
  /** Shared with the webhook receiver; the pollers write their sources' entries. */
  health: Map<string, SourceHealth>;
  /** The module that polls this source. */
  module(sourceId: string): PageSourceModule | undefined;
  /** Takes one successful poll: its alerts (trimmed to the limits) and the source's own facts (start time, resolve timeout). */
  polled(source: PolledSource, result: PollResult): Promise<unknown>;
  publish(): void;
}

export interface Pollers {
  /** Starts a poller for every enabled source that has none (each polls at once). */
  start(): void;
  stop(id: string): void;
  has(id: string): boolean;
  /** `fresh` (poll now, resume) waits out a poll already under way and looks again: it may predate the question. */
  poll(id: string, fresh?: boolean): Promise<void>;
  /** Polls every source now (fresh); resolves when each has answered or failed. */
  pollAll(): Promise<void>;
  dispose(): void;
}

export function alertmanagerTarget(source: StoredSource, config: PagesConfigStore): AlertmanagerTarget {
  return {
    url: config.urlOf(source),
    auth: source.auth,
    username: source.username,
    secret: config.secretOf(source),
    filters: source.filters,
    receiver: source.receiver,
  };
}

/** Exponential, capped at 5 min, with ±20 % jitter so many clients do not retry in step. */
export function backoff(intervalMs: number, failures: number): number {
  const base = Math.min(intervalMs * 2 ** Math.min(failures, 8), MAX_BACKOFF_MS);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/**
 * One poller per enabled Alertmanager source: polls every interval, backs off on errors and
 * timeouts, reports a failing source as a notice (dismissed on recovery), keeps each source's health.
 */
export function createPollers(d: PollerDeps): Pollers {
  const { clock, log, notices, config, health } = d;
  const iso = (ms = clock.now()) => new Date(ms).toISOString();
  const pollers = new Map<string, { timer: Timer | null; failures: number; running: Promise<void> | null; cursor: unknown }>();

  const setHealth = (source: PolledSource, patch: Partial<SourceHealth>) => setSourceHealth(health, source, patch);
  const trimmed = trimmedReporter(log, notices);
  const reportTrimmed = trimmed.report;

  function schedule(source: PolledSource, delayMs: number): void {
    const poller = pollers.get(source.id);
    if (!poller) return;
    if (poller.timer) clock.clearTimeout(poller.timer);
    poller.timer = clock.setTimeout(() => void poll(source.id), delayMs);
    poller.timer.unref?.();
    setHealth(source, { nextTry: iso(clock.now() + delayMs) });
  }

  /** One poll; `fresh` (poll now, resume) waits out one already under way and looks again, since it may predate the question. */
  async function poll(sourceId: string, fresh = false): Promise<void> {
    const poller = pollers.get(sourceId);
    const source = polledSources(config).find((s) => s.id === sourceId);
    const module = d.module(sourceId);
    if (!poller || !source || !module) return;
    if (poller.running) {
      if (!fresh) return poller.running;
      await poller.running;
      return poll(sourceId, false);
    }
    if (poller.timer) clock.clearTimeout(poller.timer);
    poller.timer = null;
    poller.running = (async () => {
      const interval = source.intervalSeconds * 1000;
      try {
        const result = await module.poll(poller.cursor);
        if (result.skipped > 0) log.warn(`pages: ${source.name}: ${result.skipped} alert(s) in an unexpected shape were skipped`);
        reportTrimmed(source, result.trimmed);
        await d.polled(source, result);
        poller.cursor = result.cursor;
        if (poller.failures > 0) {
          log.info(`pages: ${source.name} recovered after ${poller.failures} failed poll(s)`);
          notices.dismiss(`page-source:${source.id}`);
        }
        poller.failures = 0;
        setHealth(source, { lastSuccess: iso(), lastError: null });
        if (pollers.has(sourceId)) schedule(source, interval);
      } catch (error) {
        poller.failures++;
        const message = errorText(error);
        // A service that asked Baton to wait is asked again only after its reset (shared by every request with its key).
        const delay = Math.max(backoff(interval, poller.failures), error instanceof RateLimitedError ? error.retryAt - clock.now() : 0);
        log.warn(`pages: poll of ${source.name} failed (${poller.failures} in a row)`, message);
        setHealth(source, { lastError: message, lastErrorAt: iso() });
        if (pollers.has(sourceId)) schedule(source, delay);
        notices.add(
          'error',
          `Alert source “${source.name}” is failing: pages from it may be missed. ${message}`,
          `${poller.failures} failure(s) in a row.`,
          `page-source:${source.id}`,
          { retryAt: iso(clock.now() + delay) },
        );
      } finally {
        poller.running = null;
        d.publish();
      }
    })();
    return poller.running;
  }

  function startPollers(): void {
    for (const source of polledSources(config)) {
      if (pollers.has(source.id)) continue;
      if (!source.enabled) {
        setHealth(source, { nextTry: null });
        continue;
      }
      pollers.set(source.id, { timer: null, failures: 0, running: null, cursor: undefined });
      setHealth(source, {});
      void poll(source.id);
    }
  }

  function stopPoller(id: string): void {
    const poller = pollers.get(id);
    if (poller?.timer) clock.clearTimeout(poller.timer);
    pollers.delete(id);
    trimmed.forget(id);
  }

  return {
    start: startPollers,
    stop: stopPoller,
    has: (id) => pollers.has(id),
    poll,
    async pollAll() {
      await Promise.all([...pollers.keys()].map((id) => poll(id, true)));
    },
    dispose() {
      for (const id of [...pollers.keys()]) stopPoller(id);
    },
  };
}

function setSourceHealth(health: Map<string, SourceHealth>, source: PolledSource, patch: Partial<SourceHealth>): void {
  const previous = health.get(source.id) ?? {
    id: source.id,
    name: source.name,
    kind: source.kind,
    where: source.where,
    enabled: source.enabled,
    lastSuccess: null,
    lastError: null,
    lastErrorAt: null,
    nextTry: null,
  };
  health.set(source.id, { ...previous, name: source.name, where: source.where, enabled: source.enabled, ...patch });
}

/** Tells what a source's poll had to trim, once per change, so an unchanged oversize alert is not re-announced every poll. */
function trimmedReporter(log: Logger, notices: Pick<Notices, 'add'>) {
  const lastTrimmed = new Map<string, string>();
  const report = (source: PolledSource, trimmed: string[]): void => {
    const key = trimmed.join('\n');
    if (key === (lastTrimmed.get(source.id) ?? '')) return;
    lastTrimmed.set(source.id, key);
    if (trimmed.length === 0) return;
    log.warn(`pages: ${source.name}: ${trimmed.length} alert(s) over Baton's size limits were trimmed`, trimmed.slice(0, 10).join('; '));
    notices.add(
      'warning',
      `Alert source “${source.name}” sent ${trimmed.length} alert(s) with more or longer labels and annotations than Baton keeps; they are paged with the excess left out.`,
      trimmed.slice(0, 3).join('; ').slice(0, 1000),
      `page-limits:${source.id}`,
    );
  };
  return { report, forget: (id: string) => void lastTrimmed.delete(id) };
}
