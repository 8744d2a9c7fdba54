import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readBody } from './vendor-api';

/**
 * A PagerDuty REST API v2 account on 127.0.0.1 that checks every request Baton sends against
 * PagerDuty's own OpenAPI description (the trimmed copy in test/fixtures/pagerduty: path, method,
 * query parameters, required headers, the request body) and answers with bodies that are checked
 * against the same description before they are sent. What the description leaves to prose is marked
 * "prose:" below (PagerDuty's API reference and its "Rate limits" / "Pagination" pages).
 *
 * Anything Baton sends that the description does not allow is kept in `violations` (and answered
 * 400 as PagerDuty does), so a test asserts there were none.
 */
const SPEC_FILE = path.join(import.meta.dirname, '..', 'fixtures', 'pagerduty', 'openapi.trimmed.json');
export const PD_ACCEPT = 'application/vnd.pagerduty+json;version=2';

interface Parameter {
  name: string;
  in: 'query' | 'header' | 'path';
  required?: boolean;
  schema: Record<string, unknown>;
}
interface Operation {
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> } | { $ref: string }>;
}
type Spec = { paths: Record<string, Record<string, Operation>>; components: Record<string, Record<string, unknown>> };

let shared: { spec: Spec; ajv: Ajv; compiled: Map<string, ValidateFunction> } | null = null;
function specification() {
  if (shared) return shared;
  const spec = JSON.parse(fs.readFileSync(SPEC_FILE, 'utf8')) as Spec;
  // OpenAPI 3.0 schemas are JSON Schema plus `nullable` (Ajv knows it) and annotations (readOnly, example).
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  for (const format of ['tzinfo', 'url', 'activesupport-time-zone']) ajv.addFormat(format, true);
  ajv.addSchema(spec as object, 'pd');
  shared = { spec, ajv, compiled: new Map() };
  return shared;
}

function validator(pointer: string): ValidateFunction {
  const { ajv, compiled } = specification();
  let fn = compiled.get(pointer);
  if (!fn) {
    fn = ajv.compile({ $ref: `pd#${pointer}` });
    compiled.set(pointer, fn);
  }
  return fn;
}

/**
 * Where PagerDuty's prose and its schema disagree, the prose wins and is named here: an on-call's
 * `start` and `end` are "null … [for] a permanent user on-call" (the schema says string).
 */
function proseAllows(template: string, errors: { instancePath: string; message?: string }[], body: unknown): boolean {
  if (template !== '/oncalls') return false;
  return errors.every((e) => {
    const m = /^\/oncalls\/(\d+)\/(start|end)$/.exec(e.instancePath);
    return m !== null && (body as { oncalls: Record<string, unknown>[] }).oncalls[Number(m[1])][m[2]] === null;
  });
}

const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

function deref<T>(node: T | { $ref: string }): T {
  const { spec } = specification();
  if (node && typeof node === 'object' && '$ref' in node) {
    let at: unknown = spec;
    for (const part of node.$ref.slice(2).split('/')) at = (at as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    return deref(at as T);
  }
  return node as T;
}

export interface PdUser {
  id: string;
  name: string;
  email: string;
}

export interface PdIncidentSeed {
  id: string;
  number: number;
  title: string;
  status?: 'triggered' | 'acknowledged' | 'resolved';
  urgency?: 'high' | 'low';
  serviceId?: string;
  serviceName?: string;
  teamId?: string;
  assignee?: PdUser;
  createdAt?: string;
  priority?: string;
}

export interface PdOncallSeed {
  user: PdUser;
  scheduleId: string;
  scheduleName: string;
  start: string | null;
  end: string | null;
}

export interface PdRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  operation: string | null;
}

type Fault = { status: number; headers?: Record<string, string>; body?: unknown } | 'hang';

