import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../user-error';
import { checkGitUrl, GitError, runGit } from './sources/git';

/**
 * Where a source is, checked when it is added so a mistake is told at once and not at the first
 * sync: `~` is the home folder, a relative path is refused (relative to what? Baton has no working
 * folder a user knows), and a local folder or repository must exist. Remote git URLs are checked
 * for their form only: a source may well be added while the VPN is down, and its syncs report
 * what the remote says.
 */

/** `~` and `~/x` → the home folder; anything else unchanged. */
export function expandHome(input: string, home = os.homedir()): string {
  const trimmed = input.trim();
  if (trimmed === '~') return home;
  if (trimmed.startsWith('~/') || (process.platform === 'win32' && trimmed.startsWith('~\\'))) return path.join(home, trimmed.slice(2));
  return trimmed;
}

function refuseRelative(input: string, what: string): never {
  throw new UserError(
    `“${input}” is a relative path, and Baton cannot tell what it is relative to. Give the ${what} as a full path (or start it with ~/ for your home folder), or choose it with “Choose…”.`,
  );
}

/** The folder as a full path, after checking it exists and can be read. */
export async function checkFolder(input: string, home?: string): Promise<string> {
  const expanded = expandHome(input, home);
  if (/^~[^/\\]/.test(expanded)) throw new UserError(`Baton expands ~ only for your own home folder (~/…), not “${input}”.`);
  if (!path.isAbsolute(expanded)) refuseRelative(input, 'folder');
  const full = path.resolve(expanded);
  let stat;
  try {
    stat = await fsp.stat(full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `There is no folder ${full}.` : `${full} cannot be read (${code ?? 'error'}).`);
  }
  if (!stat.isDirectory()) throw new UserError(`${full} is a file, not a folder.`);
  try {
    await fsp.access(full, fsp.constants.R_OK | fsp.constants.X_OK);
  } catch {
    throw new UserError(`${full} cannot be read (permission denied).`);
  }
  return full;
}

export type GitLocation = { kind: 'remote'; url: string } | { kind: 'local'; url: string };

/** What kind of git location the input is, with a local path expanded; refuses relative paths and forbidden URLs. */
export function classifyGitLocation(input: string, home?: string): GitLocation {
  const trimmed = input.trim();
  checkGitUrl(trimmed);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      throw new UserError(`“${trimmed}” is not a valid URL.`);
    }
    if (url.protocol === 'file:') return { kind: 'local', url: trimmed };
    if (!url.hostname) throw new UserError(`The git URL “${trimmed}” names no host.`);
    return { kind: 'remote', url: trimmed };
  }
  const expanded = expandHome(trimmed, home);
  if (path.isAbsolute(expanded)) return { kind: 'local', url: path.resolve(expanded) };
  // scp-like ssh: [user@]host:path (no slash before the colon).
  if (/^[^/\\:]+:/.test(trimmed) && !trimmed.startsWith('~')) return { kind: 'remote', url: trimmed };
  return refuseRelative(input, 'repository');
}

/**
 * The git location to store: a remote URL as given; a local repository as a full path, after git
 * itself has confirmed it is a repository with that branch.
 */
export async function checkGitLocation(input: string, branch: string, home?: string, timeoutMs = 20_000): Promise<string> {
  const location = classifyGitLocation(input, home);
  if (location.kind === 'remote') return location.url;
  const dir = location.url.startsWith('file:') ? decodeURIComponent(new URL(location.url).pathname) : location.url;
  try {
    await fsp.stat(dir);
  } catch {
    throw new UserError(`There is no repository at ${dir}.`);
  }
  let heads: string;
  try {
    heads = await runGit(['ls-remote', '--heads', '--', location.url, `refs/heads/${branch}`], { timeoutMs });
  } catch (error) {
    throw new UserError(`${dir} is not a git repository Baton can read (${error instanceof GitError ? error.message : String(error)}).`);
  }
  if (!heads.trim()) throw new UserError(`The repository at ${dir} has no branch “${branch}”.`);
  return location.url;
}
