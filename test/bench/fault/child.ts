// Drives baton-child.ts as a separate process: its readiness, its notifications, what it shows, its end.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { bundleForNode } from '../../helpers/bundle';
import type { NotificationRequest } from '../../../electron/notifier';
import type { Notified, PageRecord, ShownPage } from './score';

export type Ready = { url: string; token: string; notices: string[] } | { failed: string };

export interface BatonChild {
  /** Resolves once the services listen, or with why they did not start (bounded). */
  ready: Promise<Ready>;
  notified: Notified[];
  observe(timeoutMs?: number): Promise<{ shown: ShownPage[]; records: PageRecord[] } | null>;
  kill(): Promise<void>;
  /** Clean shutdown (bounded; SIGKILL after it). */
  exit(): Promise<void>;
  stderr(): string;
}

let bundled: Promise<string> | null = null;
export function childScript(): Promise<string> {
  bundled ??= bundleForNode(path.join(import.meta.dirname, 'baton-child.ts'));
  return bundled;
}

/** `wrap` runs the child under another program (e.g. unshare), which ends with `node <script> <dataDir>`. */
export async function startChild(dataDir: string, wrap?: (node: string, script: string, dataDir: string) => string[]): Promise<BatonChild> {
  const script = await childScript();
  const argv = wrap ? wrap(process.execPath, script, dataDir) : [process.execPath, script, dataDir];
  const child: ChildProcess = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
  const notified: Notified[] = [];
  let stderr = '';
  let buffered = '';
  let onReady: (r: Ready) => void = () => undefined;
  const waiting: ((o: { shown: ShownPage[]; records: PageRecord[] }) => void)[] = [];
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const ready = new Promise<Ready>((resolve) => {
    onReady = resolve;
    const timer = setTimeout(() => resolve({ failed: 'did not start within 20 s' }), 20_000);
    void exited.then(() => {
      clearTimeout(timer);
      resolve({ failed: `exited before it was ready: ${stderr.trim().split('\n').slice(-3).join(' | ')}` });
    });
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-8000)));
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      let message: { notified?: NotificationRequest; at?: number; ready?: { url: string; token: string }; notices?: string[]; failed?: string; observed?: { shown: ShownPage[]; records: PageRecord[] } };
      try {
        message = JSON.parse(line) as typeof message;
      } catch {
        continue;
      }
      if (message.notified) notified.push({ at: message.at ?? Date.now(), request: message.notified });
      if (message.ready) onReady({ ...message.ready, notices: message.notices ?? [] });
      if (message.failed) onReady({ failed: message.failed });
      if (message.observed) waiting.shift()?.(message.observed);
    }
  });
  child.stdin?.on('error', () => undefined);
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    ready,
    notified,
    async observe(timeoutMs = 10_000) {
      if (!alive()) return null;
      const answer = new Promise<{ shown: ShownPage[]; records: PageRecord[] }>((resolve) => waiting.push(resolve));
      child.stdin?.write('observe\n');
      return Promise.race([answer, new Promise<null>((r) => setTimeout(() => r(null), timeoutMs))]);
    },
    async kill() {
      if (alive()) child.kill('SIGKILL');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    },
    async exit() {
      if (alive()) child.stdin?.end('exit\n');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (alive()) child.kill('SIGKILL');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    },
    stderr: () => stderr,
  };
}
