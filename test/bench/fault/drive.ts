// What the fault scenarios share: Alertmanager-shaped webhook payloads, a sender that retries the way
// Alertmanager does, bounded waits, and reading back what Baton did through its public surface only.
import crypto from 'node:crypto';
import type { Notifier } from '../../../electron/notifier';
import type { TestServices } from '../../helpers/services';
import { call } from '../../helpers/services';
import { KEY_LABEL, type Notified, type Observed, type PageRecord, type ShownPage, type Truth } from './score';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 50 ms until it holds or `ms` passed; never waits longer. */
export async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await sleep(50);
  }
  return check();
}

/** Alertmanager's fingerprint stands for a label set; here, one per scenario key. */
export function fingerprint(key: string): string {
  return crypto.createHash('sha256').update(key).digest('hex').slice(0, 16);
}

export interface WebhookAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

/** One alert as Alertmanager 0.25 puts it in a webhook notification. */
export function webhookAlert(key: string, options: { firing?: boolean; startsAt?: string; labels?: Record<string, string> } = {}): WebhookAlert {
  const firing = options.firing ?? true;
  return {
    status: firing ? 'firing' : 'resolved',
    labels: { alertname: 'FaultBench', [KEY_LABEL]: key, severity: 'critical', ...options.labels },
    annotations: { summary: `fault bench alert ${key}` },
    startsAt: options.startsAt ?? new Date(Date.now() - 60_000).toISOString(),
    endsAt: firing ? '0001-01-01T00:00:00Z' : new Date().toISOString(),
    generatorURL: 'http://127.0.0.1:9090/graph',
    fingerprint: fingerprint(key),
  };
}

export function webhookPayload(alerts: WebhookAlert[]): string {
  return JSON.stringify({
    version: '4',
    groupKey: `{}:{alertname="FaultBench"}`,
    truncatedAlerts: 0,
    status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
    receiver: 'fault-bench',
    groupLabels: { alertname: 'FaultBench' },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://127.0.0.1:9093',
    alerts,
  });
}

/** Records, in Truth, the page ids the alerts will have if Baton keys Alertmanager pages by fingerprint. */
export function expectIds(truth: Truth, alerts: WebhookAlert[]): void {
  for (const a of alerts) truth.pageIds.set(`am:${a.fingerprint}`, a.labels[KEY_LABEL]);
}

export interface Answer {
  /** 0: no answer (connection refused or reset, or the timeout ran out). */
  status: number;
  ms: number;
  body: string;
  /** Seconds, when the answer asked the sender to come back later. */
  retryAfter?: number;
}

export async function post(url: string, token: string, body: string, timeoutMs = 15_000): Promise<Answer> {
  const started = performance.now();
  try {
    const r = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await r.text();
    const retryAfter = Number(r.headers.get('retry-after') ?? NaN);
    return { status: r.status, ms: performance.now() - started, body: text.slice(0, 300), retryAfter: Number.isFinite(retryAfter) ? retryAfter : undefined };
  } catch {
    return { status: 0, ms: performance.now() - started, body: '' };
  }
}

/**
 * Delivers like Alertmanager: a 5xx or no answer is retried (after Retry-After when given, else
 * `gapMs`), a 2xx or 4xx is final. `target` is read per attempt: a restarted Baton may listen elsewhere.
 */
export async function deliver(
  target: () => { url: string; token: string } | null,
  body: string,
  options: { attempts: number; gapMs: number; timeoutMs?: number },
): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let attempt = 0; attempt < options.attempts; attempt++) {
    const t = target();
    if (t) {
      const answer = await post(t.url, t.token, body, options.timeoutMs);
      answers.push(answer);
      if (answer.status >= 200 && answer.status < 500) return answers;
    }
    // A Retry-After is honoured, but kept short: every scenario is bounded in time.
    const asked = answers.at(-1)?.retryAfter;
    if (attempt < options.attempts - 1) await sleep(asked !== undefined ? Math.min(asked * 1000, 2000) : options.gapMs);
  }
  return answers;
}

/** Runs `fn` over `items`, `concurrency` at a time. */
export async function pool<T>(items: T[], concurrency: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

export function recorder(): { notifier: Notifier; notified: Notified[] } {
  const notified: Notified[] = [];
  return { notified, notifier: { notify: async (request) => (notified.push({ at: Date.now(), request }), { ok: true }) } };
}

/**
 * Waits until no notification has been asked for in `quietMs` (at most `maxMs`), so the storm
 * window (4 s by default: pages held in it go out together when it ends) has closed.
 */
export async function quiet(notified: Notified[], quietMs = 5000, maxMs = 20_000): Promise<void> {
  const until = Date.now() + maxMs;
  let seen = notified.length;
  let since = Date.now();
  while (Date.now() < until) {
    await sleep(100);
    if (notified.length !== seen) {
      seen = notified.length;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
}

/** Repeats would otherwise come every 2 minutes; a long interval keeps them out of the figures. */
export async function longRepeats(s: TestServices): Promise<void> {
  await call(s, 'updateSettings', { notifications: { repeatMinutes: 60 } });
}

export function shownPages(s: TestServices): ShownPage[] {
  const { open, recent } = s.hub.get().pages;
  return [...open, ...recent].map((p) => ({ id: p.id, status: p.status, labels: p.labels }));
}

export function pageRecords(s: TestServices): PageRecord[] {
  const out: PageRecord[] = [];
  for (const r of s.journal.records()) {
    if (!r.type.startsWith('page.')) continue;
    const data = r.data as { pageId?: unknown; labels?: unknown; via?: unknown };
    if (typeof data.pageId !== 'string') continue;
    out.push({
      ts: Date.parse(r.ts),
      type: r.type,
      pageId: data.pageId,
      labels: typeof data.labels === 'object' && data.labels !== null ? (data.labels as Record<string, string>) : undefined,
      via: typeof data.via === 'string' ? data.via : undefined,
    });
  }
  return out;
}

export function observe(s: TestServices, notified: Notified[]): Observed {
  return { notified: [...notified], shown: shownPages(s), records: pageRecords(s) };
}

/** "200×12 500×3 none×1": the answers a scenario got, for the breakdown. */
export function tally(answers: Answer[]): string {
  const counts = new Map<string, number>();
  for (const a of answers) {
    const k = a.status === 0 ? 'none' : String(a.status);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${k}×${n}`).join(' ');
}
