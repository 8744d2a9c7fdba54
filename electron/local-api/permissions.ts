import fs from 'node:fs';

/**
 * Owner-only checks for the local API's files. Whoever can connect to the socket and read the token
 * can act as the user, so the folder must be the user's own and closed to everyone else, and so must
 * the socket and the token. Each check says what is wrong, in words, or null when all is well.
 * (Windows has no such modes: the named pipe and the token file are guarded by the user's profile.)
 */

const uid = (): number | null => (typeof process.getuid === 'function' ? process.getuid() : null);

function describeMode(mode: number): string {
  return `0${(mode & 0o777).toString(8)}`;
}

function ownership(stat: fs.Stats, what: string, file: string): string | null {
  const me = uid();
  if (me !== null && stat.uid !== me) return `${what} ${file} belongs to another user (uid ${stat.uid}, you are ${me})`;
  return null;
}

/** The folder holding the socket and token: a real directory (not a link), mine, mode 0700. */
export function privateDirProblem(dir: string): string | null {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(dir);
  } catch (error) {
    return `${dir} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  if (!stat.isDirectory()) return `${dir} is not a folder`;
  const owner = ownership(stat, 'the folder', dir);
  if (owner) return owner;
  if ((stat.mode & 0o077) !== 0) return `the folder ${dir} is open to other users (mode ${describeMode(stat.mode)}); it must be 0700 (chmod 700 "${dir}")`;
  return null;
}

/** A file the API keeps (the socket or the token): of the expected kind, mine, and closed to others. */
export function privateFileProblem(file: string, kind: 'socket' | 'file'): string | null {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch (error) {
    return `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  if (kind === 'socket' ? !stat.isSocket() : !stat.isFile()) return `${file} is not a ${kind === 'socket' ? 'socket' : 'regular file'}`;
  const owner = ownership(stat, kind === 'socket' ? 'the socket' : 'the file', file);
  if (owner) return owner;
  if ((stat.mode & 0o077) !== 0) return `${file} is open to other users (mode ${describeMode(stat.mode)}); it must be 0600`;
  return null;
}
