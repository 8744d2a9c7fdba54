import crypto from 'node:crypto';
import path from 'node:path';
import { DEFAULT_REMINDERS } from '../../shared/schedule/slice';
import type { AddScheduleSource } from '../../shared/schedule/requests';
import type { Handlers } from '../router';
import { UserError } from '../user-error';
import type { Logger } from '../log';
import { redactUrl, type SecretBox } from '../secrets';
import type { FeedCache } from './cache';
import type { Calendars } from './calendars';
import type { SchedulesConfigStore, SourceConfig } from './config';
import { normalizeFeedUrl } from './feed';

export type ShiftHandlers = Pick<
  Handlers,
  'addScheduleSource' | 'updateScheduleSource' | 'removeScheduleSource' | 'refreshSchedules' | 'chooseSchedulePerson' | 'setScheduleOptions'
>;

export interface HandlerDeps {
  log: Logger;
  config: SchedulesConfigStore;
  calendars: Calendars;
  cache: FeedCache;
  secretBox: SecretBox;
  refreshSource(source: SourceConfig): Promise<void>;
  evaluate(): void;
  scheduleRefresh(): void;
}

export function shiftHandlers(deps: HandlerDeps): ShiftHandlers {
  const { config, evaluate } = deps;
  const ok = { ok: true as const };
  const save = (patch: Partial<ReturnType<SchedulesConfigStore['get']>>) => config.save({ ...config.get(), ...patch });
  const findSource = (id: string) => {
    const source = config.get().sources.find((s) => s.id === id);
    if (!source) throw new UserError('That schedule no longer exists.');
    return source;
  };
  return {
    async addScheduleSource(args) {
      if (config.get().sources.length >= 20) throw new UserError('Baton keeps at most 20 schedules; remove one first.');
      const source = newSource(deps.secretBox, args);
      save({ sources: [...config.get().sources, source] });
      deps.log.info(`shifts: added ${source.kind} schedule “${source.name}”${source.kind === 'feed' ? ` from ${source.redactedUrl}` : ''}`);
      await deps.refreshSource(source);
      evaluate();
      deps.scheduleRefresh();
      return { id: source.id };
    },
    updateScheduleSource({ id, name, reminders, rotation }) {
      const source = findSource(id);
      if (rotation && source.kind !== 'rotation') throw new UserError('Only a local rotation has members and handoffs to edit.');
      const updated = { ...source, ...(name ? { name } : {}), ...(reminders ? { reminders } : {}), ...(rotation ? { rotation } : {}) } as SourceConfig;
      save({ sources: config.get().sources.map((s) => (s.id === id ? updated : s)) });
      const r = deps.calendars.peek(id);
      if (name && r?.text) deps.calendars.apply(updated, r, r.text);
      evaluate();
      return ok;
    },
    async removeScheduleSource({ id }) {
      findSource(id);
      save({ sources: config.get().sources.filter((s) => s.id !== id) });
      deps.calendars.drop(id);
      await deps.cache.remove(id);
      evaluate();
      deps.scheduleRefresh();
      return ok;
    },
    async refreshSchedules({ id }) {
      if (id) await deps.refreshSource(findSource(id));
      else await Promise.all(config.get().sources.map(deps.refreshSource));
      evaluate();
      return ok;
    },
    chooseSchedulePerson({ person }) {
      save({ aliases: person ? [person] : [] });
      evaluate();
      return ok;
    },
    setScheduleOptions(options) {
      save(options);
      deps.scheduleRefresh();
      evaluate();
      return ok;
    },
  };
}

function newSource(secretBox: SecretBox, args: AddScheduleSource): SourceConfig {
  const id = crypto.randomBytes(6).toString('hex');
  const base = { id, name: args.name, reminders: { ...DEFAULT_REMINDERS } };
  if (args.kind === 'feed') {
    const url = normalizeFeedUrl(args.url);
    return { ...base, kind: 'feed', sealedUrl: secretBox.encrypt(url), redactedUrl: redactUrl(url) };
  }
  if (args.kind === 'file') {
    if (!path.isAbsolute(args.path)) throw new UserError('Give the full path of the .ics file.');
    return { ...base, kind: 'file', path: path.normalize(args.path) };
  }
  return { ...base, kind: 'rotation', rotation: args.rotation };
}
