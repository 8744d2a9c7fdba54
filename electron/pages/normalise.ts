import crypto from 'node:crypto';
import { z } from 'zod';
import type { Severity } from '../../shared/events';
import { severityFrom, type GenericPage } from '../../shared/pages';
import { trimAlert } from '../../shared/page-limits';
import { isWebUrl } from '../../shared/url';
import type { ServiceFields } from '../../shared/page-services';

/** One alert from any source, normalised; `firing: false` means the source says it is resolved. */
export interface IncomingAlert {
  pageId: string;
  kind: 'alertmanager' | 'generic' | 'service';
  dedupKey: string;
  title: string;
  severity: Severity;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  runbookUrl?: string;
  generatorUrl?: string;
  startsAt: string;
  firing: boolean;
  /** A paging service's incident: its own fields, and its state there (acknowledged by whom). */
  service?: ServiceFields;
  atSource?: { state: 'triggered' | 'acknowledged'; by?: string };
}

/**
 * Shape only: how many labels and how long they may be is `shared/page-limits.ts`' business, so the
 * webhook can refuse with the limit named and a poll can trim instead of dropping the page.
 */
const Labels = z.record(z.string(), z.string());

/** An alert as GET /api/v2/alerts returns it (Alertmanager 0.25+). */
export const ApiAlertSchema = z.object({
  labels: Labels,
  annotations: Labels.default({}),
  startsAt: z.string().max(40),
  endsAt: z.string().max(40).optional(),
  updatedAt: z.string().max(40).optional(),
  fingerprint: z.string().max(100),
  receivers: z.array(z.object({ name: z.string() })).default([]),
  generatorURL: z.string().max(8192).optional(),
  status: z.object({
    state: z.enum(['active', 'suppressed', 'unprocessed']),
    silencedBy: z.array(z.string()).default([]),
    inhibitedBy: z.array(z.string()).default([]),
  }),
});
export type ApiAlert = z.infer<typeof ApiAlertSchema>;

/** An alert inside an Alertmanager webhook notification (version "4"). */
const WebhookAlertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: Labels,
  annotations: Labels.default({}),
  startsAt: z.string().max(40),
  endsAt: z.string().max(40).optional(),
  generatorURL: z.string().max(8192).optional(),
  fingerprint: z.string().max(100).optional(),
});

/** Alertmanager's webhook body, as 0.25–0.34 send it (notification_reason from 0.32, routeLabels from 0.34). */
export const AlertmanagerWebhookSchema = z.object({
  version: z.literal('4'),
  groupKey: z.string().max(64 * 1024).optional(),
  truncatedAlerts: z.number().int().min(0).optional(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().max(200),
  groupLabels: Labels.optional(),
  commonLabels: Labels.optional(),
  commonAnnotations: Labels.optional(),
  externalURL: z.string().max(8192).optional(),
  notification_reason: z.string().max(200).optional(),
  routeLabels: Labels.optional(),
  /** How many: PAGE_LIMITS.alertsPerPayload, checked by the receiver before this schema runs. */
  alerts: z.array(WebhookAlertSchema),
});
export type AlertmanagerWebhook = z.infer<typeof AlertmanagerWebhookSchema>;

/** The page id of an Alertmanager alert: its fingerprint, shared by polls and webhooks of the same alert. */
export function alertmanagerPageId(fingerprint: string): string {
  return `am:${fingerprint}`;
}

/**
 * A polled alert, brought within PAGE_LIMITS: a poll cannot be refused like a webhook, and dropping
 * the alert would miss a page, so labels and annotations over a limit are trimmed and `onTrim` is told what.
 */
export function fromApiAlert(alert: ApiAlert, onTrim?: (cut: string[]) => void): IncomingAlert {
  const { labels, annotations, cut } = trimAlert(alert.labels, alert.annotations);
  if (cut.length > 0) onTrim?.(cut);
  return fromAlertmanager(alert.fingerprint, labels, annotations, alert.startsAt, alert.generatorURL, true);
}

export function fromWebhookAlert(alert: z.infer<typeof WebhookAlertSchema>): IncomingAlert {
  const fingerprint = alert.fingerprint || labelsFingerprint(alert.labels);
  return fromAlertmanager(fingerprint, alert.labels, alert.annotations, alert.startsAt, alert.generatorURL, alert.status === 'firing');
}

function fromAlertmanager(
  fingerprint: string,
  labels: Record<string, string>,
  annotations: Record<string, string>,
  startsAt: string,
  generatorUrl: string | undefined,
  firing: boolean,
): IncomingAlert {
  const name = labels.alertname ?? 'Alert';
  const summary = annotations.summary ?? annotations.message ?? annotations.description?.split('\n')[0];
  return {
    pageId: alertmanagerPageId(fingerprint),
    kind: 'alertmanager',
    dedupKey: fingerprint,
    title: clip(summary && summary !== name ? `${name}: ${summary}` : name, 2000),
    severity: severityFrom(labels.severity ?? labels.priority),
    labels,
    annotations,
    runbookUrl: httpUrl(annotations.runbook_url ?? annotations.runbook),
    generatorUrl: httpUrl(generatorUrl),
    startsAt,
    firing,
  };
}

export function fromGenericPage(body: GenericPage, sourceId: string, receivedAt: string): IncomingAlert {
  const details: Record<string, string> = {};
  for (const [key, value] of Object.entries(body.details ?? {})) details[key] = String(value);
  if (body.link) details.link = body.link;
  const labels: Record<string, string> = { ...(body.labels ?? {}), ...(body.source ? { source: body.source } : {}) };
  if (body.severity) labels.severity = body.severity;
  return {
    pageId: `wh:${sha(`${sourceId}\u0000${body.source ?? ''}\u0000${body.dedupKey}`)}`,
    kind: 'generic',
    dedupKey: body.dedupKey,
    title: body.title,
    severity: severityFrom(body.severity),
    labels,
    annotations: details,
    runbookUrl: httpUrl(body.runbookUrl),
    generatorUrl: httpUrl(body.link),
    startsAt: receivedAt,
    firing: body.status === 'firing',
  };
}

/** Alertmanager's fingerprint is a hash of the label set; when a sender omits it, hash the labels ourselves. */
function labelsFingerprint(labels: Record<string, string>): string {
  const text = Object.keys(labels)
    .sort()
    .map((k) => `${k}\u00ff${labels[k]}`)
    .join('\u00ff');
  return sha(text).slice(0, 16);
}

function sha(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, 32);
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Links from alerts are kept only when they are http(s); anything else is dropped, never opened. */
export function httpUrl(raw: string | undefined): string | undefined {
  if (!raw || raw.length > 8192) return undefined;
  return isWebUrl(raw) ? raw : undefined;
}
