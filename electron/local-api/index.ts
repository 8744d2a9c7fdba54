import type { Notices } from '../notices';
import type { Logger } from '../log';
import { createLocalDispatch, type Handlers } from '../router';
import type { SettingsService } from '../settings';
import { errorText } from '../../shared/errors';
import { localPolicy } from './policy';
import { startLocalApi } from './server';

export { localApiLocation, type LocalApiLocation } from './location';

/** Where the local API listens (null when it does not), or why it could not start. */
export interface LocalApiStatus {
  socket: string | null;
  failure: string | null;
  close(): Promise<void>;
}

export interface OpenLocalApiDeps {
  dataDir: string;
  log: Logger;
  handlers: Handlers;
  settings: Pick<SettingsService, 'get'>;
  notices: Pick<Notices, 'add'>;
  /** Absent = on. */
  localApi?: boolean;
}

/**
 * Starts the local API beside the services. It never stops Baton from starting: a folder that is not
 * private, a socket another Baton holds or a path too long is logged and told as a notice, and the
 * `baton` command then says it cannot reach Baton.
 */
export async function openLocalApi(deps: OpenLocalApiDeps): Promise<LocalApiStatus> {
  if (deps.localApi === false) return { socket: null, failure: 'turned off', close: async () => undefined };
  const dispatch = createLocalDispatch(deps.handlers, deps.log, localPolicy(() => deps.settings.get()));
  try {
    const api = await startLocalApi({ dataDir: deps.dataDir, dispatch, log: deps.log });
    return { socket: api.location.socket, failure: null, close: () => api.close() };
  } catch (error) {
    const reason = errorText(error);
    deps.log.error('local api: not started', error);
    deps.notices.add('warning', `The baton command cannot reach Baton: ${reason}.`, 'Baton runs as usual; the terminal command reads the journal only.', 'local-api');
    return { socket: null, failure: reason, close: async () => undefined };
  }
}
