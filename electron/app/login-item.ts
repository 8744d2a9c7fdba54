import os from 'node:os';
import path from 'node:path';
import type { App } from 'electron';
import type { LoginItem } from '../desktop/launch-at-login';
import { HIDDEN_ARG, xdgAutostart } from '../desktop/xdg-autostart';

/**
 * How this OS starts Baton at login. Linux: an XDG autostart entry Baton writes itself (Electron's
 * login-item API is macOS and Windows only), starting the AppImage when Baton runs from one.
 * macOS and Windows: Electron's login-item API, with the argument that starts Baton in the tray.
 */
type LoginApp = Pick<App, 'isPackaged' | 'getAppPath' | 'getLoginItemSettings' | 'setLoginItemSettings'>;

export function loginItemFor(app: LoginApp, platform: NodeJS.Platform, env: NodeJS.ProcessEnv): LoginItem {
  if (platform === 'linux') {
    const exec = env.APPIMAGE ? [env.APPIMAGE] : app.isPackaged ? [process.execPath] : [process.execPath, app.getAppPath()];
    return xdgAutostart({ configHome: env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), exec });
  }
  const args = platform === 'win32' ? [HIDDEN_ARG] : [];
  return {
    where: platform === 'darwin' ? 'System Settings → General → Login Items' : 'Settings → Apps → Startup',
    isEnabled: () => app.getLoginItemSettings({ args }).openAtLogin,
    setEnabled: (on) => app.setLoginItemSettings({ openAtLogin: on, args }),
  };
}

/** Started by the login entry: Baton goes to the tray and does not show its window. */
export function startedAtLogin(app: Pick<App, 'getLoginItemSettings'>, platform: NodeJS.Platform, argv: readonly string[]): boolean {
  if (argv.includes(HIDDEN_ARG)) return true;
  return platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
}
