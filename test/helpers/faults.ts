import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { tempDir } from './services';

/**
 * Real disk faults for tests. Permission bits do not stop root, so these use the kernel: a tmpfs
 * that is full or remounted read-only (only where `mount` is allowed), and a path under a regular
 * file (ENOTDIR), which works everywhere.
 */
export interface Mounted {
  dir: string;
  /** Remounts the file system read-only (EROFS). */
  readOnly(): void;
  /** Fills what is left of it (ENOSPC). */
  fill(): void;
  unmount(): void;
}

/** Whether this process may mount a tmpfs (root with CAP_SYS_ADMIN, outside a locked-down container). */
export const canMount: boolean = (() => {
  if (process.platform !== 'linux') return false;
  const probe = tempDir('baton-mount-probe-');
  const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]).status === 0;
  if (ok) spawnSync('umount', [probe]);
  return ok;
})();

/** A small tmpfs at a fresh folder. */
export function mountTmpfs(sizeKb = 512): Mounted {
  const dir = tempDir('baton-tmpfs-');
  const mount = (options: string) => {
    const run = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`mount failed: ${run.stderr}`);
  };
  mount(`size=${sizeKb}k`);
  return {
    dir,
    readOnly: () => {
      const run = spawnSync('mount', ['-o', 'remount,ro', dir], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`remount failed: ${run.stderr}`);
    },
    fill: () => {
      const fd = fs.openSync(path.join(dir, 'filler'), 'w');
      const block = Buffer.alloc(4096, 1);
      try {
        for (;;) fs.writeSync(fd, block);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        fs.closeSync(fd);
      }
      // The last partial block too: not one byte left.
      try {
        fs.appendFileSync(path.join(dir, 'filler'), 'x'.repeat(4095));
      } catch {
        // full
      }
    },
    unmount: () => void spawnSync('umount', ['-l', dir]),
  };
}

/** A folder path under a regular file: every mkdir, open or write under it fails with ENOTDIR. */
export function pathUnderAFile(): string {
  const file = path.join(tempDir('baton-enotdir-'), 'not-a-folder');
  fs.writeFileSync(file, 'a file where a folder should be');
  return path.join(file, 'data');
}

/** A stand-in Alertmanager API on 127.0.0.1 that answers an empty alert list and records each request. */
export async function fakeAlertmanager(): Promise<{ url: string; requests: http.IncomingMessage[]; close(): Promise<void> }> {
  const requests: http.IncomingMessage[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('[]');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
