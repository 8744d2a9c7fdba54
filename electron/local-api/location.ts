import crypto from 'node:crypto';
import path from 'node:path';

/**
 * Where the local API lives for a data folder. Unix: `<data>/api/` (0700) holds the socket
 * `baton.sock` (0600) and the per-install token `token` (0600). Windows: a named pipe whose name is
 * derived from the data folder (pipes live in their own namespace), the token in the same file.
 * The app and the `baton` command both ask this function, so they cannot disagree.
 */
export interface LocalApiLocation {
  dir: string;
  /** The socket path, or the pipe name on Windows. */
  socket: string;
  tokenFile: string;
  /** A named pipe: no file permissions to check (the token is the guard). */
  pipe: boolean;
}

export function localApiLocation(dataDir: string, platform: NodeJS.Platform = process.platform): LocalApiLocation {
  const dir = path.join(dataDir, 'api');
  const tokenFile = path.join(dir, 'token');
  if (platform === 'win32') {
    const id = crypto.createHash('sha256').update(path.resolve(dataDir).toLowerCase()).digest('hex').slice(0, 16);
    return { dir, socket: `\\\\.\\pipe\\baton-${id}`, tokenFile, pipe: true };
  }
  return { dir, socket: path.join(dir, 'baton.sock'), tokenFile, pipe: false };
}

/** A Unix socket path longer than this cannot be bound (sun_path is 104 bytes on macOS, 108 on Linux). */
export const MAX_SOCKET_PATH = 103;
