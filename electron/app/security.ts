import { session, shell, type WebContents } from 'electron';
import { checkExternalUrl } from '../external';
import { isAppUrl } from '../origin';

/** DESIGN §5: deny every permission, every new window, every navigation off the app's origin. */
export function hardenSession(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

export function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    openIfWebLink(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    openIfWebLink(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function openIfWebLink(url: string): void {
  try {
    void shell.openExternal(checkExternalUrl(url));
  } catch {
    // Not an http(s) link: dropped on purpose.
  }
}
