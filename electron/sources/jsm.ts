import { z } from 'zod';
import { OPSGENIE_END, type ConnectionReport, type ServiceFields } from '../../shared/page-services';
import type { Page } from '../../shared/pages';
import { severityFrom } from '../../shared/pages';
import type { Shift } from '../../shared/schedule/types';
import { trimAlert } from '../../shared/page-limits';
import type { Clock } from '../clock';
import { UserError } from '../user-error';
import type { IncomingAlert } from '../pages/normalise';
import { callJson, SourceHttpError, type RateGate } from './http';
import { SERVICE_ABSENCE_MS, type PageSourceModule, type PollResult, type ServiceTarget } from './shape';

/**
 * Jira Service Management operations (Opsgenie's successor): `https://api.atlassian.com/jsm/ops/api/{cloudId}/v1`
 * with an Atlassian account's e-mail and API token (Basic); the site's cloudId comes from
 * `https://<site>.atlassian.net/_edge/tenant_info`. The 'legacy' variant is Opsgenie's REST API
 * (`/v2`, `Authorization: GenieKey …`), kept until Opsgenie stops it (OPSGENIE_END).
 * Alerts: open ones as pages (by the full alert id, never the tinyId); acknowledge, unacknowledge,
 * close and notes are asynchronous: each answers 202 with a `requestId`, whose status is asked
 * until it is processed. Who is on call: each schedule's timeline.
 */
const PAGE_SIZE = 100;
const MAX_PAGES = 20;
const LOOKUPS_PER_POLL = 20;
/** How often and how long an asynchronous request's status is asked before Baton stops waiting. */
const REQUEST_TRIES = 8;
const REQUEST_WAIT_MS = 250;

const AlertSchema = z.object({
  id: z.string().min(1).max(200),
  tinyId: z.string().max(40).nullish(),
  message: z.string().max(20_000),
  status: z.string().max(40),
  acknowledged: z.boolean().nullish(),
  snoozed: z.boolean().nullish(),
  createdAt: z.string().max(40),
  priority: z.string().max(10).nullish(),
  owner: z.string().max(320).nullish(),
  tags: z.array(z.string().max(500)).nullish(),
  source: z.string().max(500).nullish(),
  responders: z.array(z.object({ type: z.string().max(40), id: z.string().max(200).nullish(), name: z.string().max(200).nullish() })).nullish(),
  report: z.object({ acknowledgedBy: z.string().max(320).nullish(), closedBy: z.string().max(320).nullish() }).nullish(),
  description: z.string().max(20_000).nullish(),
});
type Alert = z.infer<typeof AlertSchema>;
/** JSM lists in `values`, Opsgenie in `data`; both page with a `next` link. */
const ListSchema = z.object({
  values: z.array(z.unknown()).optional(),
  data: z.array(z.unknown()).optional(),
  links: z.object({ next: z.string().max(8192).nullish() }).nullish(),
  paging: z.object({ next: z.string().max(8192).nullish() }).nullish(),
});
const Accepted = z.object({ requestId: z.string().min(1).max(200), result: z.string().max(500).nullish() });
const RequestStatus = z.object({ isSuccess: z.boolean().nullish(), success: z.boolean().nullish(), status: z.string().max(1000).nullish(), action: z.string().max(100).nullish() });
const Period = z.object({ startDate: z.string().max(40), endDate: z.string().max(40), type: z.string().max(40).nullish(), recipient: z.object({ type: z.string().max(40), name: z.string().max(320).nullish(), id: z.string().max(200).nullish() }).nullish() });
const Timeline = z.object({
  _parent: z.object({ id: z.string().max(200), name: z.string().max(500) }).nullish(),
  finalTimeline: z.object({ rotations: z.array(z.object({ periods: z.array(Period).nullish() })).nullish() }).nullish(),
});
const Schedule = z.object({ id: z.string().max(200), name: z.string().max(500) });

export function jsmPageId(sourceId: string, alertId: string): string {
  return `jsm:${alertId.length > 150 ? `${sourceId}:${alertId.slice(0, 150)}` : alertId}`;
}

/** Opsgenie answers `{data: …}`, JSM the object itself: the object either way. */
function unwrap(value: unknown): unknown {
  return value && typeof value === 'object' && 'data' in value && !Array.isArray(value) ? (value as { data: unknown }).data : value;
}

