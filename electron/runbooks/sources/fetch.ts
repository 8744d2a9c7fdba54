import { MAX_RUNBOOK_BYTES, RefusedError, decodeRunbook, htmlToRunbook } from '../parse';
import { redactUrl } from '../../secrets';
import { errorText } from '../../../shared/errors';

export type FetchFn = typeof fetch;

export type FetchOutcome =
  | { kind: 'unchanged' }
  | { kind: 'fetched'; text: string; warnings: string[]; etag: string | null; lastModified: string | null; finalUrl: string };

/**
 * One conditional GET of a runbook link. Throws an Error with a message meant for the user
 * (404, a sign-in page, too large, timeout); the caller keeps the last good copy.
 */
export async function fetchRunbook(
  fetchFn: FetchFn,
  url: string,
  validators: { etag: string | null; lastModified: string | null },
  options: { timeoutMs?: number; answerTimeoutMs?: number; signal?: AbortSignal } = {},
): Promise<FetchOutcome> {
  const headers: Record<string, string> = { accept: 'text/markdown, text/plain;q=0.9, text/html;q=0.5, */*;q=0.1' };
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
  const totalMs = options.timeoutMs ?? 15_000;
  // A host that never answers (dropped packets, a server that accepts and hangs) is given up on
  // after the answer timeout, not the whole download's.
  const answerMs = Math.min(options.answerTimeoutMs ?? totalMs, totalMs);
  const timeout = AbortSignal.timeout(totalMs);
  const answer = new AbortController();
  const answerTimer = setTimeout(() => answer.abort(), answerMs);
  const signals = [timeout, answer.signal, ...(options.signal ? [options.signal] : [])];
  const signal = AbortSignal.any(signals);
  const where = redactUrl(url);
  let response: Response;
  try {
    response = await fetchFn(url, { headers, signal, redirect: 'follow' });
  } catch (error) {
    if (answer.signal.aborted) throw new Error(`${where} did not answer within ${Math.round(answerMs / 1000)} s`);
    if (timeout.aborted) throw new Error(`${where} did not answer within ${Math.round(totalMs / 1000)} s`);
    if (options.signal?.aborted) throw new Error('cancelled');
    throw new Error(`${where} could not be reached (${describeNetError(error)})`);
  } finally {
    clearTimeout(answerTimer);
  }
  if (response.status === 304) {
    await response.body?.cancel();
    return { kind: 'unchanged' };
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`${where} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  }
  const bytes = await readCapped(response);
  const { text, warnings } = decodeRunbook(bytes);
  const type = response.headers.get('content-type') ?? '';
  const isHtml = /html/i.test(type) || (!type && /^\s*<(!doctype html|html)/i.test(text));
  let markdown: string;
  try {
    markdown = isHtml ? htmlToRunbook(text, response.url || url) : text;
  } catch (error) {
    if (error instanceof RefusedError) throw new Error(error.message);
    throw error;
  }
  return {
    kind: 'fetched',
    text: markdown,
    warnings,
    etag: response.headers.get('etag'),
    lastModified: response.headers.get('last-modified'),
    finalUrl: response.url || url,
  };
}

async function readCapped(response: Response): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_RUNBOOK_BYTES) {
    await response.body?.cancel();
    throw new RefusedError(`too large (${(declared / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_RUNBOOK_BYTES / 1024 / 1024} MB)`);
  }
  if (!response.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > MAX_RUNBOOK_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new RefusedError(`too large (more than ${MAX_RUNBOOK_BYTES / 1024 / 1024} MB)`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function describeNetError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? errorText(error);
}
