import { z } from 'zod';
import type { ConnectionReport, ServiceFields } from '../../shared/page-services';
import type { Page } from '../../shared/pages';
import { severityFrom } from '../../shared/pages';
import type { Shift } from '../../shared/schedule/types';
import type { Clock } from '../clock';
import { UserError } from '../user-error';
import { httpUrl, type IncomingAlert } from '../pages/normalise';
import { trimAlert } from '../../shared/page-limits';
import { callJson, SourceHttpError, type RateGate } from './http';
import { SERVICE_ABSENCE_MS, type AckOutcome, type PageSourceModule, type PollResult, type ServiceTarget } from './shape';

/**
 * PagerDuty REST API v2 (https://developer.pagerduty.com/api-reference): open incidents as pages,
 * acknowledge / resolve with `PUT /incidents` and `From:`, snooze, notes, `/oncalls` as shifts,
 * `/users/me` for who "me" is. Pagination is classic offset/limit/more; the key's rate limit (960
 * requests a minute per key) is read from the `ratelimit-*` headers by the shared gate.
 */
/** `email` is `From:` on writes (learned from /users/me when empty). */
export type PagerDutyTarget = ServiceTarget;

const PAGE_SIZE = 100;
/** PagerDuty refuses offset + limit beyond 10,000 in classic pagination. */
const MAX_OFFSET = 10_000;
/** Incidents that left the list, looked up one by one per poll to see whether they were resolved. */
const LOOKUPS_PER_POLL = 20;
const ACCEPT = 'application/vnd.pagerduty+json;version=2';

const Ref = z.object({ id: z.string().max(100), summary: z.string().max(500).nullish(), html_url: z.string().max(8192).nullish() });
const IncidentSchema = z.object({
  id: z.string().min(1).max(100),
  incident_number: z.number().int().nullish(),
  title: z.string().max(10_000).nullish(),
  summary: z.string().max(10_000).nullish(),
  description: z.string().max(10_000).nullish(),
  status: z.enum(['triggered', 'acknowledged', 'resolved']),
  urgency: z.string().max(40).nullish(),
  created_at: z.string().max(40),
  html_url: z.string().max(8192).nullish(),
  service: Ref.nullish(),
  escalation_policy: Ref.nullish(),
  priority: Ref.nullish(),
  teams: z.array(Ref).nullish(),
  assignments: z.array(z.object({ assignee: Ref })).nullish(),
  acknowledgements: z.array(z.object({ at: z.string().max(40).nullish(), acknowledger: Ref })).nullish(),
  incident_key: z.string().max(1000).nullish(),
});
type Incident = z.infer<typeof IncidentSchema>;
const Paged = z.object({ more: z.boolean().nullish(), offset: z.number().nullish(), limit: z.number().nullish(), total: z.number().nullish() });
const IncidentList = Paged.extend({ incidents: z.array(z.unknown()) });
const OncallUser = Ref.extend({ name: z.string().max(500).nullish(), email: z.string().max(320).nullish() });
const OncallSchema = z.object({
  user: OncallUser.nullish(),
  schedule: Ref.nullish(),
  escalation_policy: Ref.nullish(),
  escalation_level: z.number().int().nullish(),
  start: z.string().max(40).nullish(),
  end: z.string().max(40).nullish(),
});
const OncallList = Paged.extend({ oncalls: z.array(OncallSchema) });
const MeSchema = z.object({ user: z.object({ id: z.string(), name: z.string().max(500).nullish(), email: z.string().max(320).nullish() }) });

export function pagerDutyPageId(incidentId: string): string {
  return `pd:${incidentId}`;
}

