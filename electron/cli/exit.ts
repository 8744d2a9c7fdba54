/**
 * The `baton` command's exit codes: scripts rely on them, so they never change meaning.
 * (Documented in the README's Terminal section and in `baton --help`.)
 */
export const ExitCode = {
  ok: 0,
  /** The request failed (Baton said why), or the data could not be read. */
  error: 1,
  /** The command line was wrong (unknown command or option, a bad duration or date). */
  usage: 2,
  /** Baton is not running: a write was not made (read commands fall back to the journal instead). */
  notRunning: 3,
  /** The token was refused or cannot be read: the app and the command disagree about who may talk. */
  auth: 4,
  /** The socket, its folder or the token is not private to this user: the command does not use it. */
  unsafe: 5,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A failure the command reports in one sentence and exits with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: ExitCode,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const EXIT_CODES_HELP = `Exit codes:
  0  ok
  1  error (Baton refused or failed the request; the data could not be read)
  2  usage (unknown command or option, bad duration or date)
  3  Baton is not running (nothing was written; read commands use the journal instead)
  4  authentication (the token was refused or cannot be read)
  5  unsafe (the socket, its folder or the token is open to other users)`;
