import { z } from 'zod';
import { startVendorApi, type Answer, type VendorApi, type VendorRequest } from './vendor-api';

/**
 * Grafana IRM's OnCall HTTP API on 127.0.0.1, shaped as Grafana documents it (Grafana Cloud →
 * IRM → Reference → OnCall API: "Alert groups", "Resolution notes", "Schedules", "Users"; there is
 * no machine-readable description). Documented there, and checked here:
 * - auth: `Authorization: Bearer <service-account token>` plus `X-Grafana-URL: <stack URL>`, or the
 *   legacy per-user OnCall API key bare in `Authorization`;
 * - `GET /api/v1/alert_groups/` with filters id, route_id, integration_id, state (new, acknowledged,
 *   resolved, silenced), team_id, started_at, label; answers `{count, next, previous, results,
 *   current_page_number, page_size, total_pages}` with `next` a full URL (the "Pagination" section);
 * - `POST /api/v1/alert_groups/{id}/acknowledge|unacknowledge|resolve|silence` (`silence` takes
 *   `{"delay": seconds}`, -1 for ever); `POST /api/v1/resolution_notes/` `{alert_group_id, text}`;
 * - `GET /api/v1/schedules/`, `GET /api/v1/schedules/{id}/`, `GET /api/v1/schedules/{id}/final_shifts?start_date&end_date`
 *   (`YYYY-MM-DD`) answering `{user_pk, user_email, user_username, shift_start, shift_end}` entries;
 * - `GET /api/v1/users/current/` (a user's key only).
 * Prose only (no example in the docs): the status and body of an action's answer (we answer 200
 * with the alert group), of errors (`{"detail": …}`, Django REST framework's shape), and that a
 * service account has no "current user" (we answer 404).
 */
export interface GrafanaGroupSeed {
  id: string;
  number: number;
  title: string;
  state?: 'new' | 'acknowledged' | 'resolved' | 'silenced';
  teamId?: string;
  severity?: string;
}

export interface GrafanaIrm extends VendorApi {
  stackUrl: string;
  groups: Map<string, Record<string, unknown>>;
  notes: { alert_group_id: string; text: string }[];
  addGroup(seed: GrafanaGroupSeed): void;
  addSchedule(id: string, name: string, shifts: { user: string; email: string; start: string; end: string }[]): void;
  pageSize: number;
}

const STACK = 'https://acme.grafana.net';
const id = '([A-Z0-9]+)';

