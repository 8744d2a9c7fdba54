import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { tempDir } from './services';

export interface WebhookTarget {
  url: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
}

export interface AlertmanagerOptions {
  /** Every notification goes to all of these (one receiver, several webhook_configs, delivered in parallel). */
  webhooks?: WebhookTarget[];
  groupWait?: string;
  groupInterval?: string;
  /** global.resolve_timeout (Alertmanager's default is 5m). */
  resolveTimeout?: string;
  /** Listen on this port (e.g. one a client was configured with before Alertmanager came up). */
  port?: number;
  /** Keep state (silences, notification log) here, across a restart; left in place by stop(). */
  storageDir?: string;
}

export interface PostedAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
}

export interface RealAlertmanager {
  url: string;
  postAlerts(alerts: PostedAlert[]): Promise<void>;
  alerts(): Promise<Array<{ fingerprint: string; labels: Record<string, string>; status: { state: string; silencedBy: string[] } }>>;
  silences(): Promise<Array<{ id: string; status: { state: string }; createdBy: string; comment: string; matchers: Array<{ name: string; value: string }> }>>;
  stop(): Promise<void>;
  /** Ends the process with this signal (SIGKILL: no shutdown snapshot) and waits for it to exit. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Debian's prometheus-alertmanager on 127.0.0.1 (a free port, clustering off, storage in a
 * temporary directory), routing everything to the given webhooks with a short group_wait.
 */
export async function startAlertmanager(options: AlertmanagerOptions = {}): Promise<RealAlertmanager> {
  const dir = tempDir('baton-am-');
  const webhooks = options.webhooks ?? [];
  const config = [
    ...(options.resolveTimeout ? ['global:', `  resolve_timeout: ${options.resolveTimeout}`] : []),
    'route:',
    '  receiver: baton',
    "  group_by: ['alertname']",
    `  group_wait: ${options.groupWait ?? '100ms'}`,
    `  group_interval: ${options.groupInterval ?? '1s'}`,
    '  repeat_interval: 1h',
    'receivers:',
    '  - name: baton',
    ...(webhooks.length
      ? [
          '    webhook_configs:',
          ...webhooks.flatMap((w) => [
            `      - url: '${w.url}'`,
            '        send_resolved: true',
            ...(w.token ? ['        http_config:', '          authorization:', '            type: Bearer', `            credentials: '${w.token}'`] : []),
          ]),
        ]
      : []),
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'alertmanager.yml'), config + '\n');

  let lastError = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = options.port ?? (await freePort());
    const url = `http://127.0.0.1:${port}`;
    const child: ChildProcess = spawn(
      'prometheus-alertmanager',
      [
        `--config.file=${path.join(dir, 'alertmanager.yml')}`,
        `--storage.path=${options.storageDir ?? path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    const deadline = Date.now() + 15_000;
    let ready = false;
    while (Date.now() < deadline && child.exitCode === null) {
      try {
        const r = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
        if (r.ok) {
          ready = true;
          break;
        }
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    if (!ready) {
      lastError = stderr;
      await stop();
      continue;
    }
    const api = async (method: string, pathname: string, body?: unknown) => {
      const r = await fetch(`${url}${pathname}`, {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(5000),
      });
      if (!r.ok) throw new Error(`Alertmanager ${method} ${pathname}: ${r.status} ${await r.text()}`);
      const text = await r.text();
      return text ? JSON.parse(text) : null;
    };
    return {
      url,
      postAlerts: async (alerts) => void (await api('POST', '/api/v2/alerts', alerts)),
      alerts: () => api('GET', '/api/v2/alerts'),
      silences: () => api('GET', '/api/v2/silences'),
      async stop() {
        await stop();
        fs.rmSync(dir, { recursive: true, force: true });
      },
      async kill(signal) {
        await stop(signal);
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  throw new Error(`Alertmanager did not start: ${lastError}`);
}
