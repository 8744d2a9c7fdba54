import { redactUrl } from '../secrets';
import { UserError } from '../user-error';
import { isWebProtocol } from '../../shared/url';
import { errorText } from '../../shared/errors';

/**
 * Fetching a calendar feed: https (webcal:// is https), conditional GET, a timeout, a size cap,
 * and errors that say what went wrong without revealing the secret part of the URL.
 */
export type Fetch = typeof globalThis.fetch;

/** A year of a busy PagerDuty schedule is well under 1 MB; anything this big is not a schedule. */
export const MAX_FEED_BYTES = 10 * 1024 * 1024;

export class FeedError extends Error {}

export interface Validators {
  etag?: string;
  lastModified?: string;
}

export type FeedResult = { kind: 'not-modified' } | { kind: 'ok'; text: string; validators: Validators };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The URL Baton fetches: webcal → https; http only for a server on this machine. */
export function normalizeFeedUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new UserError('That is not a link. Paste the calendar’s full https:// or webcal:// address.');
  }
  if (url.protocol === 'webcal:' || url.protocol === 'webcals:') url = new URL(`https:${url.href.slice(url.protocol.length)}`);
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) {
    throw new UserError('Calendar links must use https:// (or webcal://) so the token in them is not sent in clear text.');
  }
  if (!isWebProtocol(url.protocol)) throw new UserError(`Baton cannot fetch ${url.protocol}// links; use https:// or webcal://.`);
  if (url.username || url.password) throw new UserError('Put the calendar’s secret link here, not a user name and password.');
  return url.href;
}

export async function fetchFeed(fetchImpl: Fetch, url: string, validators: Validators, options: { timeoutMs: number; maxBytes?: number }): Promise<FeedResult> {
  const maxBytes = options.maxBytes ?? MAX_FEED_BYTES;
  const where = redactUrl(url);
  const signal = AbortSignal.timeout(options.timeoutMs);
  const headers: Record<string, string> = { accept: 'text/calendar, text/plain;q=0.5, */*;q=0.1' };
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
  let response: Response;
  try {
    response = await fetchImpl(url, { headers, signal, redirect: 'follow' });
  } catch (error) {
    throw new FeedError(networkMessage(error, where, options.timeoutMs));
  }
  if (response.status === 304) {
    await response.body?.cancel();
    return { kind: 'not-modified' };
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new FeedError(statusMessage(response.status, response.statusText, where));
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new FeedError(tooBig(declared, maxBytes));
  }
  let text: string;
  try {
    text = await readCapped(response, maxBytes);
  } catch (error) {
    if (error instanceof FeedError) throw error;
    throw new FeedError(networkMessage(error, where, options.timeoutMs));
  }
  const type = response.headers.get('content-type') ?? '';
  if (/text\/html|application\/xhtml/i.test(type) || /^\s*(<!doctype html|<html)/i.test(text)) {
    throw new FeedError(
      `${where} answered with a web page (probably a sign-in page), not a calendar. Copy the calendar’s secret iCal / webcal link from the on-call tool’s export settings.`,
    );
  }
  return {
    kind: 'ok',
    text,
    validators: { etag: response.headers.get('etag') ?? undefined, lastModified: response.headers.get('last-modified') ?? undefined },
  };
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new FeedError(tooBig(size, maxBytes, true));
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
function tooBig(bytes: number, max: number, streaming = false): string {
  return `The calendar is ${streaming ? 'over ' : ''}${mb(bytes)}, more than the ${mb(max)} Baton accepts; it was refused. Export a shorter range or a single schedule.`;
}

function statusMessage(status: number, text: string, where: string): string {
  const reason = `${status}${text ? ` ${text}` : ''}`;
  if (status === 404 || status === 410) return `${where} answered ${reason}: the calendar link was revoked or mistyped.`;
  if (status === 401 || status === 403) return `${where} refused access (${reason}): the secret link may have been reset; copy it again.`;
  if (status >= 500) return `${where} had a server error (${reason}); Baton will try again.`;
  return `${where} answered ${reason}.`;
}

function networkMessage(error: unknown, where: string, timeoutMs: number): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') return `${where} did not answer within ${Math.round(timeoutMs / 1000)} s.`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  const detail = code ?? errorText(cause);
  return `Could not reach ${where} (${detail}).`;
}
