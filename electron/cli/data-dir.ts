import os from 'node:os';
import path from 'node:path';

/**
 * Baton's data folder, where Electron's `app.getPath('userData')` puts it for the product name
 * "Baton": `$XDG_CONFIG_HOME/Baton` (or `~/.config/Baton`) on Linux, `~/Library/Application Support/Baton`
 * on macOS, `%APPDATA%\Baton` on Windows. `--data-dir` or `BATON_DATA_DIR` choose another (tests,
 * a second profile).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.BATON_DATA_DIR) return path.resolve(env.BATON_DATA_DIR);
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Baton');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Baton');
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'Baton');
}
