import { startVendorApi, type Answer, type VendorApi, type VendorRequest } from './vendor-api';

/**
 * incident.io's public API on 127.0.0.1, shaped as its reference (api-docs.incident.io) describes it:
 * - `Authorization: Bearer <API key>`; 1,200 requests a minute per key (prose, "Rate limits"), 429
 *   otherwise;
 * - `GET /v1/identity` → `{identity: {name, roles, dashboard_url}}`;
 * - `GET /v2/escalations` with `status[one_of]` (repeatable), `page_size`, `after` →
 *   `{escalations: [{id, title, status, priority: {name}, escalation_path: {id, name}, created_at,
 *   updated_at}], pagination_meta: {after, page_size}}`; `GET /v2/escalations/{id}` → `{escalation}`;
 * - `GET /v2/schedules` (`page_size`, `after`) → `{schedules: [{id, name, …}], pagination_meta}`;
 * - `GET /v2/schedule_entries` with `schedule_id`, `entry_window_start`, `entry_window_end` →
 *   `{schedule_entries: {final, overrides, scheduled}, pagination_meta}`.
 * There is no acknowledge: the public API only reads escalations (stated in its reference).
 * Prose only: the link to an escalation (`<dashboard_url>/on-call/escalations/<id>`), which we
 * follow as the app shows it.
 */
export interface IncidentIo extends VendorApi {
  escalations: Map<string, Record<string, unknown>>;
  addEscalation(e: { id: string; title: string; status?: string; priority?: string }): void;
  addSchedule(id: string, name: string, entries: { start: string; end: string; name: string; email: string }[]): void;
}

const ESCALATION_STATUSES = ['pending', 'triggered', 'acked', 'resolved', 'expired', 'cancelled'];

export async function startIncidentIo(o: { key: string; now: () => number }): Promise<IncidentIo> {
  const escalations = new Map<string, Record<string, unknown>>();
  const schedules = new Map<string, { name: string; entries: { start: string; end: string; name: string; email: string }[] }>();
  const bad = (message: string): Answer => ({ status: 422, body: { type: 'validation_error', status: 422, request_id: 'r1', errors: [{ code: 'invalid_value', message }] } });

  function paged<T>(items: T[], req: VendorRequest, key: string): Answer {
    const size = Number(req.query.get('page_size') ?? 25);
    if (!Number.isInteger(size) || size < 1 || size > 250) return bad('page_size must be between 1 and 250');
    const after = req.query.get('after');
    const start = after ? items.findIndex((i) => (i as { id: string }).id === after) + 1 : 0;
    const page = items.slice(start, start + size);
    const more = start + size < items.length;
    return { status: 200, body: { [key]: page, pagination_meta: { page_size: size, ...(more ? { after: (page.at(-1) as { id: string }).id } : {}) } } };
  }

  const api = (await startVendorApi({
    authorize: (req) => (req.headers.authorization === `Bearer ${o.key}` ? null : { status: 401, body: { type: 'authentication_error', status: 401, request_id: 'r0', errors: [{ code: 'unauthenticated', message: 'Invalid API key' }] } }),
    routes: [
      {
        name: 'GET /v1/identity',
        method: 'GET',
        path: /^\/v1\/identity$/,
        handle: () => ({ status: 200, body: { identity: { name: 'Baton on-call key', roles: ['viewer', 'on_call_viewer'], dashboard_url: 'https://app.incident.io/acme' } } }),
      },
      {
        name: 'GET /v2/escalations',
        method: 'GET',
        path: /^\/v2\/escalations$/,
        query: ['status[one_of]', 'page_size', 'after', 'escalation_path[one_of]', 'created_at[gte]', 'created_at[lte]'],
        handle(req) {
          const statuses = req.query.getAll('status[one_of]');
          const unknown = statuses.find((s) => !ESCALATION_STATUSES.includes(s));
          if (unknown) return bad(`unknown status ${unknown}`);
          return paged([...escalations.values()].filter((e) => statuses.length === 0 || statuses.includes(String(e.status))), req, 'escalations');
        },
      },
      {
        name: 'GET /v2/escalations/{id}',
        method: 'GET',
        path: /^\/v2\/escalations\/([A-Z0-9]+)$/,
        handle: (_req, [id]) => (escalations.has(id) ? { status: 200, body: { escalation: escalations.get(id) } } : { status: 404, body: { type: 'not_found', status: 404, request_id: 'r2', errors: [{ code: 'not_found', message: 'Not found' }] } }),
      },
      {
        name: 'GET /v2/schedules',
        method: 'GET',
        path: /^\/v2\/schedules$/,
        query: ['page_size', 'after'],
        handle: (req) => paged([...schedules].map(([id, s]) => ({ id, name: s.name, timezone: 'Europe/London' })), req, 'schedules'),
      },
      {
        name: 'GET /v2/schedule_entries',
        method: 'GET',
        path: /^\/v2\/schedule_entries$/,
        query: ['schedule_id', 'entry_window_start', 'entry_window_end'],
        handle(req) {
          const s = schedules.get(req.query.get('schedule_id') ?? '');
          if (!s) return bad('schedule_id must name a schedule');
          const from = Date.parse(req.query.get('entry_window_start') ?? '');
          const to = Date.parse(req.query.get('entry_window_end') ?? '');
          if (!Number.isFinite(from) || !Number.isFinite(to)) return bad('entry_window_start and entry_window_end must be RFC 3339 times');
          const final = s.entries
            .filter((e) => Date.parse(e.end) > from && Date.parse(e.start) < to)
            .map((e, i) => ({ entry_id: `E${i}`, fingerprint: `f${i}`, start_at: e.start, end_at: e.end, layer_id: 'L1', rotation_id: 'R1', user: { id: `U-${e.name}`, name: e.name, email: e.email, role: 'responder' } }));
          return { status: 200, body: { schedule_entries: { final, overrides: [], scheduled: final }, pagination_meta: { page_size: 250 } } };
        },
      },
    ],
  })) as IncidentIo;
  api.escalations = escalations;
  api.addEscalation = (e) => {
    const at = new Date(o.now()).toISOString();
    escalations.set(e.id, { id: e.id, title: e.title, status: e.status ?? 'triggered', priority: { name: e.priority ?? 'P1' }, escalation_path: { id: '01EP', name: 'Platform on-call' }, creator: { alert: { id: 'A1', title: e.title } }, created_at: at, updated_at: at });
  };
  api.addSchedule = (id, name, entries) => void schedules.set(id, { name, entries });
  return api;
}
