import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { startVendorApi, type Answer, type Route, type VendorApi, type VendorRequest } from './vendor-api';

/**
 * Jira Service Management operations and Opsgenie on 127.0.0.1, one account each, shaped as their
 * REST API references describe them (Atlassian: "JSM operations REST API" → Alerts, Schedules;
 * Opsgenie: "Alert API", "Schedule API"; neither ships a description this repository can use):
 * - JSM: `https://api.atlassian.com/jsm/ops/api/{cloudId}/v1/...`, Basic auth with an Atlassian
 *   e-mail and API token; the site's cloudId from `https://<site>.atlassian.net/_edge/tenant_info`
 *   (`{"cloudId": …}`); lists answer `{values, count, links: {next}}`, take `query`, `offset`, `size`,
 *   `sort`, `order`.
 * - Opsgenie: `/v2/...`, `Authorization: GenieKey <key>`, identifiers with `identifierType=id`;
 *   lists answer `{data, paging: {next}, took, requestId}` and take `limit` instead of `size`.
 * - Both: `POST /alerts/{id}/acknowledge|unacknowledge|close|notes` (`{user?, source?, note?}`,
 *   `note` required for notes) answer 202 `{result: "Request will be processed", took, requestId}`;
 *   the change happens later, and `GET /alerts/requests/{requestId}` answers 404 until it is
 *   processed, then its status (JSM flat, Opsgenie inside `data`). Actions take the full alert id;
 *   a tinyId is refused here (prose: "use the full alert id").
 * - Schedules: `GET /schedules`, `GET /schedules/{id}/timeline?interval&intervalUnit&date` with
 *   `finalTimeline.rotations[].periods[] {startDate, endDate, type, recipient {type, name}}`.
 * Prose only: that a request is "processed" after a short while (we process it at the second ask),
 * and the exact error bodies (`{message, took, requestId}`).
 */
export interface JsmAlertSeed {
  id: string;
  tinyId: string;
  message: string;
  priority?: 'P1' | 'P2' | 'P3' | 'P4' | 'P5';
  acknowledged?: boolean;
  status?: 'open' | 'closed';
  owner?: string;
  team?: string;
}

export interface JsmAccount extends VendorApi {
  /** The site, answering `/_edge/tenant_info` (a separate server: another host in real life). */
  siteUrl: string;
  cloudId: string;
  alerts: Map<string, Record<string, unknown>>;
  notes: { alertId: string; note: string }[];
  addAlert(seed: JsmAlertSeed): void;
  addSchedule(id: string, name: string, periods: { start: string; end: string; user: string }[]): void;
  closeSite(): Promise<void>;
}

