import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GenericPageSchema, type GenericPage } from '../../shared/pages';
import type { Logger } from '../log';
import { AlertmanagerWebhookSchema, type AlertmanagerWebhook } from './normalise';
import { errorText, explainZodError } from '../../shared/errors';
import { MAX_WEBHOOK_BODY_BYTES, PAGE_LIMITS, alertSizeProblem } from '../../shared/page-limits';

/** Sized for the largest real storm PAGE_LIMITS allows in one notification (see shared/page-limits.ts). */
export const MAX_BODY_BYTES = MAX_WEBHOOK_BODY_BYTES;
export const WEBHOOK_PATH = '/webhook';

/**
 * A handler took the request in but could not save it (a full or read-only disk): the answer is
 * 503 with Retry-After, so the sender sends it again; what it already showed is not shown twice.
 */
export class RetryLater extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'RetryLater';
  }
}

/**
 * Refusals are reported to the feature at most once per this window (the first at once, the latest of
 * the rest at its end): each report publishes the pages slice, and a sender retrying with a wrong
 * token must not make every refusal cost a rebuild of it.
 */
export const REJECTION_REPORT_MS = 1000;
/** The same refusal as the one last reported (status and reason) is not reported again within this. */
export const SAME_REJECTION_MS = 60_000;

export interface WebhookHandlers {
  alertmanager(payload: AlertmanagerWebhook): Promise<number>;
  generic(page: GenericPage): Promise<number>;
  /**
   * A request was refused (4xx) or could not be saved (5xx): shown as the receiver's last error. Coalesced: called at most
   * once per REJECTION_REPORT_MS with the latest refusal, and not again for a refusal identical to the
   * last one reported within SAME_REJECTION_MS, so a flood of 401s costs the feature nothing.
   */
  rejected(status: number, reason: string): void;
}

export interface WebhookReceiver {
  /** e.g. http://127.0.0.1:9095/webhook */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The built-in receiver: loopback only, a bearer token (or `?token=`) required, 1 MiB bodies at most.
 * Alertmanager webhook payloads (version "4") and the generic JSON page format are accepted on
 * POST /webhook; anything it cannot use gets a 4xx with a reason. No request can take it down.
 */
export async function startWebhookReceiver(options: {
  port: number;
  token: string;
  log: Logger;
  handlers: WebhookHandlers;
}): Promise<WebhookReceiver> {
  const { token, log, handlers } = options;
  const rejections = coalescedRejections(handlers, log);
  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof RetryLater) return reply(res, 503, { error: error.message }, { 'retry-after': String(error.retryAfterSeconds) });
      log.error('webhook: request failed', error);
      reply(res, 500, { error: 'Baton could not process this request; see its log.' });
    });
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  server.requestTimeout = 15_000;
  server.headersTimeout = 10_000;
  server.maxHeadersCount = 100;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    res.on('finish', () => {
      if (res.statusCode >= 400 && res.statusCode !== 404) rejections.report(res.statusCode, rejection.get(res) ?? '');
    });
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/healthz' && req.method === 'GET') return reply(res, 200, { ok: true });
    if (url.pathname !== WEBHOOK_PATH) return reply(res, 404, { error: `Baton receives pages on POST ${WEBHOOK_PATH}` });
    if (req.method !== 'POST') return reply(res, 405, { error: 'Use POST' }, { allow: 'POST' });
    if (!authorised(req, url, token)) {
      req.resume();
      return reply(res, 401, { error: 'Missing or wrong token: send "Authorization: Bearer <token>"' }, { 'www-authenticate': 'Bearer' });
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) return tooLarge(req, res);
    const body = await readBody(req);
    if (body === 'too-large') return tooLarge(req, res);

    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch (error) {
      return reply(res, 400, { error: `Body is not JSON: ${errorText(error).slice(0, 200)}` });
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return reply(res, 400, { error: 'Body must be a JSON object' });

    if ('alerts' in json || 'version' in json) {
      // Counted before the schema runs, so an oversized storm costs no parsing of its alerts.
      const alerts: unknown = 'alerts' in json ? json.alerts : undefined;
      const count = Array.isArray(alerts) ? alerts.length : 0;
      if (count > PAGE_LIMITS.alertsPerPayload) {
        return refuseLimit(
          res,
          `alerts: ${count} alerts, the limit is ${PAGE_LIMITS.alertsPerPayload}; set max_alerts in Alertmanager's webhook config to send fewer`,
        );
      }
      const payload = AlertmanagerWebhookSchema.safeParse(json);
      if (!payload.success) return reply(res, 400, { error: `Not an Alertmanager webhook (version "4") payload: ${explainZodError(payload.error)}` });
      for (const [i, alert] of payload.data.alerts.entries()) {
        const problem = alertSizeProblem(alert.labels, alert.annotations);
        if (problem) return refuseLimit(res, `alerts[${i}].${problem}`);
      }
      const accepted = await handlers.alertmanager(payload.data);
      return reply(res, 200, { accepted });
    }
    const page = GenericPageSchema.safeParse(json);
    if (!page.success) return reply(res, 400, { error: `Not a page: ${explainZodError(page.error)}` });
    const details: Record<string, string> = {};
    for (const [key, value] of Object.entries(page.data.details ?? {})) details[key] = String(value);
    const problem = alertSizeProblem(page.data.labels ?? {}, details, 'details');
    if (problem) return refuseLimit(res, problem);
    const accepted = await handlers.generic(page.data);
    return reply(res, 200, { accepted });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log.error('webhook: server error', error));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${WEBHOOK_PATH}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        rejections.dispose();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function authorised(req: http.IncomingMessage, url: URL, token: string): boolean {
  const header = req.headers.authorization ?? '';
  const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
  const given = bearer ?? url.searchParams.get('token') ?? '';
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(token).digest();
  return given.length > 0 && crypto.timingSafeEqual(a, b);
}

