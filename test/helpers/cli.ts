import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The built `baton` command (npm run build / build.mjs --cli), as users and the packaged launcher run it. */
export const BATON_CLI = path.resolve(import.meta.dirname, '../../dist/cli/baton.cjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built command in a child Node process (the Node 24 running the tests) against a data
 * folder; resolves when it exits, whatever its exit code. Bounded: a command that hangs is killed.
 */
export function runBaton(dataDir: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliRun> {
  return runCommand(process.execPath, [BATON_CLI, '--data-dir', dataDir, ...args], { ...options, env: { ...process.env, BATON_DATA_DIR: '', ...options.env } });
}

/** Any program, asynchronously (the services answering it run in this process, so never spawnSync). */
export function runCommand(file: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Every entry under a folder with its size, mode, modification time and (for a file) a hash of its bytes: "nothing was written" made checkable. */
export function folderState(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((e) => {
      const file = path.join(e.parentPath, e.name);
      const stat = fs.lstatSync(file);
      const hash = stat.isFile() ? crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 16) : e.isSocket() ? 'socket' : e.isDirectory() ? 'folder' : 'other';
      return `${path.relative(dir, file)} ${stat.size} ${stat.mode.toString(8)} ${stat.mtimeMs} ${hash}`;
    })
    .sort();
}

/**
 * A rotation Alice → Bob whose current shift is Alice's from today 00:00 UTC for 100 days. The
 * command runs as its own process on the real clock (as it does for a user), so the schedule is
 * placed relative to now: whatever the date, Alice is on call and no handoff is near the test.
 */
export function rotationFromToday(timeZone = 'UTC') {
  const today = new Date(Date.now()).toISOString().slice(0, 10);
  return { members: ['Alice', 'Bob'], handoffTime: '00:00', length: 'custom' as const, customDays: 100, startDate: today, timeZone };
}
