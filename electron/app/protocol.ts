import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from '../origin';

/** The strict CSP, sent with every answer of the app's protocol (errors too); also a meta tag in renderer/index.html. */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/** Must run before app ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer from packaged files at app://baton/…; nothing outside that folder. */
export function serveRenderer(rendererDir: string): void {
  const root = path.resolve(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveInside(root, request.url);
    if (typeof file === 'number') return answer(null, file);
    try {
      const response = await net.fetch(pathToFileURL(file).toString());
      return answer(response.body, response.status, response.headers);
    } catch {
      // net.fetch rejects for a file that does not exist (net::ERR_FILE_NOT_FOUND).
      return answer(null, 404);
    }
  });
}

/** The file a request names, or the status to answer with when it names none inside `root`. */
export function resolveInside(root: string, requestUrl: string): string | 400 | 403 | 404 {
  let url: URL;
  let relative: string;
  try {
    url = new URL(requestUrl);
    relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
  } catch {
    return 400;
  }
  if (url.hostname !== APP_HOST) return 404;
  if (relative.includes('\0')) return 400;
  const file = path.resolve(root, '.' + relative);
  if (!file.startsWith(root + path.sep)) return 403;
  return file;
}

function answer(body: ConstructorParameters<typeof Response>[0], status: number, from?: Headers): Response {
  const headers = new Headers(from);
  headers.set('Content-Security-Policy', CSP);
  headers.set('X-Content-Type-Options', 'nosniff');
  if (!body) headers.set('Content-Type', 'text/plain; charset=utf-8');
  return new Response(body ?? (status === 404 ? 'Not found' : status === 403 ? 'Forbidden' : 'Bad request'), { status, headers });
}