export function createJsmSource(target: () => ServiceTarget, deps: { clock: Clock; gate: RateGate; timeoutMs?: number }): PageSourceModule {
  const opsgenie = () => target().variant === 'legacy';
  const where = () => `${opsgenie() ? 'Opsgenie' : 'Jira Service Management'} “${target().name}”`;
  let cloudId: string | null = null;

  function headers(): Record<string, string> {
    const t = target();
    const h: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json' };
    h.authorization = opsgenie() ? `GenieKey ${t.token}` : `Basic ${Buffer.from(`${t.email}:${t.token}`).toString('base64')}`;
    return h;
  }
  function call<S extends z.ZodType>(method: 'GET' | 'POST', url: string, schema: S, body?: unknown) {
    return callJson({
      where: where(), method, url, headers: headers(), body, schema, key: target().id, gate: deps.gate, clock: deps.clock, timeoutMs: deps.timeoutMs,
      authHint: opsgenie() ? 'check the GenieKey (an API integration key with read and write access)' : 'check the e-mail and API token, and that the account is an operations user of the site',
    });
  }

  /** The API's root: Opsgenie's `/v2`, or JSM's `/jsm/ops/api/{cloudId}/v1` (cloudId learned once from the site). */
  async function root(): Promise<string> {
    const t = target();
    if (opsgenie()) return `${t.apiUrl.replace(/\/+$/, '')}/v2`;
    if (!cloudId) {
      const info = await callJson({
        where: `The Atlassian site ${t.siteUrl}`, method: 'GET', url: `${t.siteUrl.replace(/\/+$/, '')}/_edge/tenant_info`, headers: { accept: 'application/json' },
        schema: z.object({ cloudId: z.string().min(1).max(200) }), key: `${t.id}:site`, gate: deps.gate, clock: deps.clock, timeoutMs: deps.timeoutMs,
      });
      cloudId = info.cloudId;
    }
    return `${t.apiUrl.replace(/\/+$/, '')}/jsm/ops/api/${encodeURIComponent(cloudId)}/v1`;
  }

  async function list(first: string): Promise<unknown[]> {
    const items: unknown[] = [];
    const api = new URL(await root());
    let url: string | null = first;
    for (let n = 0; url && n < MAX_PAGES; n++) {
      const answer: z.infer<typeof ListSchema> = await call('GET', url, ListSchema);
      const page = answer.values ?? answer.data ?? [];
      items.push(...page);
      const next = answer.links?.next ?? answer.paging?.next ?? null;
      if (!next || page.length === 0) break;
      const nextUrl = new URL(next, api);
      if (nextUrl.origin !== api.origin) throw new SourceHttpError(`${where()} pointed its next page at another host (${nextUrl.host}); not followed`, 200);
      url = nextUrl.toString();
    }
    return items;
  }

  /** An asynchronous action: accepted with a requestId, then asked until processed (or Baton stops waiting). */
  async function act(page: Page, action: 'acknowledge' | 'unacknowledge' | 'close' | 'notes', body: unknown): Promise<void> {
    const base = await root();
    const id = alertId(page);
    const accepted = await call('POST', `${base}/alerts/${encodeURIComponent(id)}/${action}${opsgenie() ? '?identifierType=id' : ''}`, Accepted, body);
    for (let i = 0; i < REQUEST_TRIES; i++) {
      try {
        const raw = await call('GET', `${base}/alerts/requests/${encodeURIComponent(accepted.requestId)}`, z.unknown());
        const status = RequestStatus.safeParse(unwrap(raw));
        if (status.success && (status.data.isSuccess ?? status.data.success) === false) throw new UserError(`${where()} could not ${action === 'notes' ? 'add the note' : action} the alert: ${status.data.status ?? 'no reason given'}`);
        if (status.success) return;
      } catch (error) {
        // 404: the request is still queued (documented in prose); ask again shortly.
        if (!(error instanceof SourceHttpError && error.status === 404)) throw error;
      }
      await new Promise<void>((resolve) => deps.clock.setTimeout(resolve, REQUEST_WAIT_MS));
    }
  }

  function fromAlert(alert: Alert, onTrim?: (cut: string[]) => void): IncomingAlert {
    const labels: Record<string, string> = {};
    if (alert.priority) labels.priority = alert.priority;
    if (alert.source) labels.source = alert.source;
    for (const tag of alert.tags ?? []) {
      const [k, ...v] = tag.split(':');
      if (v.length) labels[k] = v.join(':');
    }
    const annotations: Record<string, string> = alert.description ? { description: alert.description } : {};
    const trimmed = trimAlert(labels, annotations);
    if (trimmed.cut.length) onTrim?.(trimmed.cut);
    const teams = (alert.responders ?? []).filter((r) => r.type === 'team').map((r) => r.name ?? r.id ?? '').filter(Boolean);
    const service: ServiceFields = {
      service: 'jsm',
      id: alert.id,
      ...(alert.tinyId ? { number: alert.tinyId } : {}),
      ...(alert.priority ? { priority: alert.priority } : {}),
      assignees: alert.owner ? [alert.owner] : [],
      ...(teams.length ? { escalationPolicy: teams.join(', ') } : {}),
    };
    const closed = alert.status === 'closed';
    return {
      pageId: jsmPageId(target().id, alert.id),
      kind: 'service',
      dedupKey: alert.id,
      title: alert.message.length > 2000 ? `${alert.message.slice(0, 1999)}…` : alert.message,
      severity: severityFrom(alert.priority ?? undefined),
      labels: trimmed.labels,
      annotations: trimmed.annotations,
      startsAt: alert.createdAt,
      firing: !closed,
      service,
      atSource: closed ? undefined : { state: alert.acknowledged || alert.snoozed ? 'acknowledged' : 'triggered', by: alert.report?.acknowledgedBy ?? undefined },
    };
  }

  async function schedules(): Promise<{ id: string; name: string }[]> {
    const ids = target().filters.scheduleIds;
    if (ids.length > 0) return ids.map((id) => ({ id, name: id }));
    return (await list(`${await root()}/schedules`)).flatMap((s) => {
      const parsed = Schedule.safeParse(s);
      return parsed.success ? [parsed.data] : [];
    });
  }

  return {
    kind: 'jsm',
    capabilities: ['ack', 'unack', 'resolve', 'note'],

    async poll(cursor): Promise<PollResult> {
      const askedAt = deps.clock.now();
      const q = new URLSearchParams({ query: 'status:open', offset: '0', limit: String(PAGE_SIZE), sort: 'createdAt', order: 'desc' });
      if (!opsgenie()) {
        q.delete('limit');
        q.set('size', String(PAGE_SIZE));
      }
      const raw = await list(`${await root()}/alerts?${q}`);
      let skipped = 0;
      const trimmed: string[] = [];
      const byId = new Map<string, IncomingAlert>();
      for (const item of raw) {
        const parsed = AlertSchema.safeParse(item);
        if (!parsed.success) {
          skipped++;
          continue;
        }
        byId.set(parsed.data.id, fromAlert(parsed.data, (cut) => trimmed.push(`${parsed.data.tinyId ?? parsed.data.id}: ${cut.join(', ')}`)));
      }
      const alerts = [...byId.values()];
      const before = Array.isArray(cursor) ? (cursor as string[]) : [];
      for (const id of before.filter((id) => !byId.has(id)).slice(0, LOOKUPS_PER_POLL)) {
        try {
          const raw = await call('GET', `${await root()}/alerts/${encodeURIComponent(id)}${opsgenie() ? '?identifierType=id' : ''}`, z.unknown());
          const alert = AlertSchema.safeParse(unwrap(raw));
          if (!alert.success) continue;
          const incoming = fromAlert(alert.data);
          alerts.push(incoming);
          if (incoming.firing) byId.set(alert.data.id, incoming);
        } catch (error) {
          if (!(error instanceof SourceHttpError && error.status === 404)) throw error;
        }
      }
      return { alerts, startedAt: null, resolveTimeoutMs: SERVICE_ABSENCE_MS, cursor: [...byId.keys()], skipped, trimmed, askedAt };
    },

    async ack(page, { comment }) {
      await act(page, 'acknowledge', { source: 'Baton', ...(comment.trim() ? { note: comment.trim().slice(0, 25_000) } : {}) });
      return { message: `Acknowledged in ${where()}.` };
    },
    async unack(page) {
      await act(page, 'unacknowledge', { source: 'Baton' });
    },
    async resolve(page) {
      await act(page, 'close', { source: 'Baton' });
    },
    async note(page, { text }) {
      await act(page, 'notes', { source: 'Baton', note: text.slice(0, 25_000) });
    },

    async oncall({ from, to }): Promise<Shift[]> {
      const { id: sourceId } = target();
      const days = Math.max(1, Math.ceil((to - from) / 86_400_000));
      const shifts: Shift[] = [];
      for (const schedule of (await schedules()).slice(0, 20)) {
        const q = new URLSearchParams({ interval: String(days), intervalUnit: 'days', date: new Date(from).toISOString() });
        const timeline = Timeline.safeParse(unwrap(await call('GET', `${await root()}/schedules/${encodeURIComponent(schedule.id)}/timeline?${q}${opsgenie() ? '&identifierType=id' : ''}`, z.unknown())));
        if (!timeline.success) continue;
        const name = timeline.data._parent?.name ?? schedule.name;
        for (const rotation of timeline.data.finalTimeline?.rotations ?? []) {
          for (const period of rotation.periods ?? []) {
            const start = Date.parse(period.startDate);
            const end = Date.parse(period.endDate);
            const person = period.recipient?.name;
            if (!person || !Number.isFinite(start) || !Number.isFinite(end) || end <= start) continue;
            shifts.push({
              sourceId,
              scheduleId: `${sourceId}/${schedule.id}`,
              scheduleName: name.slice(0, 200),
              person: person.slice(0, 200),
              ...(person.includes('@') ? { email: person } : {}),
              start,
              end,
              allDay: false,
              layer: period.type === 'override' ? 1 : 0,
              uid: `${schedule.id}/${person}/${start}`,
            });
          }
        }
      }
      return shifts;
    },

    async test(): Promise<ConnectionReport> {
      cloudId = null;
      const open = (await this.poll(undefined)).alerts.length;
      const list = await schedules();
      const warnings = opsgenie() ? [`Opsgenie's REST API stops on ${OPSGENIE_END}: move this source to Jira Service Management before then.`] : [];
      return { user: opsgenie() ? null : target().email, sees: [`${open} open alert(s)`, `${list.length} schedule(s)`], warnings };
    },
  };
}

function alertId(page: Page): string {
  if (page.service?.service !== 'jsm') throw new UserError('This page is not a Jira Service Management alert.');
  return page.service.id;
}
