import fs from 'node:fs';
import path from 'node:path';
import { GitError, runGit } from '../../runbooks/sources/git';

/**
 * A working copy of the shared repository of handoffs, driven with the system `git` (as runbook
 * repositories are): fetched and rebased before anything is read or written, so local commits
 * the remote has not taken yet (pushed offline) survive and go out at the next sync.
 */
export interface RepoFile {
  /** Relative to the repository root, with `/`. */
  path: string;
  content: string;
}

export interface Author {
  name: string;
  email: string;
}

export const HANDOFF_FOLDER = 'handoffs';
const TIMEOUT_MS = 30_000;

export interface HandoffRepo {
  /** Fetches, rebases what is local onto it and pushes what waits; resolves to whether something is still unpushed. */
  sync(): Promise<{ unpushed: boolean }>;
  /** Writes, commits and pushes (retrying after a concurrent push); a failed push leaves the commit to the next sync. */
  commit(files: RepoFile[], message: string, author: Author): Promise<{ pushed: boolean; error: string | null }>;
  /** The handoff files (`handoffs/*.json`) as they are in the working copy now. */
  files(): RepoFile[];
  exists(relative: string): boolean;
}

export function openHandoffRepo(dir: string, url: string, branch: string): HandoffRepo {
  const git = (args: string[]) => runGit(args, { cwd: dir, timeoutMs: TIMEOUT_MS });
  const remoteRef = `refs/remotes/origin/${branch}`;

  async function prepare(): Promise<void> {
    if (!fs.existsSync(path.join(dir, '.git'))) {
      fs.mkdirSync(dir, { recursive: true });
      await git(['init', '--quiet']);
      await git(['symbolic-ref', 'HEAD', `refs/heads/${branch}`]);
      await git(['remote', 'add', 'origin', url]);
    } else {
      await git(['remote', 'set-url', 'origin', url]);
    }
  }

  /** Whether the remote has the branch yet (a new, empty repository has none). */
  async function fetch(): Promise<boolean> {
    try {
      await git(['fetch', '--quiet', 'origin', `+refs/heads/${branch}:${remoteRef}`]);
      return true;
    } catch (error) {
      if (error instanceof GitError && /couldn't find remote ref/i.test(error.message)) return false;
      throw error;
    }
  }

  const hasHead = () => git(['rev-parse', '--verify', '--quiet', 'HEAD']).then(() => true, () => false);

  async function integrate(remoteHasBranch: boolean): Promise<void> {
    if (!remoteHasBranch) return;
    if (!(await hasHead())) {
      await git(['reset', '--quiet', '--hard', remoteRef]);
      return;
    }
    try {
      await git(['-c', 'core.editor=true', 'rebase', '--quiet', remoteRef]);
    } catch (error) {
      await git(['rebase', '--abort']).catch(() => undefined);
      throw new GitError(`the local handoff commits do not apply on top of the repository's (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  async function unpushed(remoteHasBranch: boolean): Promise<boolean> {
    if (!(await hasHead())) return false;
    if (!remoteHasBranch) return true;
    return (await git(['rev-list', '--count', `${remoteRef}..HEAD`])).trim() !== '0';
  }

  async function pushWithRetry(): Promise<{ pushed: boolean; error: string | null }> {
    let lastError = '';
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await git(['push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`]);
        await fetch();
        return { pushed: true, error: null };
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
        // Someone pushed meanwhile: take theirs and try again; anything else waits for the next sync.
        if (!/rejected|non-fast-forward|fetch first/i.test(lastError)) break;
        await integrate(await fetch());
      }
    }
    return { pushed: false, error: lastError };
  }

  return {
    async sync() {
      await prepare();
      const remote = await fetch();
      await integrate(remote);
      if (await unpushed(remote)) {
        const result = await pushWithRetry();
        if (!result.pushed) throw new GitError(result.error ?? 'push failed');
      }
      return { unpushed: false };
    },
    async commit(files, message, author) {
      await prepare();
      await integrate(await fetch());
      for (const file of files) {
        const target = path.join(dir, ...file.path.split('/'));
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, file.content);
      }
      await git(['add', '--', ...files.map((f) => f.path)]);
      const staged = (await git(['diff', '--cached', '--name-only'])).trim();
      if (staged) {
        await git(['-c', `user.name=${author.name}`, '-c', `user.email=${author.email}`, '-c', 'commit.gpgsign=false', 'commit', '--quiet', '--no-verify', '-m', message]);
      }
      return pushWithRetry();
    },
    files() {
      const folder = path.join(dir, HANDOFF_FOLDER);
      let names: string[];
      try {
        names = fs.readdirSync(folder).filter((n) => n.endsWith('.json'));
      } catch {
        return [];
      }
      const out: RepoFile[] = [];
      for (const name of names.sort()) {
        try {
          const file = path.join(folder, name);
          // A handoff is a few hundred kB at most; anything far larger is not one.
          if (fs.statSync(file).size > 10 * 1024 * 1024) continue;
          out.push({ path: `${HANDOFF_FOLDER}/${name}`, content: fs.readFileSync(file, 'utf8') });
        } catch {
          // Removed between listing and reading: it is gone.
        }
      }
      return out;
    },
    exists: (relative) => fs.existsSync(path.join(dir, ...relative.split('/'))),
  };
}
