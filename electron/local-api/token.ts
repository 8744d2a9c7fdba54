import crypto from 'node:crypto';
import fs from 'node:fs';
import { privateFileProblem } from './permissions';

/**
 * The per-install token: 32 random bytes, made at the first start and kept in a 0600 file in the
 * 0700 API folder. It is not sealed with the OS keychain on purpose: the `baton` command runs
 * outside Electron and must read it, and a file only the user can read is as private as the socket.
 */
export function ensureToken(file: string, pipe: boolean): string {
  try {
    fs.writeFileSync(file, crypto.randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readToken(file, pipe);
}

/** Reads the token; refuses one another user could have read or written. */
export function readToken(file: string, pipe: boolean): string {
  const problem = pipe ? null : privateFileProblem(file, 'file');
  if (problem) throw new UnsafeLocalApi(problem);
  const token = fs.readFileSync(file, 'utf8').trim();
  if (token.length < 32) throw new UnsafeLocalApi(`${file} does not hold a token; remove it and start Baton again`);
  return token;
}

/** Compares in constant time, over digests so the lengths never leak either. */
export function sameToken(given: string, expected: string): boolean {
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

/** The API's folder, socket or token is not private to the user: Baton will not use it. */
export class UnsafeLocalApi extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeLocalApi';
  }
}
