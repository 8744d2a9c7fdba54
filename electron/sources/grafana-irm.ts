import { z } from 'zod';
import type { ConnectionReport, ServiceFields } from '../../shared/page-services';
import type { Page } from '../../shared/pages';
import { severityFrom } from '../../shared/pages';
import type { Shift } from '../../shared/schedule/types';
import { trimAlert } from '../../shared/page-limits';
import type { Clock } from '../clock';
import { UserError } from '../user-error';
import { httpUrl, type IncomingAlert } from '../pages/normalise';
import { callJson, SourceHttpError, type RateGate } from './http';
import { SERVICE_ABSENCE_MS, type PageSourceModule, type PollResult, type ServiceTarget } from './shape';

/**
 * Grafana IRM (Cloud), through its OnCall HTTP API (https://grafana.com/docs/grafana-cloud/alerting-and-irm/irm/reference/oncall-api/):
 * open alert groups as pages, acknowledge / unacknowledge / resolve / silence, resolution notes,
 * and schedules' final shifts as shifts. A service-account token goes as `Authorization: Bearer`
 * with `X-Grafana-URL: <stack URL>`; the legacy per-user OnCall key goes bare in `Authorization`.
 * Lists are paginated with `next` (a full URL), which is followed only on the API's own origin.
 */
const OPEN_STATES = ['new', 'acknowledged', 'silenced'] as const;
const MAX_PAGES = 50;
const LOOKUPS_PER_POLL = 20;
const MAX_SCHEDULES = 20;

const Label = z.object({ key: z.object({ name: z.string().max(200) }), value: z.object({ name: z.string().max(2000) }) });
const AlertGroupSchema = z.object({
  id: z.string().min(1).max(100),
  title: z.string().max(10_000).nullish(),
  state: z.enum(['new', 'acknowledged', 'resolved', 'silenced']),
  alert_group_number: z.number().int().nullish(),
  created_at: z.string().max(40),
  acknowledged_by: z.string().max(200).nullish(),
  team_id: z.string().max(100).nullish(),
  integration_id: z.string().max(100).nullish(),
  labels: z.array(Label).nullish(),
  permalinks: z.object({ web: z.string().max(8192).nullish() }).nullish(),
});
type AlertGroup = z.infer<typeof AlertGroupSchema>;
const Paged = z.object({ next: z.string().max(8192).nullish(), results: z.array(z.unknown()) });
const ScheduleSchema = z.object({ id: z.string().max(100), name: z.string().max(500) });
const FinalShift = z.object({ user_pk: z.string().max(100), user_email: z.string().max(320).nullish(), user_username: z.string().max(200).nullish(), shift_start: z.string().max(40), shift_end: z.string().max(40) });
const CurrentUser = z.object({ id: z.string(), email: z.string().max(320).nullish(), username: z.string().max(200).nullish() });

export function grafanaPageId(stack: string, id: string): string {
  return `girm:${stack}:${id}`;
}

