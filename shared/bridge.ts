import { CHANNEL_NAMES } from './channels';
import type {
  Channel,
  Envelope,
  ErrorCode,
  EventName,
  EventPayload,
  RequestArgs,
  RequestResult,
} from './contract';

/** How the API reaches main: Electron IPC in preload, a Playwright binding in the e2e harness. */
export interface Transport {
  invoke(channel: Channel, args: unknown): Promise<Envelope>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

type RequestFn<C extends Channel> = RequestArgs<C> extends void
  ? () => Promise<RequestResult<C>>
  : (args: RequestArgs<C>) => Promise<RequestResult<C>>;

export type BatonApi = { [C in Channel]: RequestFn<C> } & {
  /** Subscribe to an event main pushes; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** A failed request, with the contract's error code in the message prefix (it survives contextBridge). */
export class BatonError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BatonError';
  }
}

export function buildBatonApi(transport: Transport): BatonApi {
  const api: Record<string, unknown> = {};
  for (const channel of CHANNEL_NAMES) {
    api[channel] = async (args?: unknown) => {
      const envelope = await transport.invoke(channel, args);
      if (envelope.ok) return envelope.value;
      throw new BatonError(envelope.error.code, envelope.error.message);
    };
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) => transport.subscribe(event, listener);
  return Object.freeze(api) as BatonApi;
}
