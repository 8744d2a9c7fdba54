import { z } from 'zod';
import { Severity } from './events';
import { ServiceFieldsSchema, ServiceKindSchema, ServiceSourceViewSchema } from './page-services';

/**
 * Pages: the normalised alert, the `pages` state slice, alert-source configuration as the renderer
 * sees it (never with secrets), and label matchers for source filters and notification rules.
 */
export const PageStatus = z.enum(['triggered', 'acknowledged', 'resolved']);
export type PageStatus = z.infer<typeof PageStatus>;

const Labels = z.record(z.string(), z.string());

export const PageSchema = z.object({
  id: z.string(),
  sourceId: z.string(),
  sourceName: z.string(),
  /** 'alertmanager' pages carry a fingerprint and can be silenced; 'generic' ones are marked handled; 'service' ones are a paging service's incident. */
  kind: z.enum(['alertmanager', 'generic', 'service']),
  dedupKey: z.string(),
  title: z.string(),
  severity: Severity,
  labels: Labels,
  annotations: Labels,
  runbookUrl: z.string().optional(),
  generatorUrl: z.string().optional(),
  startsAt: z.string(),
  receivedAt: z.string(),
  status: PageStatus,
  acknowledgedBy: z.string().optional(),
  acknowledgedAt: z.string().optional(),
  ackUntil: z.string().optional(),
  silenceId: z.string().optional(),
  resolvedAt: z.string().optional(),
  resolvedBy: z.string().optional(),
  /** How often this page has fired (first time and every re-trigger). */
  fired: z.number().int(),
  /** A paging service's own fields (urgency, assignees, …); `generatorUrl` then links to the incident there. */
  service: ServiceFieldsSchema.optional(),
});
export type Page = z.infer<typeof PageSchema>;

/** What a page is an instance of: its `alertname` label (30 crash-looping pods are one alert), else its title. Storms group by it. */
export function alertNameOf(page: Pick<Page, 'labels' | 'title'>): string {
  return page.labels.alertname?.trim() || page.title;
}

export const SourceHealthSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.union([z.enum(['alertmanager', 'webhook']), ServiceKindSchema]),
  /** Where it is, without credentials. */
  where: z.string(),
  enabled: z.boolean(),
  lastSuccess: z.string().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
  nextTry: z.string().nullable(),
});
export type SourceHealth = z.infer<typeof SourceHealthSchema>;

export const MatcherSchema = z.object({
  name: z.string().min(1).max(200),
  op: z.enum(['=', '!=', '=~', '!~']),
  value: z.string().max(1000),
});
export type Matcher = z.infer<typeof MatcherSchema>;

/** Which pages notify: the first rule that matches a page decides; no match means notify. */
export const NotificationRuleSchema = z.object({
  /** Empty = every source. */
  sourceId: z.string().max(200).default(''),
  /** Pages below this severity are matched only when `minSeverity` is empty. */
  severities: z.array(Severity).default([]),
  matchers: z.array(MatcherSchema).max(20).default([]),
  action: z.enum(['notify', 'mute']),
});
export type NotificationRule = z.infer<typeof NotificationRuleSchema>;

export const AlertmanagerSourceInputSchema = z.object({
  /** Absent to add a new source. */
  id: z.string().max(200).optional(),
  name: z.string().trim().min(1).max(100),
  url: z.string().trim().max(2000),
  auth: z.enum(['none', 'basic', 'bearer']).default('none'),
  username: z.string().max(200).default(''),
  /** Password or bearer token; empty keeps the stored one. Sealed in main, never sent back. */
  secret: z.string().max(8192).default(''),
  /** Alertmanager matchers such as `team="payments"`, one per entry. */
  filters: z.array(z.string().max(500)).max(20).default([]),
  /** Regular expression for the receiver; empty for all. */
  receiver: z.string().max(500).default(''),
  intervalSeconds: z.number().int().min(5).max(3600).default(15),
  enabled: z.boolean().default(true),
});
export type AlertmanagerSourceInput = z.infer<typeof AlertmanagerSourceInputSchema>;

/** A source as the renderer sees it: everything except the secret. */
export const AlertmanagerSourceViewSchema = AlertmanagerSourceInputSchema.omit({ secret: true }).extend({
  id: z.string(),
  hasSecret: z.boolean(),
});
export type AlertmanagerSourceView = z.infer<typeof AlertmanagerSourceViewSchema>;

export const PagesConfigViewSchema = z.object({
  sources: z.array(AlertmanagerSourceViewSchema),
  /** Paging services (PagerDuty, …), each with its own token. */
  services: z.array(ServiceSourceViewSchema).default([]),
  webhook: z.object({ enabled: z.boolean(), port: z.number().int() }),
  rules: z.array(NotificationRuleSchema),
  /** Critical pages notify even while notifications are paused. */
  criticalBreaksPause: z.boolean(),
  ackMinutes: z.number().int(),
});
export type PagesConfigView = z.infer<typeof PagesConfigViewSchema>;

