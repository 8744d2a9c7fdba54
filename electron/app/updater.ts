import fs from 'node:fs';
import path from 'node:path';
import { autoUpdater, BaseUpdater } from 'electron-updater';
import type { Logger } from '../log';
import type { Updater, UpdaterEvent } from '../updates';
import { errorText } from '../../shared/errors';

/**
 * electron-updater against the feed the packaged app carries (electron-builder writes
 * `app-update.yml` from `publish` in electron-builder.yml): downloads in the background; Baton
 * installs the update itself when it quits (its quit waits for the services, then exits, so the
 * library's own quit hook is not relied on) and never restarts by itself.
 */
export function electronUpdater(o: { log: Logger; isPackaged: boolean; platform: NodeJS.Platform; env: NodeJS.ProcessEnv }): Updater {
  const listeners: ((event: UpdaterEvent) => void)[] = [];
  const emit = (event: UpdaterEvent) => listeners.forEach((listener) => listener(event));
  let wired = false;
  const updater = () => {
    if (wired) return autoUpdater;
    wired = true;
    autoUpdater.logger = { info: (m: unknown) => o.log.info(`updater: ${String(m)}`), warn: (m: unknown) => o.log.warn(`updater: ${String(m)}`), error: (m: unknown) => o.log.error(`updater: ${String(m)}`), debug: () => undefined };
    autoUpdater.autoDownload = true;
    autoUpdater.autoInstallOnAppQuit = true;
    autoUpdater.autoRunAppAfterInstall = false;
    autoUpdater.on('checking-for-update', () => emit({ type: 'checking' }));
    autoUpdater.on('update-available', (info) => emit({ type: 'available', version: info.version }));
    autoUpdater.on('update-not-available', () => emit({ type: 'current' }));
    autoUpdater.on('download-progress', (progress) => emit({ type: 'progress', percent: progress.percent }));
    autoUpdater.on('update-downloaded', (info) => emit({ type: 'downloaded', version: info.version }));
    autoUpdater.on('error', (error) => emit({ type: 'error', message: errorText(error) }));
    return autoUpdater;
  };
  return {
    inactiveReason() {
      if (!o.isPackaged) return 'Baton runs from a checkout (npm start); installed copies update themselves.';
      if (o.platform === 'linux' && !o.env.APPIMAGE && !o.env.SNAP && !isDebInstall()) return 'this copy is not an AppImage or a .deb install, so it cannot replace itself; update it the way it was installed.';
      return null;
    },
    async check() {
      await updater().checkForUpdates();
    },
    onEvent: (listener) => void listeners.push(listener),
    install(restart) {
      const current = updater();
      // macOS (Squirrel.Mac) puts a downloaded update in place by itself as the app exits.
      if (!(current instanceof BaseUpdater)) return true;
      return current.install(true, restart);
    },
  };
}

/** electron-builder marks a .deb install with `resources/package-type` = deb (electron-updater then uses dpkg). */
function isDebInstall(): boolean {
  try {
    return fs.readFileSync(path.join(process.resourcesPath, 'package-type'), 'utf8').trim() === 'deb';
  } catch {
    return false;
  }
}