export function createGrafanaIrmSource(target: () => ServiceTarget, deps: { clock: Clock; gate: RateGate; timeoutMs?: number }): PageSourceModule {
  const where = () => `Grafana IRM “${target().name}”`;
  const base = () => target().apiUrl.replace(/\/+$/, '');

  function call<S extends z.ZodType>(method: 'GET' | 'POST', url: string, schema: S, body?: unknown) {
    const t = target();
    const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json' };
    if (t.variant === 'legacy') headers.authorization = t.token;
    else {
      headers.authorization = `Bearer ${t.token}`;
      headers['x-grafana-url'] = t.siteUrl;
    }
    return callJson({
      where: where(), method, url, headers, body, schema, key: t.id, gate: deps.gate, clock: deps.clock, timeoutMs: deps.timeoutMs,
      authHint: 'check the token and that its service account has the IRM alert-group (and schedule) permissions',
    });
  }

  /** Every page of a list, following `next` only on the API's own origin (the key must not travel elsewhere). */
  async function all(first: string): Promise<unknown[]> {
    const items: unknown[] = [];
    const origin = new URL(base()).origin;
    let url: string | null = first;
    for (let n = 0; url && n < MAX_PAGES; n++) {
      const page: z.infer<typeof Paged> = await call('GET', url, Paged);
      items.push(...page.results);
      const next: string | null = page.next ?? null;
      if (next && new URL(next, origin).origin !== origin) throw new SourceHttpError(`${where()} pointed its next page at another host (${new URL(next).host}); not followed`, 200);
      url = next ? new URL(next, origin).toString() : null;
    }
    return items;
  }

  const stack = () => {
    try {
      return new URL(target().siteUrl || target().apiUrl).host;
    } catch {
      return target().id;
    }
  };

  function fromGroup(group: AlertGroup, onTrim?: (cut: string[]) => void): IncomingAlert {
    const labels: Record<string, string> = {};
    for (const l of group.labels ?? []) labels[l.key.name] = l.value.name;
    const trimmed = trimAlert(labels, {});
    if (trimmed.cut.length) onTrim?.(trimmed.cut);
    const service: ServiceFields = {
      service: 'grafana-irm',
      id: group.id,
      ...(group.alert_group_number != null ? { number: String(group.alert_group_number) } : {}),
      assignees: [],
      ...(group.state === 'silenced' ? { urgency: 'silenced' } : {}),
    };
    const title = group.title || `Alert group ${group.id}`;
    return {
      pageId: grafanaPageId(stack(), group.id),
      kind: 'service',
      dedupKey: group.id,
      title: title.length > 2000 ? `${title.slice(0, 1999)}…` : title,
      severity: severityFrom(labels.severity ?? labels.priority),
      labels: trimmed.labels,
      annotations: trimmed.annotations,
      generatorUrl: httpUrl(group.permalinks?.web ?? undefined),
      startsAt: group.created_at,
      firing: group.state !== 'resolved',
      service,
      atSource: group.state === 'resolved' ? undefined : { state: group.state === 'new' ? 'triggered' : 'acknowledged', by: group.acknowledged_by ?? undefined },
    };
  }

  function groupId(page: Page): string {
    if (page.service?.service !== 'grafana-irm') throw new UserError('This page is not a Grafana IRM alert group.');
    return encodeURIComponent(page.service.id);
  }
  const act = (page: Page, action: string, body?: unknown) => call('POST', `${base()}/api/v1/alert_groups/${groupId(page)}/${action}`, z.unknown(), body);

  async function schedules(): Promise<{ id: string; name: string }[]> {
    const ids = target().filters.scheduleIds;
    if (ids.length > 0) return Promise.all(ids.map((id) => call('GET', `${base()}/api/v1/schedules/${encodeURIComponent(id)}/`, ScheduleSchema)));
    return (await all(`${base()}/api/v1/schedules/`)).flatMap((s) => {
      const parsed = ScheduleSchema.safeParse(s);
      return parsed.success ? [parsed.data] : [];
    });
  }

  return {
    kind: 'grafana-irm',
    capabilities: ['ack', 'unack', 'resolve', 'snooze', 'note'],

    async poll(cursor): Promise<PollResult> {
      const askedAt = deps.clock.now();
      const teams = target().filters.teamIds;
      const raw: unknown[] = [];
      for (const state of OPEN_STATES) {
        for (const team of teams.length ? teams : [null]) {
          const q = new URLSearchParams({ state });
          if (team) q.set('team_id', team);
          raw.push(...(await all(`${base()}/api/v1/alert_groups/?${q}`)));
        }
      }
      let skipped = 0;
      const trimmed: string[] = [];
      const byId = new Map<string, IncomingAlert>();
      for (const item of raw) {
        const parsed = AlertGroupSchema.safeParse(item);
        if (!parsed.success) {
          skipped++;
          continue;
        }
        byId.set(parsed.data.id, fromGroup(parsed.data, (cut) => trimmed.push(`${parsed.data.id}: ${cut.join(', ')}`)));
      }
      const alerts = [...byId.values()];
      const before = Array.isArray(cursor) ? (cursor as string[]) : [];
      for (const id of before.filter((id) => !byId.has(id)).slice(0, LOOKUPS_PER_POLL)) {
        try {
          const group = await call('GET', `${base()}/api/v1/alert_groups/${encodeURIComponent(id)}/`, AlertGroupSchema);
          const alert = fromGroup(group);
          alerts.push(alert);
          if (alert.firing) byId.set(group.id, alert);
        } catch (error) {
          if (!(error instanceof SourceHttpError && error.status === 404)) throw error;
        }
      }
      return { alerts, startedAt: null, resolveTimeoutMs: SERVICE_ABSENCE_MS, cursor: [...byId.keys()], skipped, trimmed, askedAt };
    },

    async ack(page) {
      await act(page, 'acknowledge');
      return { message: `Acknowledged in ${where()}.` };
    },
    async unack(page) {
      await act(page, 'unacknowledge');
    },
    async resolve(page) {
      await act(page, 'resolve');
    },
    async snooze(page, { minutes }) {
      // "Silence" in Grafana IRM: `delay` in seconds (documented; -1 would be for ever, never sent).
      await act(page, 'silence', { delay: minutes * 60 });
      return { until: new Date(deps.clock.now() + minutes * 60_000).toISOString() };
    },
    async note(page, { text }) {
      await call('POST', `${base()}/api/v1/resolution_notes/`, z.unknown(), { alert_group_id: decodeURIComponent(groupId(page)), text: text.slice(0, 25_000) });
    },

    async oncall({ from, to }): Promise<Shift[]> {
      const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
      const { id: sourceId } = target();
      const shifts: Shift[] = [];
      for (const schedule of (await schedules()).slice(0, MAX_SCHEDULES)) {
        const q = new URLSearchParams({ start_date: day(from), end_date: day(to) });
        for (const item of await all(`${base()}/api/v1/schedules/${encodeURIComponent(schedule.id)}/final_shifts?${q}`)) {
          const parsed = FinalShift.safeParse(item);
          if (!parsed.success) continue;
          const start = Date.parse(parsed.data.shift_start);
          const end = Date.parse(parsed.data.shift_end);
          if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) continue;
          shifts.push({
            sourceId,
            scheduleId: `${sourceId}/${schedule.id}`,
            scheduleName: schedule.name.slice(0, 200),
            person: (parsed.data.user_username ?? parsed.data.user_email ?? parsed.data.user_pk).slice(0, 200),
            ...(parsed.data.user_email ? { email: parsed.data.user_email } : {}),
            start,
            end,
            allDay: false,
            layer: 0,
            uid: `${schedule.id}/${parsed.data.user_pk}/${start}`,
          });
        }
      }
      return shifts;
    },

    async test(): Promise<ConnectionReport> {
      const warnings: string[] = [];
      let user: string | null = null;
      try {
        const me = await call('GET', `${base()}/api/v1/users/current/`, CurrentUser);
        user = `${me.username ?? me.id}${me.email ? ` <${me.email}>` : ''}`;
      } catch (error) {
        // A service account is no user: "current user" is not there for it.
        if (!(error instanceof SourceHttpError && (error.status === 403 || error.status === 404))) throw error;
      }
      const open = (await this.poll(undefined)).alerts.length;
      const list = await schedules();
      if (target().variant === 'legacy') warnings.push('A per-user OnCall API key: Grafana recommends a service-account token for Grafana IRM.');
      return { user, sees: [`${open} open alert group(s)`, `${list.length} schedule(s)`], warnings };
    },
  };
}