export const PagesSliceSchema = z.object({
  /** Triggered and acknowledged pages, most urgent first. */
  open: z.array(PageSchema),
  /** The latest resolved pages, newest first. */
  recent: z.array(PageSchema),
  sources: z.array(SourceHealthSchema),
  webhook: z.object({
    /** Where it listens, e.g. http://127.0.0.1:9095/webhook; null while not listening. */
    url: z.string().nullable(),
    error: z.string().nullable(),
  }),
  config: PagesConfigViewSchema,
});
export type PagesSlice = z.infer<typeof PagesSliceSchema>;

export const DEFAULT_WEBHOOK_PORT = 9095;

export function emptyPagesSlice(): PagesSlice {
  return {
    open: [],
    recent: [],
    sources: [],
    webhook: { url: null, error: null },
    config: { sources: [], services: [], webhook: { enabled: true, port: DEFAULT_WEBHOOK_PORT }, rules: [], criticalBreaksPause: true, ackMinutes: 60 },
  };
}

/** Every severity, most urgent first. */
export const SEVERITIES: readonly Severity[] = Severity.options;

export const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, warning: 2, info: 3 };

/** Most urgent first: unacknowledged before acknowledged, then severity, then newest. */
export function comparePages(a: Page, b: Page): number {
  const byStatus = Number(a.status !== 'triggered') - Number(b.status !== 'triggered');
  if (byStatus !== 0) return byStatus;
  const bySeverity = SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
  if (bySeverity !== 0) return bySeverity;
  return b.receivedAt.localeCompare(a.receivedAt);
}

/** Maps the customary `severity` label values (and P1–P4) onto Baton's four levels; unknown = high, never lost. */
export function severityFrom(value: string | undefined): Severity {
  const v = (value ?? '').trim().toLowerCase();
  if (['critical', 'crit', 'page', 'p1', 'sev1', 'emergency', 'fatal'].includes(v)) return 'critical';
  if (['warning', 'warn', 'p3', 'sev3', 'medium'].includes(v)) return 'warning';
  if (['info', 'informational', 'low', 'none', 'p4', 'p5', 'sev4', 'ok'].includes(v)) return 'info';
  return 'high';
}

/** Parses `name="value"`, `name!="v"`, `name=~"re"`, `name!~"re"` (quotes optional). */
export function parseMatcher(text: string): Matcher | null {
  const m = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|([^"\s]*))\s*$/.exec(text);
  if (!m) return null;
  const value = m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : (m[4] ?? '');
  return { name: m[1], op: m[2] as Matcher['op'], value };
}

export function matches(labels: Record<string, string>, matcher: Matcher): boolean {
  const actual = labels[matcher.name] ?? '';
  switch (matcher.op) {
    case '=':
      return actual === matcher.value;
    case '!=':
      return actual !== matcher.value;
    case '=~':
    case '!~': {
      let re: RegExp;
      try {
        re = new RegExp(`^(?:${matcher.value})$`);
      } catch {
        return false;
      }
      return re.test(actual) === (matcher.op === '=~');
    }
  }
}

/** Whether a page notifies, by the first matching rule; pages no rule matches notify. */
export function shouldNotify(page: Pick<Page, 'sourceId' | 'severity' | 'labels'>, rules: NotificationRule[]): boolean {
  for (const rule of rules) {
    if (rule.sourceId && rule.sourceId !== page.sourceId) continue;
    if (rule.severities.length > 0 && !rule.severities.includes(page.severity)) continue;
    if (!rule.matchers.every((m) => matches(page.labels, m))) continue;
    return rule.action === 'notify';
  }
  return true;
}

/** The generic JSON page format the webhook accepts (documented in the README). */
export const GenericPageSchema = z.object({
  title: z.string().trim().min(1).max(2000),
  severity: z.string().max(50).optional(),
  source: z.string().trim().max(200).optional(),
  /** Same key = same page: a repeat updates nothing, `status: "resolved"` resolves it. */
  dedupKey: z.string().trim().min(1).max(500),
  status: z.enum(['firing', 'resolved']).default('firing'),
  link: z.string().max(8192).optional(),
  runbookUrl: z.string().max(8192).optional(),
  /** Shown as the page's annotations; how many and how long: PAGE_LIMITS (shared/page-limits.ts), checked by the receiver. */
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  /** How many and how long: PAGE_LIMITS, as for Alertmanager labels. */
  labels: z.record(z.string(), z.string()).optional(),
});
export type GenericPage = z.infer<typeof GenericPageSchema>;

/** What a request on a group of pages did: the pages done, and each one that was not with the reason. */
export const PageBatchResultSchema = z.object({
  done: z.array(z.string()),
  failed: z.array(z.object({ pageId: z.string(), reason: z.string() })),
  message: z.string(),
});
export type PageBatchResult = z.infer<typeof PageBatchResultSchema>;

export const PageHistoryEntrySchema = z.object({ seq: z.number(), ts: z.string(), type: z.string(), summary: z.string() });
export type PageHistoryEntry = z.infer<typeof PageHistoryEntrySchema>;

export const PagesConfigPatchSchema = z.strictObject({
  webhook: z.object({ enabled: z.boolean(), port: z.number().int().min(1024).max(65535) }).optional(),
  rules: z.array(NotificationRuleSchema).max(100).optional(),
  criticalBreaksPause: z.boolean().optional(),
  ackMinutes: z.number().int().min(1).max(7 * 24 * 60).optional(),
});
