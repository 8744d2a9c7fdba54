import { z } from 'zod';
import type { ConnectionReport, ServiceFields } from '../../shared/page-services';
import { severityFrom } from '../../shared/pages';
import type { Shift } from '../../shared/schedule/types';
import type { Clock } from '../clock';
import { httpUrl, type IncomingAlert } from '../pages/normalise';
import { callJson, SourceHttpError, type RateGate } from './http';
import { SERVICE_ABSENCE_MS, type PageSourceModule, type PollResult, type ServiceTarget } from './shape';

/**
 * incident.io (https://api-docs.incident.io): escalations (`GET /v2/escalations`, by status) as
 * pages and schedule entries (`GET /v2/schedule_entries`, the `final` ones) as shifts, with a
 * Bearer key (1,200 requests a minute). Its public API has no acknowledge: a page links to the
 * escalation in incident.io, where it is acknowledged, and the next poll sees it acknowledged.
 * Lists page with `pagination_meta.after`, passed back as `after`.
 */
const PAGE_SIZE = 100;
const MAX_PAGES = 20;
const LOOKUPS_PER_POLL = 20;
const OPEN = ['triggered', 'acked'] as const;

const EscalationSchema = z.object({
  id: z.string().min(1).max(100),
  title: z.string().max(10_000),
  status: z.string().max(40),
  created_at: z.string().max(40),
  priority: z.object({ name: z.string().max(100) }).nullish(),
  escalation_path: z.object({ id: z.string().max(100), name: z.string().max(500).nullish() }).nullish(),
});
type Escalation = z.infer<typeof EscalationSchema>;
const Meta = z.object({ after: z.string().max(500).nullish() }).nullish();
const EscalationList = z.object({ escalations: z.array(z.unknown()), pagination_meta: Meta });
const Entry = z.object({ start_at: z.string().max(40), end_at: z.string().max(40), user: z.object({ id: z.string().max(100), name: z.string().max(200).nullish(), email: z.string().max(320).nullish() }).nullish(), entry_id: z.string().max(200).nullish() });
const Entries = z.object({ schedule_entries: z.object({ final: z.array(Entry).nullish() }), pagination_meta: Meta });
const Schedules = z.object({ schedules: z.array(z.object({ id: z.string().max(100), name: z.string().max(500) })), pagination_meta: Meta });
const Identity = z.object({ identity: z.object({ name: z.string().max(500), roles: z.array(z.string().max(100)).nullish(), dashboard_url: z.string().max(2000).nullish() }) });

export function incidentIoPageId(id: string): string {
  return `iio:${id}`;
}

