import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { _electron as electron } from 'playwright-core';

// The real app under the real Electron binary. The npm package is installed everywhere, but its
// binary is downloaded separately; where it is missing (as on CI here) this reports itself skipped.
const root = path.resolve(import.meta.dirname, '../..');
const electronBinary = findElectronBinary();
const reason = electronBinary ? '' : ' — skipped: no Electron binary installed (the electron package has no dist/)';

function findElectronBinary(): string | null {
  try {
    const binary = createRequire(import.meta.url)('electron') as unknown;
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

describe.skipIf(!electronBinary)(`Electron smoke test${reason}`, () => {
  it('starts the app with the tray and window, loads the renderer from app://, and exposes only the contract', async () => {
    const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-electron-'));
    const app = await electron.launch({
      executablePath: electronBinary ?? undefined,
      args: [root, `--user-data-dir=${userData}`],
      env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' },
    });
    try {
      const page = await app.firstWindow();
      await page.waitForSelector('#view-title');
      expect(new URL(page.url()).origin).toBe('app://baton');
      const exposed = await page.evaluate(() => ({
        keys: Object.keys(window.baton).sort(),
        require: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process,
      }));
      expect(exposed.keys).toContain('getState');
      expect(exposed.require).toBe('undefined');
      expect(exposed.process).toBe('undefined');
      const state = await page.evaluate(() => window.baton.getState());
      expect(state.app.version).toBe('0.1.0');
      const hiddenOnClose = await app.evaluate(({ BrowserWindow }) => {
        const w = BrowserWindow.getAllWindows()[0];
        w.close();
        return !w.isDestroyed() && !w.isVisible();
      });
      expect(hiddenOnClose).toBe(true);
    } finally {
      await app.close();
    }
  });
});
