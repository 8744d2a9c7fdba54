import fs from 'node:fs';
import net from 'node:net';
import { LocalRequestSchema, MAX_REQUEST_BYTES, type LocalResponse } from '../../shared/local-api';
import { explainZodError } from '../../shared/errors';
import type { Logger } from '../log';
import type { LocalDispatch } from '../router';
import { localApiLocation, MAX_SOCKET_PATH, type LocalApiLocation } from './location';
import { privateDirProblem, privateFileProblem } from './permissions';
import { ensureToken, sameToken, UnsafeLocalApi } from './token';

/**
 * The local API: the running app listens on a Unix domain socket in its data folder (a named pipe on
 * Windows) for newline-delimited JSON requests from the `baton` command and `baton mcp`. Each
 * request carries the per-install token and goes through the router's local dispatch (the caller's
 * policy, then the contract's checks). A bad line gets an error answer, never a crash; a wrong token
 * ends the connection.
 */
export interface LocalApi {
  readonly location: LocalApiLocation;
  close(): Promise<void>;
}

export interface LocalApiDeps {
  dataDir: string;
  dispatch: LocalDispatch;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  platform?: NodeJS.Platform;
}

export async function startLocalApi(deps: LocalApiDeps): Promise<LocalApi> {
  const location = localApiLocation(deps.dataDir, deps.platform);
  prepareFolder(location);
  const token = ensureToken(location.tokenFile, location.pipe);
  if (!location.pipe) await clearStaleSocket(location.socket);

  const connections = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
    serve(socket, token, deps);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(location.socket, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => deps.log.error('local api: the socket failed', error));
  // The folder is 0700 already; the socket itself is closed to others too, should the folder ever open.
  if (!location.pipe) fs.chmodSync(location.socket, 0o600);
  deps.log.info(`local api: listening on ${location.socket}`);

  return {
    location,
    async close() {
      for (const socket of connections) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Node removes the socket file on close; a leftover would only be cleared at the next start.
      if (!location.pipe) fs.rmSync(location.socket, { force: true });
    },
  };
}

/** `<data>/api` made 0700 when new; an existing one must already be private (never loosened or taken over). */
function prepareFolder(location: LocalApiLocation): void {
  if (location.pipe) {
    fs.mkdirSync(location.dir, { recursive: true });
    return;
  }
  if (Buffer.byteLength(location.socket) > MAX_SOCKET_PATH) {
    throw new UnsafeLocalApi(`the data folder's path is too long for a socket (${location.socket})`);
  }
  try {
    fs.mkdirSync(location.dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const problem = privateDirProblem(location.dir);
  if (problem) throw new UnsafeLocalApi(problem);
}

/** A socket left by a Baton that did not stop cleanly is removed; one that answers, or is not ours, is not. */
async function clearStaleSocket(socket: string): Promise<void> {
  if (!fs.existsSync(socket)) return;
  const problem = privateFileProblem(socket, 'socket');
  if (problem) throw new UnsafeLocalApi(problem);
  const alive = await new Promise<boolean>((resolve) => {
    const probe = net.connect(socket);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (alive) throw new UnsafeLocalApi(`another Baton is already listening on ${socket}`);
  fs.rmSync(socket, { force: true });
}

/** One connection: lines in, answers out in the same order. */
function serve(socket: net.Socket, token: string, deps: LocalApiDeps): void {
  let buffered: Buffer[] = [];
  let size = 0;
  let chain = Promise.resolve();
  /** After an oversized line: the rest is read and dropped, so the sender's writes end and it sees the answer. */
  let discarding = false;
  const send = (response: LocalResponse) => {
    if (!socket.destroyed && !socket.writableEnded) socket.write(`${JSON.stringify(response)}\n`);
  };
  socket.on('error', () => undefined);
  const refuseOversized = () => {
    buffered = [];
    discarding = true;
    send({ id: null, ok: false, error: { code: 'bad-request', message: `A request may be at most ${MAX_REQUEST_BYTES} bytes.` } });
    // Ended and closed once the answer is out: a sender still writing gets a reset, not a wait.
    socket.end(() => socket.destroy());
  };
  socket.on('data', (chunk: Buffer) => {
    if (discarding) return;
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      if (size + nl - start > MAX_REQUEST_BYTES) return refuseOversized();
      buffered.push(chunk.subarray(start, nl));
      const line = Buffer.concat(buffered).toString('utf8');
      buffered = [];
      size = 0;
      start = nl + 1;
      chain = chain.then(() => answer(line, token, deps, send, () => socket.end()));
    }
    const rest = chunk.subarray(start);
    size += rest.length;
    if (size > MAX_REQUEST_BYTES) return refuseOversized();
    if (rest.length > 0) buffered.push(rest);
  });
}

async function answer(line: string, token: string, deps: LocalApiDeps, send: (r: LocalResponse) => void, hangUp: () => void): Promise<void> {
  if (line.trim() === '') return;
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return send({ id: null, ok: false, error: { code: 'bad-request', message: 'A request is one JSON object on one line.' } });
  }
  const parsed = LocalRequestSchema.safeParse(raw);
  if (!parsed.success) {
    const id = typeof raw === 'object' && raw !== null && 'id' in raw && (typeof raw.id === 'number' || typeof raw.id === 'string') ? raw.id : null;
    return send({ id, ok: false, error: { code: 'bad-request', message: `Not a request: ${explainZodError(parsed.error, { max: 1 })}` } });
  }
  const request = parsed.data;
  if (!sameToken(request.token, token)) {
    deps.log.warn('local api: refused a request with a wrong token');
    send({ id: request.id, ok: false, error: { code: 'unauthorized', message: 'The token is wrong: this is not the token of the Baton running for this data folder.' } });
    return hangUp();
  }
  try {
    const envelope = await deps.dispatch(request.channel, request.args, request.via);
    send({ id: request.id, ...envelope });
  } catch (error) {
    // The dispatch answers every failure itself; this is the last guard of the connection.
    deps.log.error(`local api: ${request.channel} failed`, error);
    send({ id: request.id, ok: false, error: { code: 'failed', message: `${request.channel} failed inside Baton; details are in the log.` } });
  }
}