/** A user reference as PagerDuty writes one (the spec's UserReference). */
function userRef(base: string, user: PdUser) {
  return { id: user.id, type: 'user_reference', summary: user.name, self: `${base}/users/${user.id}`, html_url: `https://acme.pagerduty.com/users/${user.id}` };
}

export interface PagerDutyServer {
  url: string;
  /** Every request Baton sent, in order. */
  requests: PdRequest[];
  /** What Baton sent that PagerDuty's description does not allow, and answers the server made that it does not either. */
  violations: string[];
  incidents: Map<string, Record<string, unknown>>;
  notes: { incidentId: string; content: string; from: string }[];
  addIncident(seed: PdIncidentSeed): Record<string, unknown>;
  setStatus(id: string, status: 'triggered' | 'acknowledged' | 'resolved', by?: PdUser): void;
  addOncall(seed: PdOncallSeed): void;
  /** The next `times` requests (whose path starts with `pathPrefix`, or is it when it ends in `$`) get this answer instead. */
  fault(fault: Fault, times?: number, pathPrefix?: string): void;
  /** Requests per minute per key before 429 (PagerDuty documents 960 for REST API keys; prose). */
  rateLimit: number;
  close(): Promise<void>;
}

/**
 * One PagerDuty account. `users` are the account's users; `tokens` maps each API key to its user
 * (a user key) or null (an account-wide key); `now` is the account's clock (the test's, never today's).
 */
