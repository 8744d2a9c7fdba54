import type { z } from 'zod';
import { explainZodError } from '../../shared/errors';
import type { Clock } from '../clock';

/**
 * One HTTP client for every paging service: a timeout, no redirects (a redirect could carry the
 * token elsewhere), zod on every answer, errors that say what to do, and one rate-limit gate per
 * key shared by everything that uses that key (polls, acks, on-call), so a 429 from any of them
 * holds all of them back until the service's reset.
 */
export const SOURCE_TIMEOUT_MS = 10_000;
/** When a 429 says nothing of when to come back. */
const DEFAULT_RETRY_MS = 60_000;

export class SourceHttpError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SourceHttpError';
  }
}

/** The service asked Baton to wait (429, or no requests left in this window). */
export class RateLimitedError extends SourceHttpError {
  constructor(
    message: string,
    readonly retryAt: number,
  ) {
    super(message, 429);
    this.name = 'RateLimitedError';
  }
}

export interface RateGate {
  /** When requests with this key may go again; 0 when now. */
  blockedUntil(key: string): number;
  /** Reads a response's rate-limit headers (`ratelimit-remaining`/`-reset`, `Retry-After`). */
  observe(key: string, status: number, headers: Headers): number;
}

export function createRateGate(clock: Clock): RateGate {
  const until = new Map<string, number>();
  return {
    blockedUntil(key) {
      const at = until.get(key) ?? 0;
      if (at <= clock.now()) until.delete(key);
      return at > clock.now() ? at : 0;
    },
    observe(key, status, headers) {
      const waitMs = retryDelayMs(status, headers, clock.now());
      if (waitMs === null) return 0;
      const at = clock.now() + waitMs;
      until.set(key, Math.max(until.get(key) ?? 0, at));
      return at;
    },
  };
}

/**
 * How long to hold back after this answer, or null: a 429 waits for `Retry-After` (seconds or an
 * HTTP date), else `ratelimit-reset` (seconds, the IETF draft PagerDuty and others send), else a
 * minute; a success with `ratelimit-remaining: 0` waits for the reset.
 */
export function retryDelayMs(status: number, headers: Headers, now: number): number | null {
  const reset = seconds(headers.get('ratelimit-reset'));
  if (status === 429) {
    const retryAfter = headers.get('retry-after');
    if (retryAfter !== null) {
      const s = seconds(retryAfter);
      if (s !== null) return s * 1000;
      const date = Date.parse(retryAfter);
      if (Number.isFinite(date)) return Math.max(0, date - now);
    }
    return reset !== null ? reset * 1000 : DEFAULT_RETRY_MS;
  }
  const remaining = seconds(headers.get('ratelimit-remaining'));
  if (remaining === 0 && reset !== null) return reset * 1000;
  return null;
}

function seconds(value: string | null): number | null {
  if (value === null || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return null;
  return Math.min(Number(value), 3600);
}

export interface CallOptions<S extends z.ZodType> {
  /** "PagerDuty “Work”": names the source in every error. */
  where: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  schema: S;
  /** The rate-limit key (the token's source id). */
  key: string;
  gate: RateGate;
  clock: Clock;
  /** What a 401/403 means for this service, in words. */
  authHint?: string;
  timeoutMs?: number;
}

export async function callJson<S extends z.ZodType>(o: CallOptions<S>): Promise<z.output<S>> {
  const blocked = o.gate.blockedUntil(o.key);
  if (blocked) throw new RateLimitedError(`${o.where} asked Baton to slow down; next request after ${new Date(blocked).toISOString()}`, blocked);
  const timeoutMs = o.timeoutMs ?? SOURCE_TIMEOUT_MS;
  let response: Response;
  try {
    response = await fetch(o.url, {
      method: o.method,
      headers: o.headers,
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    const cause = error as Error & { cause?: { code?: string } };
    const reason = cause.name === 'TimeoutError' ? `did not answer within ${timeoutMs / 1000} s` : `could not be reached (${cause.cause?.code ?? cause.message})`;
    throw new SourceHttpError(`${o.where} ${reason}`, null, { cause: error });
  }
  const text = await response.text().catch(() => '');
  const retryAt = o.gate.observe(o.key, response.status, response.headers);
  if (response.status === 429) {
    throw new RateLimitedError(`${o.where} answered 429 Too Many Requests; Baton waits until ${new Date(retryAt).toISOString()} before asking again`, retryAt);
  }
  if (!response.ok) {
    const hint = response.status === 401 || response.status === 403 ? ` — ${o.authHint ?? 'check the token and its permissions'}` : '';
    throw new SourceHttpError(`${o.where} answered ${response.status} ${response.statusText}${hint}: ${errorDetail(text)}`, response.status);
  }
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      throw new SourceHttpError(`${o.where} answered something that is not JSON (is the API URL right?)`, response.status);
    }
  }
  const parsed = o.schema.safeParse(json);
  if (!parsed.success) throw new SourceHttpError(`${o.where} answered in an unexpected shape (${explainZodError(parsed.error)})`, response.status);
  return parsed.data;
}

/** The service's own error message when it sent one (`{"error":{"message":…,"errors":[…]}}`, `{"message":…}`, `{"detail":…}`), else the text's start. */
function errorDetail(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown; errors?: unknown } | string; message?: unknown; detail?: unknown; errors?: unknown };
    const error = body.error;
    if (typeof error === 'string') return error.slice(0, 300);
    if (error && typeof error.message === 'string') {
      const details = Array.isArray(error.errors) ? error.errors.filter((e): e is string => typeof e === 'string') : [];
      return [error.message, ...details].join('; ').slice(0, 300);
    }
    if (typeof body.message === 'string') return body.message.slice(0, 300);
    if (typeof body.detail === 'string') return body.detail.slice(0, 300);
    if (Array.isArray(body.errors)) {
      const messages = body.errors.map((e: { message?: unknown }) => (typeof e?.message === 'string' ? e.message : '')).filter(Boolean);
      if (messages.length) return messages.join('; ').slice(0, 300);
    }
  } catch {
    // not JSON: the text itself
  }
  return text.slice(0, 200);
}
