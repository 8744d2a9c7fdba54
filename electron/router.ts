import { requests, type Channel, type Envelope, type RequestArgs, type RequestResult } from '../shared/contract';
import { errorText, explainZodError } from '../shared/errors';
import type { LocalCaller } from '../shared/local-api';
import { runAsCaller } from './caller';
import type { Logger } from './log';
import { isAppUrl } from './origin';
import { UserError } from './user-error';

/** Where a request came from, as the edge (Electron IPC or the e2e harness) saw it. */
export interface Sender {
  /** URL of the frame that sent the message. */
  frameUrl: string;
  /** True for the window's top-level frame, false for any subframe. */
  isMainFrame: boolean;
  /** True when the sending web contents is one of the app's own windows. */
  isAppWindow: boolean;
}

export type Handlers = {
  [C in Channel]: (args: RequestArgs<C>) => Promise<RequestResult<C>> | RequestResult<C>;
};

/** Only the app's own window, its main frame, and a page from the app's origin (app://baton) may call main. */
export function isTrustedSender(sender: Sender): boolean {
  return sender.isAppWindow && sender.isMainFrame && isAppUrl(sender.frameUrl);
}

export type Dispatch = (channel: string, rawArgs: unknown, sender: Sender) => Promise<Envelope>;

/** The one place requests are checked: sender, channel, arguments; then the service; then its result. */
export function createDispatch(handlers: Handlers, log: Logger): Dispatch {
  const checked = checkedCall(handlers, log);
  return async (channel, rawArgs, sender) => {
    if (!isTrustedSender(sender)) {
      log.warn(`ipc: refused ${channel} from an untrusted sender`, sender.frameUrl);
      return fail('forbidden', 'This caller may not use Baton’s API.');
    }
    return checked(channel, rawArgs);
  };
}

/**
 * Which channels a caller of the local API may use (the `baton` command, an assistant through
 * `baton mcp`): null = allowed, else the reason it is not, in words for the terminal.
 * The caller has already shown the per-install token (electron/local-api).
 */
export type LocalPolicy = (caller: LocalCaller, channel: string) => string | null;

export type LocalDispatch = (channel: string, rawArgs: unknown, caller: LocalCaller) => Promise<Envelope>;

/**
 * The local API's way in: the caller's policy first, then the same checks as the window's requests
 * (channel, arguments, handler, result). The handler runs as that caller, so what it journals says
 * where it came from (electron/caller.ts).
 */
export function createLocalDispatch(handlers: Handlers, log: Logger, policy: LocalPolicy): LocalDispatch {
  const checked = checkedCall(handlers, log);
  return async (channel, rawArgs, caller) => {
    if (!Object.hasOwn(requests, channel)) return fail('unknown-channel', `There is no request called “${channel}”.`);
    const refused = policy(caller, channel);
    if (refused) {
      log.warn(`local api: refused ${channel} from ${caller}`, refused);
      return fail('forbidden', refused);
    }
    return runAsCaller(caller, () => checked(channel, rawArgs));
  };
}

/** Channel, arguments, the service, its result: what every caller goes through once it is let in. */
function checkedCall(handlers: Handlers, log: Logger): (channel: string, rawArgs: unknown) => Promise<Envelope> {
  return async (channel, rawArgs) => {
    if (!Object.hasOwn(requests, channel)) return fail('unknown-channel', `There is no request called “${channel}”.`);
    const name = channel as Channel;
    const spec = requests[name];
    const args = spec.args.safeParse(rawArgs);
    if (!args.success) return fail('invalid-args', `${name}: ${explainZodError(args.error)}`);
    try {
      const handler = handlers[name] as (args: unknown) => unknown;
      const value = await handler(args.data);
      const result = spec.result.safeParse(value);
      if (!result.success) {
        log.error(`ipc: ${name} returned a value that breaks the contract`, explainZodError(result.error));
        return fail('failed', `${name} failed inside Baton; details are in the log.`);
      }
      return { ok: true, value: result.data };
    } catch (error) {
      if (error instanceof UserError) return fail('failed', error.message);
      log.error(`ipc: ${name} failed`, error);
      return fail('failed', `${name} failed: ${errorText(error)}`);
    }
  };
}

function fail(code: 'forbidden' | 'unknown-channel' | 'invalid-args' | 'failed', message: string): Envelope {
  return { ok: false, error: { code, message } };
}
