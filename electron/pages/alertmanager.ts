import { z } from 'zod';
import { redactUrl } from '../secrets';
import { ApiAlertSchema, type ApiAlert } from './normalise';

/** Talks to one Alertmanager's API v2: list alerts, create and expire silences. */
export interface AlertmanagerTarget {
  url: string;
  auth: 'none' | 'basic' | 'bearer';
  username: string;
  /** Password or token, already unsealed; never logged. */
  secret: string;
  filters: string[];
  receiver: string;
}

export interface SilenceMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

export class AlertmanagerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AlertmanagerError';
  }
}

const TIMEOUT_MS = 10_000;

/**
 * The API URL under the source's URL: its path extended, its query (a token some proxies want)
 * kept beside the API's own, and its user-info moved to a Basic header (fetch refuses it in a URL).
 */
function request(target: AlertmanagerTarget, apiPath: string, json: boolean): { url: string; headers: Record<string, string> } {
  const url = new URL(target.url);
  const [pathname, query = ''] = apiPath.split('?');
  url.pathname = url.pathname.replace(/\/+$/, '') + pathname;
  for (const [key, value] of new URLSearchParams(query)) url.searchParams.append(key, value);
  const fromUrl = url.username || url.password ? { username: decodeURIComponent(url.username), secret: decodeURIComponent(url.password) } : null;
  url.username = '';
  url.password = '';
  url.hash = '';
  const h: Record<string, string> = { accept: 'application/json' };
  if (json) h['content-type'] = 'application/json';
  const basic = (username: string, secret: string) => `Basic ${Buffer.from(`${username}:${secret}`).toString('base64')}`;
  if (target.auth === 'bearer' && target.secret) h.authorization = `Bearer ${target.secret}`;
  else if (target.auth === 'basic') h.authorization = basic(target.username, target.secret);
  else if (fromUrl) h.authorization = basic(fromUrl.username, fromUrl.secret);
  return { url: url.toString(), headers: h };
}

async function call(target: AlertmanagerTarget, method: string, path: string, body?: unknown): Promise<unknown> {
  const where = `Alertmanager at ${redactUrl(target.url)}`;
  let response: Response;
  try {
    const { url, headers } = request(target, path, body !== undefined);
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (error) {
    const cause = error as Error & { cause?: { code?: string } };
    const reason =
      cause.name === 'TimeoutError' ? `did not answer within ${TIMEOUT_MS / 1000} s` : `could not be reached (${cause.cause?.code ?? cause.message})`;
    throw new AlertmanagerError(`${where} ${reason}`, { cause: error });
  }
  const text = await response.text();
  if (!response.ok) {
    const hint = response.status === 401 || response.status === 403 ? ' — check the credentials' : '';
    throw new AlertmanagerError(`${where} answered ${response.status} ${response.statusText}${hint}: ${text.slice(0, 200)}`);
  }
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new AlertmanagerError(`${where} answered something that is not JSON (is the URL the Alertmanager itself?)`);
  }
}

/** Active, silenced and inhibited alerts (so an acknowledged page is not taken for resolved). */
export async function listAlerts(target: AlertmanagerTarget): Promise<{ alerts: ApiAlert[]; skipped: number }> {
  const query = new URLSearchParams({ active: 'true', silenced: 'true', inhibited: 'true', unprocessed: 'true' });
  for (const filter of target.filters) if (filter.trim()) query.append('filter', filter.trim());
  if (target.receiver.trim()) query.set('receiver', target.receiver.trim());
  const raw = await call(target, 'GET', `/api/v2/alerts?${query}`);
  if (!Array.isArray(raw)) throw new AlertmanagerError(`Alertmanager at ${redactUrl(target.url)} did not answer with a list of alerts`);
  const alerts: ApiAlert[] = [];
  let skipped = 0;
  for (const item of raw) {
    const parsed = ApiAlertSchema.safeParse(item);
    if (parsed.success) alerts.push(parsed.data);
    else skipped++;
  }
  return { alerts, skipped };
}

export async function createSilence(
  target: AlertmanagerTarget,
  silence: { matchers: SilenceMatcher[]; startsAt: string; endsAt: string; createdBy: string; comment: string },
): Promise<string> {
  const answer = z.object({ silenceID: z.string() }).safeParse(await call(target, 'POST', '/api/v2/silences', silence));
  if (!answer.success) throw new AlertmanagerError(`Alertmanager at ${redactUrl(target.url)} did not return a silence id`);
  return answer.data.silenceID;
}

export async function expireSilence(target: AlertmanagerTarget, silenceId: string): Promise<void> {
  await call(target, 'DELETE', `/api/v2/silence/${encodeURIComponent(silenceId)}`);
}

export interface AlertmanagerStatus {
  /** When this Alertmanager process started; another value later means it restarted. */
  startedAt: string | null;
  /** Its global resolve_timeout: how long an alert may go unreported before it counts as resolved. */
  resolveTimeoutMs: number | null;
}

const StatusSchema = z.object({ uptime: z.string().max(64).optional(), config: z.object({ original: z.string().max(1024 * 1024).optional() }).optional() });

export async function getStatus(target: AlertmanagerTarget): Promise<AlertmanagerStatus> {
  const parsed = StatusSchema.safeParse(await call(target, 'GET', '/api/v2/status'));
  if (!parsed.success) return { startedAt: null, resolveTimeoutMs: null };
  const configured = /^\s*resolve_timeout:\s*["']?([0-9a-z.]+)["']?\s*$/m.exec(parsed.data.config?.original ?? '')?.[1];
  return { startedAt: parsed.data.uptime ?? null, resolveTimeoutMs: configured ? parseDuration(configured) : null };
}

/** Whether a silence is still in force at the source (a restart without storage forgets them). */
export async function silenceActive(target: AlertmanagerTarget, silenceId: string): Promise<boolean> {
  try {
    const answer = z.object({ status: z.object({ state: z.string() }) }).safeParse(await call(target, 'GET', `/api/v2/silence/${encodeURIComponent(silenceId)}`));
    return answer.success && answer.data.status.state === 'active';
  } catch (error) {
    if (error instanceof AlertmanagerError && / answered 404 /.test(error.message)) return false;
    throw error;
  }
}

/** A Prometheus duration ("5m", "1h30m", "90s") in ms; null when it is not one. */
export function parseDuration(text: string): number | null {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };
  const parts = [...text.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return null;
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * units[unit], 0);
}
