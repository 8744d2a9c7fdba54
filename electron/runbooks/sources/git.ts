import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { redactUrl } from '../../secrets';
import { UserError } from '../../user-error';

/** The system `git`, without a shell, never prompting, bounded in time and cancellable. */
export interface GitRunOptions {
  cwd?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export class GitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitError';
  }
}

export function runGit(args: string[], { cwd, timeoutMs = 120_000, signal }: GitRunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd,
        timeout: timeoutMs,
        signal,
        maxBuffer: 16 * 1024 * 1024,
        env: {
          ...process.env,
          GIT_TERMINAL_PROMPT: '0',
          GIT_ASKPASS: '',
          SSH_ASKPASS: '',
          // ssh must fail rather than ask (host key, passphrase): there is nobody at a terminal.
          GIT_SSH_COMMAND: process.env.GIT_SSH_COMMAND ?? 'ssh -o BatchMode=yes -o ConnectTimeout=20',
          LC_ALL: 'C',
        },
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        if (signal?.aborted) return reject(new GitError('cancelled'));
        const timedOut = (error as { killed?: boolean }).killed && !signal?.aborted;
        const detail = lastLines(stderr) || error.message;
        reject(new GitError(timedOut ? `git ${args[0]} took longer than ${Math.round(timeoutMs / 1000)} s and was stopped` : redactSecrets(detail)));
      },
    );
  });
}

/** git's own reason: its `fatal:`/`error:` lines, else the last lines it printed. */
function lastLines(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('hint:'));
  const fatal = lines.filter((l) => /^(fatal|error):/.test(l));
  return (fatal.length > 0 ? fatal : lines).slice(0, 2).join(' ');
}

/** Anything URL-shaped in git's messages loses its credentials before it is shown or logged. */
function redactSecrets(text: string): string {
  return text.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s'"]+/gi, (url) => (/@/.test(url) ? redactUrl(url) : url));
}

/** Clones on first use, then fetches and resets to the remote branch; returns the commit checked out. */
export async function syncRepository(
  url: string,
  branch: string,
  dir: string,
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<string> {
  const cloned = fs.existsSync(path.join(dir, '.git'));
  if (!cloned) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    await runGit(['clone', '--quiet', '--depth', '1', '--single-branch', '--branch', branch, '--', url, dir], options);
  } else {
    await runGit(['remote', 'set-url', 'origin', url], { ...options, cwd: dir });
    await runGit(['fetch', '--quiet', '--depth', '1', 'origin', `+refs/heads/${branch}:refs/remotes/origin/${branch}`], { ...options, cwd: dir });
    await runGit(['reset', '--quiet', '--hard', `origin/${branch}`], { ...options, cwd: dir });
  }
  return (await runGit(['rev-parse', 'HEAD'], { ...options, cwd: dir })).trim();
}

export function describeGitUrl(url: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return redactUrl(url).replace(/\/…$/, '') + safePath(url);
  return url;
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}

/** Refuses git URLs that would run commands or use a transport Baton does not clone over. */
export function checkGitUrl(url: string): void {
  if (/^-/.test(url) || /^ext::|^fd::/i.test(url)) throw new UserError('That git URL is not allowed.');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    const protocol = url.slice(0, url.indexOf(':')).toLowerCase();
    if (!['https', 'http', 'ssh', 'git', 'file'].includes(protocol)) throw new UserError(`Baton clones over https, ssh, git or file, not ${protocol}.`);
  }
}