export async function startGrafanaIrm(o: { serviceAccountToken: string; userKey?: { key: string; username: string; email: string }; now: () => number }): Promise<GrafanaIrm> {
  const groups = new Map<string, Record<string, unknown>>();
  const notes: GrafanaIrm['notes'] = [];
  const schedules = new Map<string, { name: string; shifts: { user: string; email: string; start: string; end: string }[] }>();
  let base = '';
  const iso = () => new Date(o.now()).toISOString();
  const whoFor = (req: VendorRequest) => (o.userKey && req.headers.authorization === o.userKey.key ? o.userKey.username : 'service-account');

  function paged(items: unknown[], req: VendorRequest, path: string): Answer {
    const page = Number(req.query.get('page') ?? 1);
    const size = api.pageSize;
    const results = items.slice((page - 1) * size, page * size);
    const q = new URLSearchParams(req.query);
    q.set('page', String(page + 1));
    const totalPages = Math.max(1, Math.ceil(items.length / size));
    return {
      status: 200,
      body: { count: items.length, next: page < totalPages ? `${base}${path}?${q}` : null, previous: null, results, current_page_number: page, page_size: size, total_pages: totalPages },
    };
  }
  const group = (gid: string): Answer | Record<string, unknown> => groups.get(gid) ?? { status: 404, body: { detail: 'Not found.' } };
  const isAnswer = (x: Answer | Record<string, unknown>): x is Answer => typeof (x as Answer).status === 'number' && !('id' in x);
  const action = (name: string, change: (g: Record<string, unknown>, req: VendorRequest) => void, body?: z.ZodType) => ({
    name: `POST /api/v1/alert_groups/{id}/${name}`,
    method: 'POST',
    path: new RegExp(`^/api/v1/alert_groups/${id}/${name}/?$`),
    body,
    handle(req: VendorRequest, [gid]: string[]): Answer {
      const g = group(gid);
      if (isAnswer(g)) return g;
      change(g, req);
      return { status: 200, body: g };
    },
  });

  const api = (await startVendorApi({
    authorize(req) {
      const auth = req.headers.authorization;
      if (auth === `Bearer ${o.serviceAccountToken}`) {
        if (req.headers['x-grafana-url'] !== STACK) return { status: 401, body: { detail: 'X-Grafana-URL is missing or names another stack.' } };
        return null;
      }
      if (o.userKey && auth === o.userKey.key) return null;
      return { status: 401, body: { detail: 'Invalid token.' } };
    },
    routes: [
      {
        name: 'GET /api/v1/alert_groups/',
        method: 'GET',
        path: /^\/api\/v1\/alert_groups\/?$/,
        query: ['id', 'route_id', 'integration_id', 'state', 'team_id', 'started_at', 'label', 'page'],
        handle(req) {
          const state = req.query.get('state');
          const team = req.query.get('team_id');
          const list = [...groups.values()].filter((g) => (!state || g.state === state) && (!team || g.team_id === team));
          return paged(list, req, '/api/v1/alert_groups/');
        },
      },
      {
        name: 'GET /api/v1/alert_groups/{id}/',
        method: 'GET',
        path: new RegExp(`^/api/v1/alert_groups/${id}/?$`),
        handle: (_req, [gid]) => {
          const g = group(gid);
          return isAnswer(g) ? g : { status: 200, body: g };
        },
      },
      action('acknowledge', (g, req) => Object.assign(g, { state: 'acknowledged', acknowledged_at: iso(), acknowledged_by: whoFor(req) })),
      action('unacknowledge', (g) => Object.assign(g, { state: 'new', acknowledged_at: null, acknowledged_by: null })),
      action('resolve', (g, req) => Object.assign(g, { state: 'resolved', resolved_at: iso(), resolved_by: whoFor(req) })),
      action('silence', (g) => Object.assign(g, { state: 'silenced', silenced_at: iso() }), z.strictObject({ delay: z.number().int().refine((n) => n === -1 || n > 0, 'a positive number of seconds, or -1') })),
      {
        name: 'POST /api/v1/resolution_notes/',
        method: 'POST',
        path: /^\/api\/v1\/resolution_notes\/?$/,
        body: z.strictObject({ alert_group_id: z.string().min(1), text: z.string().min(1) }),
        handle(req) {
          const b = req.body as { alert_group_id: string; text: string };
          if (!groups.has(b.alert_group_id)) return { status: 400, body: { alert_group_id: ['Alert group does not exist.'] } };
          notes.push(b);
          return { status: 201, body: { id: `M${notes.length}`, alert_group_id: b.alert_group_id, author: whoFor(req), source: 'api', created_at: iso(), text: b.text } };
        },
      },
      {
        name: 'GET /api/v1/schedules/',
        method: 'GET',
        path: /^\/api\/v1\/schedules\/?$/,
        query: ['name', 'page'],
        handle: (req) => paged([...schedules].map(([sid, s]) => scheduleBody(sid, s.name)), req, '/api/v1/schedules/'),
      },
      {
        name: 'GET /api/v1/schedules/{id}/',
        method: 'GET',
        path: new RegExp(`^/api/v1/schedules/${id}/?$`),
        handle: (_req, [sid]) => (schedules.has(sid) ? { status: 200, body: scheduleBody(sid, schedules.get(sid)!.name) } : { status: 404, body: { detail: 'Not found.' } }),
      },
      {
        name: 'GET /api/v1/schedules/{id}/final_shifts',
        method: 'GET',
        path: new RegExp(`^/api/v1/schedules/${id}/final_shifts/?$`),
        query: ['start_date', 'end_date', 'page'],
        handle(req, [sid]) {
          const s = schedules.get(sid);
          if (!s) return { status: 404, body: { detail: 'Not found.' } };
          const from = req.query.get('start_date') ?? '';
          const to = req.query.get('end_date') ?? '';
          if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) return { status: 400, body: { detail: 'start_date and end_date must be YYYY-MM-DD' } };
          const shifts = s.shifts
            .filter((x) => x.end.slice(0, 10) >= from && x.start.slice(0, 10) <= to)
            .map((x) => ({ user_pk: `U${x.user.toUpperCase()}`, user_email: x.email, user_username: x.user, shift_start: x.start, shift_end: x.end }));
          return paged(shifts, req, `/api/v1/schedules/${sid}/final_shifts`);
        },
      },
      {
        name: 'GET /api/v1/users/current/',
        method: 'GET',
        path: /^\/api\/v1\/users\/current\/?$/,
        handle(req) {
          if (!o.userKey || req.headers.authorization !== o.userKey.key) return { status: 404, body: { detail: 'Not found.' } };
          return { status: 200, body: { id: 'UALICE', email: o.userKey.email, slack: null, username: o.userKey.username, role: 'admin', timezone: 'Europe/Berlin', teams: [] } };
        },
      },
    ],
  })) as GrafanaIrm;
  base = api.url;

  function scheduleBody(sid: string, name: string) {
    return { id: sid, team_id: null, name, type: 'calendar', time_zone: 'Europe/Berlin', on_call_now: [], shifts: [], slack: null };
  }

  api.stackUrl = STACK;
  api.groups = groups;
  api.notes = notes;
  api.pageSize = 50;
  api.addGroup = (seed) => {
    const created = iso();
    groups.set(seed.id, {
      id: seed.id,
      integration_id: 'CFRPV98RPR1U8',
      team_id: seed.teamId ?? null,
      route_id: 'RIYGUJXCPFHXY',
      alerts_count: 1,
      state: seed.state ?? 'new',
      created_at: created,
      resolved_at: null,
      resolved_by: null,
      acknowledged_at: null,
      acknowledged_by: null,
      alert_group_number: seed.number,
      labels: seed.severity ? [{ key: { id: 'severity', name: 'severity' }, value: { id: seed.severity, name: seed.severity } }] : [],
      title: seed.title,
      permalinks: { slack: null, slack_app: null, telegram: null, web: `${STACK}/a/grafana-irm-app/alert-groups/${seed.id}` },
      silenced_at: null,
      last_alert: { id: `A${seed.id}`, alert_group_id: seed.id, created_at: created, payload: { state: 'alerting', title: seed.title } },
    });
  };
  api.addSchedule = (sid, name, shifts) => void schedules.set(sid, { name, shifts });
  return api;
}
