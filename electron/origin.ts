/**
 * Where the app's own pages live: `app://baton/…`, served by the protocol handler in app/protocol.ts.
 * The one definition; the router, the navigation guard and the tests all use it.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'baton';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/**
 * True for a URL of the app's own pages. Compares scheme and host: Node's WHATWG `URL` gives
 * "null" as the origin of any non-special scheme, so `new URL(x).origin` cannot be used here.
 * A user name, password or port makes it another origin.
 */
export function isAppUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === `${APP_SCHEME}:` && url.hostname === APP_HOST && url.port === '' && url.username === '' && url.password === '';
}
