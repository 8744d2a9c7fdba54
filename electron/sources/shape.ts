import type { Capability, ConnectionReport, PagerDutyFilters, SourceKind } from '../../shared/page-services';
import type { Page } from '../../shared/pages';
import type { Shift } from '../../shared/schedule/types';
import type { IncomingAlert } from '../pages/normalise';
import type { SilenceMatcher } from '../pages/alertmanager';

/**
 * The one shape of a source of pages: each service (Alertmanager, PagerDuty, …) is one module that
 * implements it. The pages feature polls it, takes what it lists through intake (dedup by the
 * service's own id, absence, storms, the outbox), and calls its actions for the user's buttons;
 * the shifts feature takes its on-call entries as shifts. Optional members are the capabilities:
 * a module without `snooze` has no Snooze button.
 */
export interface PageSourceModule {
  readonly kind: SourceKind;
  readonly capabilities: readonly Capability[];
  /**
   * One look at what is open. `cursor` is what the previous poll returned (the service's own
   * incremental cursor where it has one), undefined at the first.
   */
  poll(cursor: unknown): Promise<PollResult>;
  /** Acknowledge at the source; `minutes` is Baton's ack length (a service may hold its ack until it times out). */
  ack?(page: Page, request: ActionRequest & { minutes: number; comment: string }): Promise<AckOutcome>;
  unack?(page: Page, request: ActionRequest): Promise<void>;
  resolve?(page: Page, request: ActionRequest): Promise<void>;
  /** Acknowledged for `minutes`, then the service triggers it again. */
  snooze?(page: Page, request: ActionRequest & { minutes: number }): Promise<{ until: string }>;
  /** Adds a note to the incident at the service. */
  note?(page: Page, request: ActionRequest & { text: string }): Promise<void>;
  /** Who is on call in [from, to): shifts for the Shift view, without an ICS link. */
  oncall?(window: { from: number; to: number }): Promise<Shift[]>;
  /** "Test connection": who the token belongs to and what it can see. */
  test(): Promise<ConnectionReport>;
}

export interface ActionRequest {
  /** Baton's user (for comments); the service may know better who the token is. */
  by: string;
}

export interface AckOutcome {
  /** The silence that holds the ack at the source, when there is one (Alertmanager), to be journaled with it. */
  silence?: { silenceId: string; matchers: SilenceMatcher[]; startsAt: string; endsAt: string; createdBy: string; comment: string };
  /** When the ack runs out; absent when the service holds it (PagerDuty's own ack timeout). */
  until?: string;
  /** What the user is told. */
  message: string;
}

export interface PollResult {
  alerts: IncomingAlert[];
  /** When the source started (Alertmanager's uptime); a change means it restarted and absence says nothing yet. */
  startedAt: string | null;
  /** How long an alert may be missing before it counts as resolved; null = Baton's default. */
  resolveTimeoutMs: number | null;
  /** When the poll asked (a state older than an action taken since says nothing about it). */
  askedAt?: number;
  /** What to pass to the next poll. */
  cursor?: unknown;
  /** Alerts in an unexpected shape, skipped (logged). */
  skipped: number;
  /** Per alert: what the source had to trim (told once per change). */
  trimmed: string[];
  /** The source's own bookkeeping after intake (Alertmanager re-creates silences it lost). */
  afterIntake?: () => Promise<void>;
}

/** A paging service's source as its module sees it: settings with the key unsealed (never logged). */
export interface ServiceTarget {
  id: string;
  name: string;
  apiUrl: string;
  token: string;
  email: string;
  siteUrl: string;
  variant: 'default' | 'legacy';
  filters: PagerDutyFilters;
}

/**
 * A paging service's incident that leaves its list is asked about by id (resolved there, or only
 * filtered out?); one Baton could not ask about (more than a poll's lookups) resolves by absence only
 * after this long and two polls, so a short list never resolves anything.
 */
export const SERVICE_ABSENCE_MS = 10 * 60_000;