export async function startJsm(o: { variant: 'jsm' | 'opsgenie'; email?: string; token: string; now: () => number }): Promise<JsmAccount> {
  const cloudId = crypto.randomUUID();
  const alerts = new Map<string, Record<string, unknown>>();
  const notes: JsmAccount['notes'] = [];
  const schedules = new Map<string, { name: string; periods: { start: string; end: string; user: string }[] }>();
  const requests = new Map<string, { asked: number; action: string; alertId: string; apply: () => void }>();
  const iso = () => new Date(o.now()).toISOString();
  const og = o.variant === 'opsgenie';
  const root = og ? '/v2' : `/jsm/ops/api/${cloudId}/v1`;
  const esc = root.replace(/[/-]/g, (c) => `\\${c}`);
  const r = (tail: string) => new RegExp(`^${esc}${tail}$`);
  const envelope = (data: unknown) => (og ? { data, took: 0.01, requestId: crypto.randomUUID() } : data);
  const idParams = og ? ['identifierType'] : [];
  let base = '';

  function list(items: unknown[], req: VendorRequest, path: string): Answer {
    const offset = Number(req.query.get('offset') ?? 0);
    const size = Number(req.query.get(og ? 'limit' : 'size') ?? 20);
    const page = items.slice(offset, offset + size);
    const q = new URLSearchParams(req.query);
    q.set('offset', String(offset + size));
    const next = offset + size < items.length ? `${base}${root}${path}?${q}` : undefined;
    return { status: 200, body: og ? { data: page, paging: next ? { next } : {}, took: 0.01, requestId: crypto.randomUUID() } : { values: page, count: items.length, links: next ? { next } : {} } };
  }

  const actionBody = z.strictObject({ user: z.string().max(100).optional(), source: z.string().max(100).optional(), note: z.string().max(25_000).optional() });
  function action(name: string, change: (a: Record<string, unknown>, body: { note?: string }) => void, body: z.ZodType = actionBody): Route {
    return {
      name: `POST ${root}/alerts/{id}/${name}`,
      method: 'POST',
      path: r(`/alerts/([^/]+)/${name}`),
      query: idParams,
      body,
      handle(req, [id]) {
        if (og && req.query.get('identifierType') !== 'id') return { status: 400, body: { message: 'identifierType must be id for a full alert id', took: 0 } };
        const alert = alerts.get(id);
        if (!alert) return { status: 404, body: { message: `Alert with id [${id}] does not exist.`, took: 0.002, requestId: crypto.randomUUID() } };
        const requestId = crypto.randomUUID();
        requests.set(requestId, { asked: 0, action: name, alertId: id, apply: () => change(alert, req.body as { note?: string }) });
        return { status: 202, body: { result: 'Request will be processed', took: 0.1, requestId } };
      },
    };
  }

  const routes: Route[] = [
    {
      name: `GET ${root}/alerts`,
      method: 'GET',
      path: r('/alerts'),
      query: ['query', 'offset', og ? 'limit' : 'size', 'sort', 'order', 'searchIdentifier', 'searchIdentifierType'],
      handle(req) {
        const q = req.query.get('query') ?? '';
        const open = q.includes('status:open');
        return list([...alerts.values()].filter((a) => !open || a.status === 'open'), req, '/alerts');
      },
    },
    {
      name: `GET ${root}/alerts/{id}`,
      method: 'GET',
      path: r('/alerts/([^/]+)'),
      query: idParams,
      handle: (_req, [id]) => (alerts.has(id) ? { status: 200, body: envelope(alerts.get(id)) } : { status: 404, body: { message: 'Alert does not exist', took: 0 } }),
    },
    action('acknowledge', (a) => Object.assign(a, { acknowledged: true, report: { ...(a.report as object), acknowledgedBy: o.email ?? 'API' } })),
    action('unacknowledge', (a) => Object.assign(a, { acknowledged: false })),
    action('close', (a) => Object.assign(a, { status: 'closed', report: { ...(a.report as object), closedBy: o.email ?? 'API' } })),
    action('notes', (a, b) => notes.push({ alertId: String(a.id), note: b.note ?? '' }), actionBody.extend({ note: z.string().min(1).max(25_000) })),
    {
      name: `GET ${root}/alerts/requests/{requestId}`,
      method: 'GET',
      path: r('/alerts/requests/([^/]+)'),
      handle(_req, [id]) {
        const request = requests.get(id);
        if (!request) return { status: 404, body: { message: 'Request not found', took: 0 } };
        // Still queued at the first ask; processed at the second.
        if (request.asked++ === 0) return { status: 404, body: { message: 'Request not processed yet', took: 0 } };
        if (request.asked === 2) request.apply();
        const status = { success: true, action: request.action, processedAt: iso(), integrationId: 'I1', isSuccess: true, status: `${request.action} processed`, alertId: request.alertId, alias: `alias-${request.alertId}` };
        return { status: 200, body: envelope(status) };
      },
    },
    {
      name: `GET ${root}/schedules`,
      method: 'GET',
      path: r('/schedules'),
      query: ['offset', og ? 'limit' : 'size', 'expand'],
      handle: (req) => list([...schedules].map(([id, s]) => ({ id, name: s.name, timezone: 'Europe/Berlin', enabled: true })), req, '/schedules'),
    },
    {
      name: `GET ${root}/schedules/{id}/timeline`,
      method: 'GET',
      path: r('/schedules/([^/]+)/timeline'),
      query: ['interval', 'intervalUnit', 'date', ...idParams, 'expand'],
      handle(req, [id]) {
        const s = schedules.get(id);
        if (!s) return { status: 404, body: { message: 'Schedule does not exist', took: 0 } };
        if (!['days', 'weeks', 'months'].includes(req.query.get('intervalUnit') ?? '')) return { status: 422, body: { message: 'intervalUnit must be days, weeks or months' } };
        const periods = s.periods.map((p) => ({ startDate: p.start, endDate: p.end, type: 'default', recipient: { id: `u-${p.user}`, type: 'user', name: p.user } }));
        return { status: 200, body: envelope({ _parent: { id, name: s.name, enabled: true }, startDate: req.query.get('date'), endDate: null, finalTimeline: { rotations: [{ id: 'r1', name: 'Rota', order: 1, periods }] } }) };
      },
    },
  ];

  const api = (await startVendorApi({
    routes,
    authorize(req) {
      const expected = og ? `GenieKey ${o.token}` : `Basic ${Buffer.from(`${o.email}:${o.token}`).toString('base64')}`;
      if (req.headers.authorization !== expected) return { status: 401, body: { message: og ? 'Could not authenticate' : 'Unauthorized; scope does not match', took: 0 } };
      return null;
    },
  })) as JsmAccount;
  base = api.url;

  // The site lives on another host in real life: its own server here.
  const site = http.createServer((req, res) => {
    api.requests.push({ method: req.method ?? 'GET', path: req.url ?? '', query: new URLSearchParams(), headers: req.headers, body: undefined, route: 'GET /_edge/tenant_info' });
    if (req.method === 'GET' && req.url === '/_edge/tenant_info') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ cloudId }));
    api.violations.push(`site: ${req.method} ${req.url} is not documented`);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));

  api.siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  api.cloudId = cloudId;
  api.alerts = alerts;
  api.notes = notes;
  api.addAlert = (seed) => {
    const created = iso();
    alerts.set(seed.id, {
      id: seed.id,
      tinyId: seed.tinyId,
      alias: `alias-${seed.id}`,
      message: seed.message,
      status: seed.status ?? 'open',
      acknowledged: seed.acknowledged ?? false,
      isSeen: false,
      tags: ['env:prod'],
      snoozed: false,
      count: 1,
      lastOccurredAt: created,
      createdAt: created,
      updatedAt: created,
      source: 'prometheus',
      owner: seed.owner ?? '',
      priority: seed.priority ?? 'P3',
      responders: seed.team ? [{ type: 'team', id: `t-${seed.team}`, name: seed.team }] : [],
      integration: { id: 'I1', name: 'Prometheus', type: 'Prometheus' },
      report: seed.acknowledged ? { acknowledgedBy: 'carol@example.com' } : {},
      description: '',
    });
  };
  api.addSchedule = (id, name, periods) => void schedules.set(id, { name, periods });
  api.closeSite = () => new Promise<void>((resolve) => site.close(() => resolve()));
  return api;
}
