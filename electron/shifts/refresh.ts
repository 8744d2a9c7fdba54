import fs from 'node:fs/promises';
import { CalendarError } from '../../shared/schedule/ical';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import { UserError } from '../user-error';
import { errorText } from '../../shared/errors';
import type { SecretBox } from '../secrets';
import type { FeedCache } from './cache';
import type { Calendars, Runtime } from './calendars';
import type { SchedulesConfigStore, SourceConfig } from './config';
import { fetchFeed, FeedError, type Fetch } from './feed';

export interface RefreshDeps {
  clock: Clock;
  log: Logger;
  calendars: Calendars;
  /** The last good copy of each feed, for offline start. */
  cache: FeedCache;
  config: SchedulesConfigStore;
  secretBox: SecretBox;
  fetch: Fetch;
  maxBytes: number;
  /** Something shown changed (a refresh started): re-evaluate. */
  onChange(): void;
}

/** Refreshes a feed or file source (a rotation has nothing to fetch); one refresh per source at a time. */
export function refreshSource(deps: RefreshDeps, source: SourceConfig): Promise<void> {
  if (source.kind === 'rotation') return Promise.resolve();
  const r = deps.calendars.runtime(source.id);
  r.inflight ??= runRefresh(deps, source, r).finally(() => (r.inflight = undefined));
  return r.inflight;
}

async function runRefresh(deps: RefreshDeps, source: Exclude<SourceConfig, { kind: 'rotation' }>, r: Runtime): Promise<void> {
  r.refreshing = true;
  r.lastAttempt = deps.clock.now();
  deps.onChange();
  try {
    if (source.kind === 'feed') await refreshFeed(deps, source, r);
    else await refreshFile(deps, source, r);
    r.error = null;
    r.lastSuccess = deps.clock.now();
  } catch (error) {
    const message = error instanceof FeedError || error instanceof CalendarError || error instanceof UserError ? error.message : `unexpected error: ${errorText(error)}`;
    r.error = error instanceof CalendarError ? `The calendar could not be used: ${message}.` : message;
    deps.log.warn(`shifts: refreshing ${source.name} failed${r.text ? ' (keeping the last good copy)' : ''}`, r.error);
  } finally {
    r.refreshing = false;
  }
}

async function refreshFeed(deps: RefreshDeps, source: Extract<SourceConfig, { kind: 'feed' }>, r: Runtime) {
  let url: string;
  try {
    url = deps.secretBox.decrypt(source.sealedUrl);
  } catch {
    throw new FeedError('The stored link could not be decrypted on this machine; remove this schedule and add it again.');
  }
  const options = { timeoutMs: deps.config.get().fetchTimeoutSeconds * 1000, maxBytes: deps.maxBytes };
  const result = await fetchFeed(deps.fetch, url, r.text ? r.validators : {}, options);
  const fetchedAt = new Date(deps.clock.now()).toISOString();
  if (result.kind === 'not-modified') {
    await deps.cache.touch(source.id, { ...r.validators, fetchedAt });
    return;
  }
  deps.calendars.apply(source, r, result.text);
  r.validators = result.validators;
  await deps.cache.write(source.id, result.text, { ...result.validators, fetchedAt });
}

async function refreshFile(deps: RefreshDeps, source: Extract<SourceConfig, { kind: 'file' }>, r: Runtime) {
  let stat;
  try {
    stat = await fs.stat(source.path);
  } catch (error) {
    throw new FeedError(`Cannot read ${source.path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
  }
  if (stat.size > deps.maxBytes) throw new FeedError(`${source.path} is ${Math.round(stat.size / 1024 / 1024)} MB, more than Baton accepts for a calendar.`);
  if (r.text && r.fileMtime === stat.mtimeMs) return;
  deps.calendars.apply(source, r, await fs.readFile(source.path, 'utf8'));
  r.fileMtime = stat.mtimeMs;
}

/** Starts from the last good copies so the schedule is there offline, before any fetch. */
export async function loadKeptCopies(deps: RefreshDeps): Promise<void> {
  for (const source of deps.config.get().sources) {
    if (source.kind === 'file') await refreshSource(deps, source);
    if (source.kind !== 'feed') continue;
    const kept = await deps.cache.read(source.id);
    if (!kept) continue;
    const r = deps.calendars.runtime(source.id);
    try {
      deps.calendars.apply(source, r, kept.text);
      r.validators = { etag: kept.meta.etag, lastModified: kept.meta.lastModified };
      r.lastSuccess = Date.parse(kept.meta.fetchedAt);
    } catch (error) {
      deps.log.warn(`shifts: the kept copy of ${source.name} is unusable`, error);
    }
  }
}
