import { z } from 'zod';

/**
 * Paging services as sources of pages (PagerDuty, …): what kinds exist, what each can do, the
 * service's own fields a page carries, and a service source as the renderer sees it (never its token).
 */
export const ServiceKindSchema = z.enum(['pagerduty', 'grafana-irm', 'jsm', 'incidentio']);
export type ServiceKind = z.infer<typeof ServiceKindSchema>;

/** What a source can do to a page at the service; the window shows only these buttons. */
export const CapabilitySchema = z.enum(['ack', 'unack', 'resolve', 'snooze', 'note']);
export type Capability = z.infer<typeof CapabilitySchema>;

/** Every kind of page source, with what it can do. Alertmanager's "ack" is a silence; the webhook has no source to act on. */
export const SOURCE_CAPABILITIES = {
  alertmanager: ['ack', 'unack', 'resolve'],
  webhook: ['ack', 'unack', 'resolve'],
  pagerduty: ['ack', 'resolve', 'snooze', 'note'],
  'grafana-irm': ['ack', 'unack', 'resolve', 'snooze', 'note'],
  jsm: ['ack', 'unack', 'resolve', 'note'],
  /** incident.io's public API has no acknowledge: the page links to the escalation there instead. */
  incidentio: [],
} as const satisfies Record<string, readonly Capability[]>;
export type SourceKind = keyof typeof SOURCE_CAPABILITIES;

export const SERVICE_LABELS: Record<ServiceKind, string> = { pagerduty: 'PagerDuty', 'grafana-irm': 'Grafana IRM', jsm: 'Jira Service Management', incidentio: 'incident.io' };

/** Opsgenie's REST API (JSM's 'legacy' variant) stops on this day; the UI says so until then. */
export const OPSGENIE_END = '2027-04-05';

/** The service's own fields of a page, shown as text in its detail. */
export const ServiceFieldsSchema = z.object({
  service: ServiceKindSchema,
  /** The service's id of the incident (also the page's dedup key). */
  id: z.string().max(200),
  /** e.g. PagerDuty's incident number. */
  number: z.string().max(40).optional(),
  urgency: z.string().max(40).optional(),
  assignees: z.array(z.string().max(200)).max(50).default([]),
  escalationPolicy: z.string().max(200).optional(),
  /** The service (PagerDuty "service") the incident is on. */
  serviceName: z.string().max(200).optional(),
  priority: z.string().max(100).optional(),
});
export type ServiceFields = z.infer<typeof ServiceFieldsSchema>;

/** Which incidents a PagerDuty source takes. */
export const PagerDutyFiltersSchema = z.object({
  /** Only incidents assigned to the token's user ("me", learned from /users/me). */
  assignedToMe: z.boolean().default(false),
  teamIds: z.array(z.string().trim().min(1).max(40)).max(50).default([]),
  serviceIds: z.array(z.string().trim().min(1).max(40)).max(50).default([]),
  urgencies: z.array(z.enum(['high', 'low'])).max(2).default([]),
  /** Schedules whose on-call shifts feed the Shift view; empty = the token user's own shifts. */
  scheduleIds: z.array(z.string().trim().min(1).max(40)).max(50).default([]),
});
export type PagerDutyFilters = z.infer<typeof PagerDutyFiltersSchema>;

export const ServiceSourceInputSchema = z.object({
  /** Absent to add a new source. */
  id: z.string().max(200).optional(),
  kind: ServiceKindSchema,
  name: z.string().trim().min(1).max(100),
  /** The API's base URL (PagerDuty: https://api.pagerduty.com; the EU service region uses https://api.eu.pagerduty.com). */
  apiUrl: z.string().trim().max(2000),
  /** The API key; empty keeps the stored one. Sealed in main, never sent back. */
  token: z.string().max(8192).default(''),
  /** The e-mail of a user of the account: PagerDuty's `From:` on writes (learned from /users/me when empty). */
  email: z.string().trim().max(320).default(''),
  filters: PagerDutyFiltersSchema.prefault({}),
  /** Grafana IRM: the stack's URL, sent as X-Grafana-URL (e.g. https://acme.grafana.net); JSM: the site (https://acme.atlassian.net). */
  siteUrl: z.string().trim().max(2000).default(''),
  /**
   * How the key is used: Grafana IRM 'default' = a service-account token, 'legacy' = a user's OnCall
   * API key; JSM 'default' = the JSM operations API (Atlassian e-mail + API token), 'legacy' =
   * Opsgenie's REST API (a GenieKey), kept until OPSGENIE_END.
   */
  variant: z.enum(['default', 'legacy']).default('default'),
  intervalSeconds: z.number().int().min(10).max(3600).default(30),
  enabled: z.boolean().default(true),
});
export type ServiceSourceInput = z.infer<typeof ServiceSourceInputSchema>;

export const ServiceSourceViewSchema = ServiceSourceInputSchema.omit({ token: true }).extend({ id: z.string(), hasToken: z.boolean() });
export type ServiceSourceView = z.infer<typeof ServiceSourceViewSchema>;

/** What "Test connection" found: who the token is, and what it can see. */
export const ConnectionReportSchema = z.object({
  /** "Jane Doe <jane@example.com>" for a user token; null for an account-wide token. */
  user: z.string().nullable(),
  /** Plain sentences: "12 open incidents visible", "3 on-call entries in the next 7 days", … */
  sees: z.array(z.string()),
  /** What could not be checked or will not work (e.g. writes need a From e-mail). */
  warnings: z.array(z.string()),
});
export type ConnectionReport = z.infer<typeof ConnectionReportSchema>;

export const DEFAULT_API_URL: Record<ServiceKind, string> = { pagerduty: 'https://api.pagerduty.com', 'grafana-irm': '', jsm: 'https://api.atlassian.com', incidentio: 'https://api.incident.io' };

/** What can be done to this page at its source (the window shows only these buttons). */
export function pageCapabilities(page: { kind: 'alertmanager' | 'generic' | 'service'; service?: { service: ServiceKind } }): readonly Capability[] {
  if (page.kind === 'service' && page.service) return SOURCE_CAPABILITIES[page.service.service];
  return page.kind === 'alertmanager' ? SOURCE_CAPABILITIES.alertmanager : SOURCE_CAPABILITIES.webhook;
}
