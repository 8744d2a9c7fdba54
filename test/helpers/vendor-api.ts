import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';

/**
 * A paging service's HTTP API on 127.0.0.1 for services without a machine-readable description
 * (Grafana IRM, …): each route states what its documentation says a request looks like (method,
 * path, query parameters, headers, body as a zod schema) and answers in the documented shape. What
 * Baton sends that no route allows is kept in `violations` and answered 400; tests assert none.
 */
export interface VendorRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  route: string | null;
}

export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  /** e.g. "POST /api/v1/alert_groups/{id}/acknowledge" (documentation's words, for messages). */
  name: string;
  method: string;
  path: RegExp;
  /** The documented query parameters; anything else is a violation. */
  query?: readonly string[];
  /** The documented body; absent = no body. */
  body?: z.ZodType;
  handle(request: VendorRequest, params: string[]): Answer;
}

type Fault = Answer | 'hang';

export interface VendorApi {
  url: string;
  requests: VendorRequest[];
  violations: string[];
  fault(fault: Fault, times?: number, pathPrefix?: string): void;
  close(): Promise<void>;
}

/** A request's body: parsed JSON, the text itself when it is not JSON, undefined when empty. */
export async function readBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

/**
 * `authorize` says what is wrong with a request's credentials and headers (null when they are as
 * documented): it answers 401 with the service's own error body.
 */
export async function startVendorApi(o: { routes: Route[]; authorize(request: VendorRequest): Answer | null }): Promise<VendorApi> {
  const requests: VendorRequest[] = [];
  const violations: string[] = [];
  const faults: { fault: Fault; times: number; pathPrefix?: string }[] = [];
  const hanging = new Set<http.ServerResponse>();

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://x');
    const body = await readBody(req);
    const request: VendorRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body, route: null };
    requests.push(request);
    const send = (a: Answer) => {
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
      res.end(a.body === undefined ? '' : JSON.stringify(a.body));
    };
    const pending = faults.find((f) => f.times > 0 && (!f.pathPrefix || url.pathname.startsWith(f.pathPrefix)));
    if (pending) {
      pending.times--;
      if (pending.fault === 'hang') return void hanging.add(res);
      return send(pending.fault);
    }
    const refused = o.authorize(request);
    if (refused) return send(refused);
    const route = o.routes.find((r) => r.method === request.method && r.path.test(url.pathname));
    if (!route) {
      violations.push(`${request.method} ${url.pathname} is not a documented operation`);
      return send({ status: 404, body: { detail: 'Not found.' } });
    }
    request.route = route.name;
    const problems: string[] = [];
    for (const key of new Set(url.searchParams.keys())) if (!(route.query ?? []).includes(key)) problems.push(`query ${key} is not a documented parameter`);
    if (route.body) {
      const parsed = route.body.safeParse(body);
      if (!parsed.success) problems.push(`body: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    } else if (body !== undefined) problems.push('a body where the documentation has none');
    if (problems.length) {
      violations.push(`${route.name}: ${problems.join('; ')}`);
      return send({ status: 400, body: { detail: problems.join('; ') } });
    }
    send(route.handle(request, route.path.exec(url.pathname)!.slice(1).map(decodeURIComponent)));
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      violations.push(`server error: ${String(e)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    violations,
    fault: (fault, times = 1, pathPrefix) => void faults.push({ fault, times, pathPrefix }),
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
