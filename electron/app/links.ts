import path from 'node:path';
import type { App } from 'electron';
import { BATON_SCHEME } from '../../shared/links';

/**
 * Registers Baton as the handler of `baton://` links with the OS. Packaged, the installers declare
 * the scheme too (electron-builder.yml `protocols`); from a checkout, Electron is registered with the
 * app's folder as its argument, as Electron documents for development.
 */
export function registerLinkScheme(app: Pick<App, 'isPackaged' | 'setAsDefaultProtocolClient'>, argv: readonly string[]): boolean {
  if (app.isPackaged || !argv[1]) return app.setAsDefaultProtocolClient(BATON_SCHEME);
  return app.setAsDefaultProtocolClient(BATON_SCHEME, process.execPath, [path.resolve(argv[1])]);
}

/** The `baton://` links on a command line (a start, or a second start, from a clicked link on Windows and Linux). */
export function linksIn(argv: readonly string[]): string[] {
  return argv.filter((arg) => arg.toLowerCase().startsWith(`${BATON_SCHEME}:`));
}