function readBody(req: http.IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        done = true;
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      if (!done) reject(error);
    });
  });
}

/** Over one of PAGE_LIMITS: 413, with the limit named (`alerts[3].labels: 40000 labels, the limit is 100`). */
function refuseLimit(res: http.ServerResponse, problem: string): void {
  reply(res, 413, { error: `Too large: ${problem}` });
}

function tooLarge(req: http.IncomingMessage, res: http.ServerResponse): void {
  reply(res, 413, { error: `Too large: body: more than ${MAX_BODY_BYTES} bytes, the limit is ${MAX_BODY_BYTES} bytes (${MAX_BODY_BYTES / 1024 / 1024} MiB)` }, { connection: 'close' });
  // Stop reading the rest; the connection closes after the answer.
  req.unpipe();
  req.resume();
}

/** Reports refusals to `handlers.rejected` in O(1) per request: see REJECTION_REPORT_MS and SAME_REJECTION_MS. */
function coalescedRejections(handlers: WebhookHandlers, log: Logger): { report(status: number, reason: string): void; dispose(): void } {
  let last: { key: string; at: number } | null = null;
  let pending: { status: number; reason: string } | null = null;
  let timer: NodeJS.Timeout | null = null;

  const repeatsLast = (status: number, reason: string) => last !== null && last.key === `${status} ${reason}` && Date.now() - last.at < SAME_REJECTION_MS;

  function send(status: number, reason: string): void {
    last = { key: `${status} ${reason}`, at: Date.now() };
    timer = setTimeout(flush, REJECTION_REPORT_MS);
    timer.unref();
    try {
      handlers.rejected(status, reason);
    } catch (error) {
      log.warn('webhook: reporting a refused request failed', error);
    }
  }

  function flush(): void {
    timer = null;
    const next = pending;
    pending = null;
    if (next && !repeatsLast(next.status, next.reason)) send(next.status, next.reason);
  }

  return {
    report(status, reason) {
      if (timer) pending = { status, reason };
      else if (!repeatsLast(status, reason)) send(status, reason);
    },
    dispose() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = null;
    },
  };
}

const rejection = new WeakMap<http.ServerResponse, string>();

function reply(res: http.ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  if (res.headersSent) return;
  if (status >= 400 && typeof body === 'object' && body !== null && 'error' in body) rejection.set(res, String(body.error));
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...extra });
  res.end(JSON.stringify(body));
}
