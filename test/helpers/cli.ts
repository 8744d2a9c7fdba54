import { spawn } from 'node:child_process';
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
