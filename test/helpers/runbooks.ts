import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { tempDir } from './services';
import type { EventData } from '../../shared/events';

export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Runbook Author',
  GIT_AUTHOR_EMAIL: 'author@example.com',
  GIT_COMMITTER_NAME: 'Runbook Author',
  GIT_COMMITTER_EMAIL: 'author@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

/** A bare repository (the "remote", reachable by path) and a working clone that pushes to it. */
export function gitRemote(files: Record<string, string>, branch = 'main') {
  const root = tempDir('baton-git-');
  const bare = path.join(root, 'runbooks.git');
  const work = path.join(root, 'work');
  const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env: gitEnv, stdio: 'pipe' }).toString();
  git(root, 'init', '--quiet', '--bare', `--initial-branch=${branch}`, bare);
  git(root, 'init', '--quiet', `--initial-branch=${branch}`, work);
  const commit = (next: Record<string, string>, remove: string[] = [], message = 'Update runbooks') => {
    writeFiles(work, next);
    for (const name of remove) git(work, 'rm', '--quiet', name);
    git(work, 'add', '-A');
    git(work, 'commit', '--quiet', '-m', message);
    git(work, 'push', '--quiet', bare, `HEAD:${branch}`);
  };
  commit(files, [], 'Initial runbooks');
  return { bare, work, commit, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/** A runbook server on 127.0.0.1 (ephemeral port) that records what it was asked. */
export async function runbookServer(routes: Record<string, (req: http.IncomingMessage, res: http.ServerResponse) => void>) {
  const requests: { path: string; ifNoneMatch?: string; ifModifiedSince?: string }[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push({ path: pathname, ifNoneMatch: req.headers['if-none-match'], ifModifiedSince: req.headers['if-modified-since'] as string | undefined });
    const route = routes[pathname];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    route(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Serves Markdown with an ETag, answering 304 to a matching If-None-Match. */
export function markdownWithEtag(get: () => string) {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    const body = get();
    const etag = `"${Buffer.from(body).length.toString(16)}-${simpleHash(body)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/markdown; charset=utf-8', etag, 'last-modified': 'Sat, 21 Nov 2026 08:00:00 GMT' }).end(body);
  };
}

function simpleHash(text: string): string {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
  return (h >>> 0).toString(16);
}

export const CRASHLOOP_RUNBOOK = `---
title: Pod is crash looping
alert: KubePodCrashLooping
service: payments
team: platform
severity: critical
---
# KubePodCrashLooping

A pod restarts over and over. Usually a bad config or an OOM kill.

## Diagnose

- [ ] Check the pod's recent events
- [ ] Look at the previous container's logs

\`\`\`sh
kubectl -n payments describe pod "$POD"
kubectl -n payments logs "$POD" --previous
\`\`\`

## Mitigate

1. Roll back the last deploy: \`kubectl rollout undo deploy/payments-api\`
2. If the node is under memory pressure, cordon it.

See the [Kubernetes docs](https://kubernetes.io/docs/tasks/debug/debug-application/debug-pods/).
`;

/** A page for a crash-looping payments pod whose alert links `url` as its runbook (the pod and source vary). */
export function crashLoopingPage(
  url: string,
  page: Pick<EventData<'page.received'>, 'pageId' | 'sourceName' | 'dedupKey' | 'title'> & { summary: string },
): EventData<'page.received'> {
  const { summary, ...names } = page;
  return {
    ...names,
    sourceId: 'alertmanager',
    severity: 'critical',
    labels: { alertname: 'KubePodCrashLooping', namespace: 'payments', service: 'payments', severity: 'critical' },
    annotations: { runbook_url: url, summary },
    runbookUrl: url,
    startsAt: '2026-11-22T08:00:00Z',
  };
}