export async function startPagerDuty(o: {
  users: PdUser[];
  tokens: Record<string, string | null>;
  now: () => number;
  /** Benchmarks time Baton, not this server's checking: false skips validating answers against the description. */
  validateAnswers?: boolean;
}): Promise<PagerDutyServer> {
  const { spec } = specification();
  const now = o.now;
  const requests: PdRequest[] = [];
  const violations: string[] = [];
  const incidents = new Map<string, Record<string, unknown>>();
  const notes: PagerDutyServer['notes'] = [];
  const oncalls: PdOncallSeed[] = [];
  const faults: { fault: Fault; times: number; pathPrefix?: string }[] = [];
  const windows = new Map<string, { start: number; count: number }>();
  let base = '';
  const hanging = new Set<http.ServerResponse>();

  const routes = Object.keys(spec.paths).map((template) => ({
    template,
    re: new RegExp(`^${template.replace(/\{[^}]+\}/g, '([^/]+)')}$`),
  }));

  function checkRequest(method: string, url: URL, headers: http.IncomingHttpHeaders, body: unknown): { template: string; op: Operation; params: string[] } | string {
    const route = routes.find((r) => r.re.test(url.pathname));
    const op = route ? spec.paths[route.template][method.toLowerCase()] : undefined;
    if (!route || !op) return `${method} ${url.pathname} is not an operation Baton may call (not in the trimmed description)`;
    const problems: string[] = [];
    const known = new Set<string>();
    for (const raw of op.parameters ?? []) {
      const p = deref<Parameter>(raw);
      const pointer = `/paths/${esc(route.template)}/${method.toLowerCase()}`;
      if (p.in === 'header') {
        const value = headers[p.name.toLowerCase()];
        if (p.required && value === undefined) problems.push(`header ${p.name} is required`);
        if (typeof value === 'string' && p.schema && !checkValue(p.schema, value)) problems.push(`header ${p.name}: "${value}" does not match ${JSON.stringify(p.schema)}`);
      } else if (p.in === 'query') {
        known.add(p.name);
        const values = url.searchParams.getAll(p.name);
        if (p.required && values.length === 0) problems.push(`query ${p.name} is required`);
        const itemSchema = p.schema.type === 'array' ? (p.schema.items as Record<string, unknown>) : p.schema;
        for (const v of values) if (!checkValue(itemSchema, v)) problems.push(`query ${p.name}: "${v}" does not match ${JSON.stringify(itemSchema)}`);
      }
      void pointer;
    }
    for (const name of new Set(url.searchParams.keys())) if (!known.has(name)) problems.push(`query ${name} is not a parameter of ${method} ${route.template}`);
    // The versioning header: the description gives it as the default of Accept; PagerDuty's docs (prose) require exactly this value.
    if (headers.accept !== PD_ACCEPT) problems.push(`Accept must be ${PD_ACCEPT} (was ${String(headers.accept)})`);
    if (op.requestBody) {
      const fn = validator(`/paths/${esc(route.template)}/${method.toLowerCase()}/requestBody/content/application~1json/schema`);
      if (!fn(body)) problems.push(`body: ${fn.errors?.map((e) => `${e.instancePath} ${e.message}`).join('; ')}`);
    }
    return problems.length ? `${method} ${url.pathname}: ${problems.join('; ')}` : { template: route.template, op, params: route.re.exec(url.pathname)!.slice(1) };
  }

  function checkValue(schema: Record<string, unknown>, raw: string): boolean {
    const value = schema.type === 'integer' || schema.type === 'number' ? Number(raw) : schema.type === 'boolean' ? (raw === 'true' ? true : raw === 'false' ? false : raw) : raw;
    const { ajv } = specification();
    return ajv.validate(schema, value) as boolean;
  }

  function send(res: http.ServerResponse, status: number, body: unknown, check?: { template: string; method: string }, extra: Record<string, string> = {}) {
    if (check && o.validateAnswers !== false) {
      const answer = deref(spec.paths[check.template][check.method.toLowerCase()].responses[String(status)]);
      if (!answer) violations.push(`the server answered ${status} to ${check.method} ${check.template}, a status the description does not list`);
      else if (answer.content) {
        const pointer = `/paths/${esc(check.template)}/${check.method.toLowerCase()}/responses/${status}`;
        const fn = 'content' in (spec.paths[check.template][check.method.toLowerCase()].responses[String(status)] as object)
          ? validator(`${pointer}/content/application~1json/schema`)
          : null;
        if (fn && !fn(body) && !proseAllows(check.template, fn.errors ?? [], body)) violations.push(`the server's own ${status} answer to ${check.method} ${check.template} is not as documented: ${fn.errors?.slice(0, 3).map((e) => `${e.instancePath} ${e.message}`).join('; ')}`);
      }
    }
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...extra });
    res.end(JSON.stringify(body));
  }

  const error = (message: string, code: number, errors: string[] = []) => ({ error: { message, code, errors } });

  function incidentFrom(seed: PdIncidentSeed): Record<string, unknown> {
    const serviceId = seed.serviceId ?? 'PSVC001';
    const created = seed.createdAt ?? new Date(now()).toISOString().replace(/\.\d+Z$/, 'Z');
    const incident: Record<string, unknown> = {
      id: seed.id,
      type: 'incident',
      summary: `[#${seed.number}] ${seed.title}`,
      self: `${base}/incidents/${seed.id}`,
      html_url: `https://acme.pagerduty.com/incidents/${seed.id}`,
      incident_number: seed.number,
      title: seed.title,
      created_at: created,
      updated_at: created,
      status: 'triggered',
      incident_key: `key-${seed.id}`,
      service: { id: serviceId, type: 'service_reference', summary: seed.serviceName ?? 'Checkout API', self: `${base}/services/${serviceId}`, html_url: `https://acme.pagerduty.com/service-directory/${serviceId}` },
      assignments: seed.assignee ? [{ at: created, assignee: userRef(base, seed.assignee) }] : [],
      assigned_via: 'escalation_policy',
      last_status_change_at: created,
      first_trigger_log_entry: { id: `R${seed.id}`, type: 'trigger_log_entry_reference', summary: 'Triggered through the API', self: `${base}/log_entries/R${seed.id}?incident_id=${seed.id}`, html_url: `https://acme.pagerduty.com/incidents/${seed.id}/log_entries/R${seed.id}` },
      alert_counts: { all: 1, triggered: 1, resolved: 0 },
      is_mergeable: true,
      escalation_policy: { id: 'PEP0001', type: 'escalation_policy_reference', summary: 'Checkout escalation', self: `${base}/escalation_policies/PEP0001`, html_url: 'https://acme.pagerduty.com/escalation_policies/PEP0001' },
      teams: seed.teamId ? [{ id: seed.teamId, type: 'team_reference', summary: 'Payments', self: `${base}/teams/${seed.teamId}`, html_url: `https://acme.pagerduty.com/teams/${seed.teamId}` }] : [],
      pending_actions: [],
      acknowledgements: [],
      alert_grouping: { grouping_type: 'advanced', started_at: created, alert_grouping_active: true },
      last_status_change_by: { id: serviceId, type: 'service_reference', summary: seed.serviceName ?? 'Checkout API', self: `${base}/services/${serviceId}`, html_url: `https://acme.pagerduty.com/service-directory/${serviceId}` },
      ...(seed.priority ? { priority: { id: `PRI${seed.priority}`, type: 'priority_reference', summary: seed.priority, self: `${base}/priorities/PRI${seed.priority}` } } : {}),
      // Not sent: the description's own example has `resolve_reason: null` (and `resolved_at: null`), which its schema does not allow.
      incidents_responders: [],
      responder_requests: [],
      urgency: seed.urgency ?? 'high',
    };
    return incident;
  }

  function setStatus(id: string, status: 'triggered' | 'acknowledged' | 'resolved', by?: PdUser) {
    const incident = incidents.get(id);
    if (!incident) throw new Error(`no incident ${id}`);
    const at = new Date(now()).toISOString().replace(/\.\d+Z$/, 'Z');
    incident.status = status;
    incident.updated_at = at;
    incident.last_status_change_at = at;
    if (status === 'acknowledged' && by) {
      incident.acknowledgements = [...(incident.acknowledgements as unknown[]), { at, acknowledger: userRef(base, by) }];
      incident.assignments = [{ at, assignee: userRef(base, by) }];
    }
    if (status === 'triggered') incident.acknowledgements = [];
    if (status === 'resolved') {
      incident.assignments = [];
      incident.resolved_at = at;
    }
  }

  /** Prose ("Rate limits"): REST API keys get a per-minute budget and `ratelimit-limit/-remaining/-reset` headers. */
  function rateHeaders(key: string): { limited: boolean; headers: Record<string, string> } {
    const minute = 60_000;
    const t = now();
    const w = windows.get(key) ?? { start: t, count: 0 };
    if (t - w.start >= minute) Object.assign(w, { start: t, count: 0 });
    w.count++;
    windows.set(key, w);
    const reset = Math.max(1, Math.ceil((w.start + minute - t) / 1000));
    const remaining = Math.max(0, server.rateLimit - w.count);
    return { limited: w.count > server.rateLimit, headers: { 'ratelimit-limit': String(server.rateLimit), 'ratelimit-remaining': String(remaining), 'ratelimit-reset': String(reset) } };
  }

  function page<T>(items: T[], url: URL) {
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 25), 100);
    const slice = items.slice(offset, offset + limit);
    return { items: slice, offset, limit, more: offset + limit < items.length, total: url.searchParams.get('total') === 'true' ? items.length : null };
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://x');
    const body = await readBody(req);
    const method = req.method ?? 'GET';
    const record: PdRequest = { method, path: url.pathname, query: url.searchParams, headers: req.headers, body, operation: null };
    requests.push(record);

    // A prefix ending in `$` is the whole path.
    const matches = (prefix: string) => (prefix.endsWith('$') ? url.pathname === prefix.slice(0, -1) : url.pathname.startsWith(prefix));
    const pending = faults.find((f) => f.times > 0 && (!f.pathPrefix || matches(f.pathPrefix)));
    if (pending) {
      pending.times--;
      if (pending.fault === 'hang') {
        hanging.add(res);
        return;
      }
      return send(res, pending.fault.status, pending.fault.body ?? error('Internal Server Error', 0), undefined, pending.fault.headers);
    }

    const auth = /^Token token=(.+)$/.exec(req.headers.authorization ?? '');
    const key = auth?.[1];
    if (!key || !(key in o.tokens)) return send(res, 401, error('Unauthorized', 2006), undefined);
    const rate = rateHeaders(key);
    if (rate.limited) return send(res, 429, error('Rate Limit Exceeded', 2020), undefined, rate.headers);

    const checked = checkRequest(method, url, req.headers, body);
    if (typeof checked === 'string') {
      violations.push(checked);
      return send(res, 400, error('Invalid Input Provided', 2001, [checked]), undefined, rate.headers);
    }
    record.operation = `${method} ${checked.template}`;
    const tokenUser = o.tokens[key] ? o.users.find((u) => u.id === o.tokens[key]) ?? null : null;
    const check = { template: checked.template, method };
    const ok = (status: number, answer: unknown) => send(res, status, answer, check, rate.headers);
    const fromUser = () => o.users.find((u) => u.email === req.headers.from);

    switch (`${method} ${checked.template}`) {
      case 'GET /users/me':
        // Documented: "This will not work if the request is made with an account-level access token" (400 is listed).
        if (!tokenUser) return ok(400, error('Invalid Input Provided', 2001, ['Requests made with an account-level API token cannot access /users/me']));
        return ok(200, { user: { id: tokenUser.id, type: 'user', summary: tokenUser.name, self: `${base}/users/${tokenUser.id}`, html_url: `https://acme.pagerduty.com/users/${tokenUser.id}`, name: tokenUser.name, email: tokenUser.email, time_zone: 'Europe/Berlin', color: 'green', role: 'user', avatar_url: 'https://pd-static-assets.pagerduty.com/users/blank-avatar.png', description: null, invitation_sent: false, job_title: 'SRE', teams: [], contact_methods: [], notification_rules: [] } });
      case 'GET /incidents': {
        const q = url.searchParams;
        const statuses = q.getAll('statuses[]');
        const users = q.getAll('user_ids[]');
        const teams = q.getAll('team_ids[]');
        const services = q.getAll('service_ids[]');
        const urgencies = q.getAll('urgencies[]');
        const list = [...incidents.values()].filter(
          (i) =>
            (statuses.length === 0 || statuses.includes(String(i.status))) &&
            (users.length === 0 || (i.assignments as { assignee: { id: string } }[]).some((a) => users.includes(a.assignee.id))) &&
            (teams.length === 0 || (i.teams as { id: string }[]).some((t) => teams.includes(t.id))) &&
            (services.length === 0 || services.includes((i.service as { id: string }).id)) &&
            (urgencies.length === 0 || urgencies.includes(String(i.urgency))),
        );
        const p = page(list, url);
        return ok(200, { incidents: p.items, limit: p.limit, offset: p.offset, more: p.more, total: p.total });
      }
      case 'GET /incidents/{id}': {
        const incident = incidents.get(decodeURIComponent(checked.params[0]));
        return incident ? ok(200, { incident }) : ok(404, error('Not Found', 2100));
      }
      case 'PUT /incidents': {
        const user = fromUser();
        // Prose: the From header must be the e-mail of a valid user of the account.
        if (!user) return ok(400, error('Invalid Input Provided', 2001, ['Requester User Not Found']));
        const changes = (body as { incidents: { id: string; status?: 'acknowledged' | 'resolved' | 'triggered' }[] }).incidents;
        const updated = [];
        for (const change of changes) {
          const incident = incidents.get(change.id);
          // The description lists no 404 for PUT /incidents: an unknown id is invalid input.
          if (!incident) return ok(400, error('Invalid Input Provided', 2001, [`Incident ${change.id} not found`]));
          if (change.status && incident.status !== 'resolved') setStatus(change.id, change.status, user);
          updated.push(incident);
        }
        return ok(200, { incidents: updated });
      }
      case 'POST /incidents/{id}/snooze': {
        const incident = incidents.get(decodeURIComponent(checked.params[0]));
        if (!incident) return ok(404, error('Not Found', 2100));
        if (!fromUser()) return ok(400, error('Invalid Input Provided', 2001, ['Requester User Not Found']));
        // Prose: only an acknowledged incident can be snoozed.
        if (incident.status !== 'acknowledged') return ok(400, error('Invalid Input Provided', 2001, ['Incident must be acknowledged to be snoozed']));
        const duration = (body as { duration: number }).duration;
        incident.pending_actions = [{ type: 'unacknowledge', at: new Date(now() + duration * 1000).toISOString().replace(/\.\d+Z$/, 'Z') }];
        return ok(201, { incident });
      }
      case 'POST /incidents/{id}/notes': {
        const id = decodeURIComponent(checked.params[0]);
        const user = fromUser();
        if (!incidents.has(id)) return ok(404, error('Not Found', 2100));
        if (!user) return ok(400, error('Invalid Input Provided', 2001, ['Requester User Not Found']));
        const content = (body as { note: { content: string } }).note.content;
        notes.push({ incidentId: id, content, from: user.email });
        const at = new Date(now()).toISOString().replace(/\.\d+Z$/, 'Z');
        return ok(200, { note: { id: `PN${notes.length}`, user: userRef(base, user), channel: { summary: 'The PagerDuty website or APIs' }, content, created_at: at } });
      }
      case 'GET /oncalls': {
        const q = url.searchParams;
        const since = Date.parse(q.get('since') ?? new Date(now()).toISOString());
        const until = Date.parse(q.get('until') ?? new Date(now()).toISOString());
        const users = q.getAll('user_ids[]');
        const schedules = q.getAll('schedule_ids[]');
        const list = oncalls
          .filter((c) => (users.length === 0 || users.includes(c.user.id)) && (schedules.length === 0 || schedules.includes(c.scheduleId)))
          .filter((c) => (c.start === null || Date.parse(c.start) < until) && (c.end === null || Date.parse(c.end) > since))
          .map((c) => ({
            user: userRef(base, c.user),
            schedule: { id: c.scheduleId, type: 'schedule_reference', summary: c.scheduleName, self: `${base}/schedules/${c.scheduleId}`, html_url: `https://acme.pagerduty.com/schedules/${c.scheduleId}` },
            escalation_policy: { id: 'PEP0001', type: 'escalation_policy_reference', summary: 'Checkout escalation', self: `${base}/escalation_policies/PEP0001`, html_url: 'https://acme.pagerduty.com/escalation_policies/PEP0001' },
            escalation_level: 1,
            start: c.start,
            end: c.end,
          }));
        const p = page(list, url);
        return ok(200, { oncalls: p.items, limit: p.limit, offset: p.offset, more: p.more, total: p.total });
      }
    }
    violations.push(`no handler for ${method} ${checked.template}`);
    return send(res, 404, error('Not Found', 2100));
  }

  const httpServer = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      violations.push(`server error: ${String(e)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;

  const server: PagerDutyServer = {
    url: base,
    requests,
    violations,
    incidents,
    notes,
    rateLimit: 960,
    addIncident(seed) {
      const incident = incidentFrom(seed);
      incidents.set(seed.id, incident);
      if (seed.status && seed.status !== 'triggered') setStatus(seed.id, seed.status, seed.assignee);
      return incident;
    },
    setStatus,
    addOncall: (seed) => void oncalls.push(seed),
    fault(fault, times = 1, pathPrefix) {
      faults.push({ fault, times, pathPrefix });
    },
    async close() {
      for (const res of hanging) res.destroy();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
  return server;
}