export function createIncidentIoSource(target: () => ServiceTarget, deps: { clock: Clock; gate: RateGate; timeoutMs?: number }): PageSourceModule {
  const where = () => `incident.io “${target().name}”`;
  const base = () => target().apiUrl.replace(/\/+$/, '');
  /** The organisation's dashboard (from /v1/identity), for links to escalations. */
  let dashboard: string | null | undefined;

  function call<S extends z.ZodType>(path: string, schema: S) {
    const t = target();
    return callJson({
      where: where(), method: 'GET', url: `${base()}${path}`, headers: { accept: 'application/json', authorization: `Bearer ${t.token}` }, schema, key: t.id, gate: deps.gate, clock: deps.clock, timeoutMs: deps.timeoutMs,
      authHint: 'check the API key and that it may view on-call (escalations and schedules)',
    });
  }
  async function identity() {
    const { identity: me } = await call('/v1/identity', Identity);
    dashboard = me.dashboard_url && httpUrl(me.dashboard_url) ? me.dashboard_url.replace(/\/+$/, '') : null;
    return me;
  }
  async function pages<T>(path: string, query: URLSearchParams, pick: (answer: unknown) => { items: T[]; after: string | null }): Promise<T[]> {
    const items: T[] = [];
    let after: string | null = null;
    for (let n = 0; n < MAX_PAGES; n++) {
      const q = new URLSearchParams(query);
      q.set('page_size', String(PAGE_SIZE));
      if (after) q.set('after', after);
      const page = pick(await call(`${path}?${q}`, z.unknown()));
      items.push(...page.items);
      if (!page.after || page.items.length === 0) break;
      after = page.after;
    }
    return items;
  }

  function fromEscalation(e: Escalation): IncomingAlert {
    const labels: Record<string, string> = {};
    if (e.priority?.name) labels.priority = e.priority.name;
    const service: ServiceFields = {
      service: 'incidentio',
      id: e.id,
      ...(e.priority?.name ? { priority: e.priority.name } : {}),
      assignees: [],
      ...(e.escalation_path?.name ? { escalationPolicy: e.escalation_path.name } : {}),
    };
    const resolved = !OPEN.includes(e.status as (typeof OPEN)[number]);
    return {
      pageId: incidentIoPageId(e.id),
      kind: 'service',
      dedupKey: e.id,
      title: e.title.length > 2000 ? `${e.title.slice(0, 1999)}…` : e.title,
      severity: severityFrom(e.priority?.name),
      labels,
      annotations: {},
      generatorUrl: dashboard ? httpUrl(`${dashboard}/on-call/escalations/${encodeURIComponent(e.id)}`) : undefined,
      startsAt: e.created_at,
      firing: !resolved,
      service,
      atSource: resolved ? undefined : { state: e.status === 'acked' ? 'acknowledged' : 'triggered' },
    };
  }

  return {
    kind: 'incidentio',
    capabilities: [],

    async poll(cursor): Promise<PollResult> {
      const askedAt = deps.clock.now();
      if (dashboard === undefined) await identity();
      const q = new URLSearchParams();
      for (const status of OPEN) q.append('status[one_of]', status);
      const raw = await pages('/v2/escalations', q, (answer) => {
        const parsed = EscalationList.safeParse(answer);
        if (!parsed.success) throw new SourceHttpError(`${where()} answered /v2/escalations in an unexpected shape`, 200);
        return { items: parsed.data.escalations, after: parsed.data.pagination_meta?.after ?? null };
      });
      let skipped = 0;
      const byId = new Map<string, IncomingAlert>();
      for (const item of raw) {
        const parsed = EscalationSchema.safeParse(item);
        if (parsed.success) byId.set(parsed.data.id, fromEscalation(parsed.data));
        else skipped++;
      }
      const alerts = [...byId.values()];
      const before = Array.isArray(cursor) ? (cursor as string[]) : [];
      for (const id of before.filter((id) => !byId.has(id)).slice(0, LOOKUPS_PER_POLL)) {
        try {
          const { escalation } = await call(`/v2/escalations/${encodeURIComponent(id)}`, z.object({ escalation: EscalationSchema }));
          const alert = fromEscalation(escalation);
          alerts.push(alert);
          if (alert.firing) byId.set(escalation.id, alert);
        } catch (error) {
          if (!(error instanceof SourceHttpError && error.status === 404)) throw error;
        }
      }
      return { alerts, startedAt: null, resolveTimeoutMs: SERVICE_ABSENCE_MS, cursor: [...byId.keys()], skipped, trimmed: [], askedAt };
    },

    async oncall({ from, to }): Promise<Shift[]> {
      const { id: sourceId, filters } = target();
      const schedules = await pages('/v2/schedules', new URLSearchParams(), (answer) => {
        const parsed = Schedules.safeParse(answer);
        if (!parsed.success) throw new SourceHttpError(`${where()} answered /v2/schedules in an unexpected shape`, 200);
        return { items: parsed.data.schedules, after: parsed.data.pagination_meta?.after ?? null };
      });
      const chosen = filters.scheduleIds.length ? schedules.filter((s) => filters.scheduleIds.includes(s.id)) : schedules;
      const shifts: Shift[] = [];
      for (const schedule of chosen.slice(0, 20)) {
        const q = new URLSearchParams({ schedule_id: schedule.id, entry_window_start: new Date(from).toISOString(), entry_window_end: new Date(to).toISOString() });
        const { schedule_entries } = await call(`/v2/schedule_entries?${q}`, Entries);
        for (const entry of schedule_entries.final ?? []) {
          const start = Date.parse(entry.start_at);
          const end = Date.parse(entry.end_at);
          if (!entry.user || !Number.isFinite(start) || !Number.isFinite(end) || end <= start) continue;
          shifts.push({
            sourceId,
            scheduleId: `${sourceId}/${schedule.id}`,
            scheduleName: schedule.name.slice(0, 200),
            person: (entry.user.name ?? entry.user.email ?? entry.user.id).slice(0, 200),
            ...(entry.user.email ? { email: entry.user.email } : {}),
            start,
            end,
            allDay: false,
            layer: 0,
            uid: entry.entry_id ?? `${schedule.id}/${entry.user.id}/${start}`,
          });
        }
      }
      return shifts;
    },

    async test(): Promise<ConnectionReport> {
      const me = await identity();
      const open = (await this.poll(undefined)).alerts.length;
      const now = deps.clock.now();
      const shifts = await this.oncall!({ from: now, to: now + 7 * 86_400_000 });
      return {
        user: `${me.name}${me.roles?.length ? ` (${me.roles.join(', ')})` : ''}`,
        sees: [`${open} open escalation(s)`, `${shifts.length} on-call shift(s) in the next 7 days`],
        warnings: ['incident.io’s public API has no acknowledge: Baton links each page to its escalation in incident.io, where you acknowledge it.'],
      };
    },
  };
}