export function createPagerDutySource(target: () => PagerDutyTarget, deps: { clock: Clock; gate: RateGate; timeoutMs?: number }): PageSourceModule {
  /** Who the token is: learned once from /users/me; null for an account-wide token. */
  let me: { id: string; name: string; email: string } | null | undefined;

  const where = () => `PagerDuty “${target().name}”`;
  function call<S extends z.ZodType>(method: 'GET' | 'POST' | 'PUT', path: string, schema: S, o: { query?: URLSearchParams; body?: unknown; from?: string } = {}) {
    const t = target();
    const url = `${t.apiUrl.replace(/\/+$/, '')}${path}${o.query && [...o.query].length ? `?${o.query}` : ''}`;
    const headers: Record<string, string> = { authorization: `Token token=${t.token}`, accept: ACCEPT, 'content-type': 'application/json' };
    if (o.from) headers.from = o.from;
    return callJson({
      where: where(), method, url, headers, body: o.body, schema, key: t.id, gate: deps.gate, clock: deps.clock, timeoutMs: deps.timeoutMs,
      authHint: 'check the API key (a REST API key of the account or a user; a read-only key cannot acknowledge)',
    });
  }

  async function whoAmI() {
    if (me !== undefined) return me;
    try {
      const { user } = await call('GET', '/users/me', MeSchema);
      me = { id: user.id, name: user.name ?? user.id, email: user.email ?? '' };
    } catch (error) {
      // An account-wide key has no user: PagerDuty answers 400 (documented: "will not work … with an account-level access token").
      if (error instanceof SourceHttpError && (error.status === 400 || error.status === 403 || error.status === 404)) me = null;
      else throw error;
    }
    return me;
  }

  async function fromHeader(): Promise<string> {
    const given = target().email.trim();
    if (given) return given;
    const user = await whoAmI();
    if (user?.email) return user.email;
    throw new UserError(`${where()}: an account-wide key needs the e-mail of a PagerDuty user to act (PagerDuty's From header); set it in the source.`);
  }

  async function incidentQuery(): Promise<URLSearchParams> {
    const { filters } = target();
    const q = new URLSearchParams({ date_range: 'all', limit: String(PAGE_SIZE) });
    q.append('statuses[]', 'triggered');
    q.append('statuses[]', 'acknowledged');
    if (filters.assignedToMe) {
      const user = await whoAmI();
      if (!user) throw new UserError(`${where()}: "assigned to me" needs a user's API key; this key belongs to the account.`);
      q.append('user_ids[]', user.id);
    }
    for (const id of filters.teamIds) q.append('team_ids[]', id);
    for (const id of filters.serviceIds) q.append('service_ids[]', id);
    for (const u of filters.urgencies) q.append('urgencies[]', u);
    return q;
  }

  /** Every page of a list: offset/limit while `more`, up to PagerDuty's 10,000. */
  async function all<T>(path: string, query: URLSearchParams, pick: (answer: unknown) => { items: T[]; more: boolean }): Promise<T[]> {
    const items: T[] = [];
    for (let offset = 0; offset < MAX_OFFSET; offset += PAGE_SIZE) {
      const q = new URLSearchParams(query);
      q.set('offset', String(offset));
      q.set('limit', String(PAGE_SIZE));
      const page = pick(await call('GET', path, z.unknown(), { query: q }));
      items.push(...page.items);
      if (!page.more || page.items.length === 0) break;
    }
    return items;
  }

  async function changeStatus(page: Page, status: 'acknowledged' | 'resolved'): Promise<Incident> {
    const id = incidentId(page);
    const answer = await call('PUT', '/incidents', z.object({ incidents: z.array(IncidentSchema) }), {
      from: await fromHeader(),
      body: { incidents: [{ id, type: 'incident_reference', status }] },
    });
    const incident = answer.incidents.find((i) => i.id === id);
    if (!incident) throw new SourceHttpError(`${where()} did not return incident ${id} in its answer`, 200);
    return incident;
  }

  return {
    kind: 'pagerduty',
    capabilities: ['ack', 'resolve', 'snooze', 'note'],

    async poll(cursor): Promise<PollResult> {
      const askedAt = deps.clock.now();
      let skipped = 0;
      const raw = await all('/incidents', await incidentQuery(), (answer) => {
        const parsed = IncidentList.safeParse(answer);
        if (!parsed.success) throw new SourceHttpError(`${where()} answered /incidents in an unexpected shape`, 200);
        return { items: parsed.data.incidents, more: parsed.data.more ?? false };
      });
      const trimmed: string[] = [];
      const alerts: IncomingAlert[] = [];
      for (const item of raw) {
        const parsed = IncidentSchema.safeParse(item);
        if (!parsed.success) {
          skipped++;
          continue;
        }
        alerts.push(fromIncident(parsed.data, (cut) => trimmed.push(`#${parsed.data.incident_number ?? parsed.data.id}: ${cut.join(', ')}`)));
      }
      // Incidents the last poll listed and this one does not: ask each whether it was resolved.
      const listed = new Set(alerts.map((a) => a.service!.id));
      const before = Array.isArray(cursor) ? (cursor as string[]) : [];
      const gone = before.filter((id) => !listed.has(id)).slice(0, LOOKUPS_PER_POLL);
      for (const id of gone) {
        try {
          const { incident } = await call('GET', `/incidents/${encodeURIComponent(id)}`, z.object({ incident: IncidentSchema }));
          // Resolved there: resolved here at once. Still open (only filtered out): kept, and asked about again.
          if (incident.status === 'resolved') alerts.push({ ...fromIncident(incident), firing: false, atSource: undefined });
          else {
            alerts.push(fromIncident(incident));
            listed.add(incident.id);
          }
        } catch (error) {
          if (!(error instanceof SourceHttpError && error.status === 404)) throw error;
        }
      }
      return { alerts, startedAt: null, resolveTimeoutMs: SERVICE_ABSENCE_MS, cursor: [...listed], skipped, trimmed, askedAt };
    },

    async ack(page): Promise<AckOutcome> {
      const incident = await changeStatus(page, 'acknowledged');
      if (incident.status === 'resolved') throw new UserError(`${where()}: incident #${incident.incident_number ?? incident.id} is already resolved there.`);
      return { message: `Acknowledged in ${where()} (incident #${incident.incident_number ?? incident.id}); PagerDuty holds it until its acknowledgement timeout.` };
    },

    async resolve(page) {
      await changeStatus(page, 'resolved');
    },

    async snooze(page, { minutes }) {
      const id = incidentId(page);
      const from = await fromHeader();
      // PagerDuty snoozes acknowledged incidents only (documented in prose in its API reference).
      if (page.status === 'triggered') await changeStatus(page, 'acknowledged');
      await call('POST', `/incidents/${encodeURIComponent(id)}/snooze`, z.object({ incident: IncidentSchema }), { from, body: { duration: minutes * 60 } });
      return { until: new Date(deps.clock.now() + minutes * 60_000).toISOString() };
    },

    async note(page, { text }) {
      const id = incidentId(page);
      await call('POST', `/incidents/${encodeURIComponent(id)}/notes`, z.object({ note: z.object({ id: z.string() }) }), {
        from: await fromHeader(),
        body: { note: { content: text.slice(0, 25_000) } },
      });
    },

    async oncall({ from, to }): Promise<Shift[]> {
      const { filters, id: sourceId } = target();
      const q = new URLSearchParams({ since: new Date(from).toISOString(), until: new Date(to).toISOString() });
      if (filters.scheduleIds.length > 0) for (const id of filters.scheduleIds) q.append('schedule_ids[]', id);
      else {
        const user = await whoAmI();
        if (!user) return [];
        q.append('user_ids[]', user.id);
      }
      const entries = await all('/oncalls', q, (answer) => {
        const parsed = OncallList.safeParse(answer);
        if (!parsed.success) throw new SourceHttpError(`${where()} answered /oncalls in an unexpected shape`, 200);
        return { items: parsed.data.oncalls, more: parsed.data.more ?? false };
      });
      const shifts = new Map<string, Shift>();
      for (const entry of entries) {
        // Permanent on-call (a user directly on an escalation policy) has no start or end: no shift to show.
        if (!entry.user || !entry.schedule || !entry.start || !entry.end) continue;
        const start = Date.parse(entry.start);
        const end = Date.parse(entry.end);
        if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) continue;
        const uid = `${entry.schedule.id}/${entry.user.id}/${start}`;
        shifts.set(uid, {
          sourceId,
          scheduleId: `${sourceId}/${entry.schedule.id}`,
          scheduleName: (entry.schedule.summary ?? entry.schedule.id).slice(0, 200),
          person: (entry.user.name ?? entry.user.summary ?? entry.user.id).slice(0, 200),
          ...(entry.user.email ? { email: entry.user.email } : {}),
          start,
          end,
          allDay: false,
          layer: 0,
          uid,
        });
      }
      return [...shifts.values()].sort((a, b) => a.start - b.start);
    },

    async test(): Promise<ConnectionReport> {
      me = undefined;
      const user = await whoAmI();
      const sees: string[] = [];
      const warnings: string[] = [];
      const q = await incidentQuery();
      q.set('limit', '1');
      q.set('total', 'true');
      const listed = await call('GET', '/incidents', IncidentList, { query: q });
      sees.push(`${listed.total ?? listed.incidents.length} open incident(s) match this source's filters`);
      const now = deps.clock.now();
      const shifts = await this.oncall!({ from: now, to: now + 7 * 86_400_000 });
      sees.push(`${shifts.length} on-call shift(s) in the next 7 days${target().filters.scheduleIds.length ? ' in the chosen schedules' : user ? ' for this user' : ''}`);
      if (!user && !target().email.trim()) warnings.push('This is an account-wide key: give the e-mail of a PagerDuty user to acknowledge, resolve, snooze and add notes (PagerDuty requires a From header).');
      if (!user && target().filters.scheduleIds.length === 0) warnings.push('An account-wide key has no "me": choose schedules to see on-call shifts.');
      return { user: user ? `${user.name}${user.email ? ` <${user.email}>` : ''}` : null, sees, warnings };
    },
  };
}

