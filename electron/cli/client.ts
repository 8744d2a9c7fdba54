import fs from 'node:fs';
import net from 'node:net';
import type { LocalCaller, LocalResponse } from '../../shared/local-api';
import { localApiLocation } from '../local-api/location';
import { privateDirProblem, privateFileProblem } from '../local-api/permissions';
import { readToken, UnsafeLocalApi } from '../local-api/token';
import { CliError, ExitCode } from './exit';

/**
 * The command's side of the local API (electron/local-api): one connection, requests answered in order.
 * Before the token is sent, the socket and its folder must be this user's own and closed to others,
 * so the token never goes to a socket someone else put there. Zod-free on purpose: `baton note`
 * starts, sends one line and exits (cli.note_roundtrip).
 */
export interface Connection {
  call<T = unknown>(channel: string, args?: unknown): Promise<T>;
  close(): void;
}

/** Connects to the Baton running on this data folder; null when none is (no socket, or nobody listening on it). */
export async function connect(dataDir: string, via: LocalCaller): Promise<Connection | null> {
  const where = localApiLocation(dataDir);
  if (!where.pipe) {
    if (!fs.existsSync(where.socket)) return null;
    const problem = privateDirProblem(where.dir) ?? privateFileProblem(where.socket, 'socket');
    if (problem) throw new CliError(`Baton's socket is not safe to use: ${problem}.`, ExitCode.unsafe);
  }
  let token: string;
  try {
    token = readToken(where.tokenFile, where.pipe);
  } catch (error) {
    if (error instanceof UnsafeLocalApi) throw new CliError(`Baton's token is not safe to use: ${error.message}.`, ExitCode.unsafe);
    throw new CliError(`Baton's token cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}): ${where.tokenFile}`, ExitCode.auth);
  }
  const socket = await open(where.socket);
  if (!socket) return null;
  return session(socket, token, via);
}

function open(path: string): Promise<net.Socket | null> {
  return new Promise((resolve) => {
    const socket = net.connect(path);
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
    // A socket file with nobody behind it (a Baton that was killed) means: not running.
    socket.once('error', () => resolve(null));
  });
}

function session(socket: net.Socket, token: string, via: LocalCaller): Connection {
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let rest = '';
  const failAll = (error: Error) => {
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      let response: LocalResponse;
      try {
        response = JSON.parse(line) as LocalResponse;
      } catch {
        failAll(new CliError('Baton sent an answer the command cannot read.', ExitCode.error));
        continue;
      }
      const w = typeof response.id === 'number' ? waiting.get(response.id) : undefined;
      if (!w) continue;
      waiting.delete(response.id as number);
      if (response.ok) w.resolve(response.value);
      else w.reject(new CliError(response.error.message, response.error.code === 'unauthorized' ? ExitCode.auth : ExitCode.error));
    }
  });
  socket.on('error', (error) => failAll(new CliError(`The connection to Baton failed: ${error.message}`, ExitCode.error)));
  socket.on('close', () => failAll(new CliError('Baton closed the connection before answering (did it quit?).', ExitCode.error)));
  return {
    call<T>(channel: string, args?: unknown) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
        socket.write(`${JSON.stringify({ id, token, via, channel, ...(args === undefined ? {} : { args }) })}\n`);
      });
    },
    close: () => socket.end(),
  };
}
