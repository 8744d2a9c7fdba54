import type { App, Dock } from 'electron';

/** The same as `appId` in electron-builder.yml (a test holds them together). */
export const APP_USER_MODEL_ID = 'dev.baton.app';
/** The name of the .desktop file the Linux packages install (electron-builder names it after the package): the notification daemon's `desktop-entry` hint. */
export const DESKTOP_ENTRY = 'baton-app';

/**
 * What a tray app needs from each desktop: on macOS no Dock icon (Baton lives in the menu bar);
 * on Windows an AppUserModelID matching the installer's, or notifications are not attributed to Baton.
 */
export function settleIntoPlatform(app: Pick<App, 'setAppUserModelId'> & { dock?: Pick<Dock, 'hide'> }, platform: NodeJS.Platform): void {
  if (platform === 'darwin') app.dock?.hide();
  if (platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
}