function incidentId(page: Page): string {
  if (page.service?.service !== 'pagerduty') throw new UserError('This page is not a PagerDuty incident.');
  return page.service.id;
}

/** An incident as a page: its id is the dedup key, its link goes back to PagerDuty. */
export function fromIncident(incident: Incident, onTrim?: (cut: string[]) => void): IncomingAlert {
  const labels: Record<string, string> = {};
  if (incident.service?.summary) labels.service = incident.service.summary;
  if (incident.urgency) labels.urgency = incident.urgency;
  if (incident.priority?.summary) labels.priority = incident.priority.summary;
  const teams = (incident.teams ?? []).map((t) => t.summary ?? t.id);
  if (teams.length) labels.team = teams.join(',');
  const annotations: Record<string, string> = {};
  if (incident.description && incident.description !== incident.title) annotations.description = incident.description;
  const trimmedAlert = trimAlert(labels, annotations);
  if (trimmedAlert.cut.length > 0) onTrim?.(trimmedAlert.cut);
  const acker = incident.acknowledgements?.at(-1)?.acknowledger;
  const service: ServiceFields = {
    service: 'pagerduty',
    id: incident.id,
    ...(incident.incident_number != null ? { number: String(incident.incident_number) } : {}),
    ...(incident.urgency ? { urgency: incident.urgency } : {}),
    assignees: (incident.assignments ?? []).map((a) => (a.assignee.summary ?? a.assignee.id).slice(0, 200)).slice(0, 50),
    ...(incident.escalation_policy?.summary ? { escalationPolicy: incident.escalation_policy.summary.slice(0, 200) } : {}),
    ...(incident.service?.summary ? { serviceName: incident.service.summary.slice(0, 200) } : {}),
    ...(incident.priority?.summary ? { priority: incident.priority.summary.slice(0, 100) } : {}),
  };
  const title = incident.title ?? incident.summary ?? `Incident ${incident.id}`;
  return {
    pageId: pagerDutyPageId(incident.id),
    kind: 'service',
    dedupKey: incident.id,
    title: title.length > 2000 ? `${title.slice(0, 1999)}…` : title,
    severity: incident.priority?.summary ? severityFrom(incident.priority.summary) : incident.urgency === 'low' ? 'warning' : 'critical',
    labels: trimmedAlert.labels,
    annotations: trimmedAlert.annotations,
    generatorUrl: httpUrl(incident.html_url ?? undefined),
    startsAt: incident.created_at,
    firing: incident.status !== 'resolved',
    service,
    atSource: incident.status === 'resolved' ? undefined : { state: incident.status, by: acker?.summary ?? undefined },
  };
}
