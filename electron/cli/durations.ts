import { CliError, ExitCode } from './exit';

const UNIT_MINUTES: Record<string, number> = { m: 1, min: 1, h: 60, d: 1440 };

/** "30m", "1h", "2h30m", "1d", "90" (minutes) → minutes; a usage error names what it could not read. */
export function parseMinutes(text: string, what: string): number {
  const trimmed = text.trim().toLowerCase();
  if (/^\d+$/.test(trimmed)) return check(Number(trimmed), text, what);
  const parts = [...trimmed.matchAll(/(\d+)\s*(min|m|h|d)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== trimmed.replace(/\s+/g, '')) {
    throw new CliError(`${what}: “${text}” is not a duration (e.g. 30m, 1h, 2h30m, 1d)`, ExitCode.usage);
  }
  return check(
    parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_MINUTES[p[2]], 0),
    text,
    what,
  );
}

function check(minutes: number, text: string, what: string): number {
  if (!Number.isSafeInteger(minutes) || minutes < 1) throw new CliError(`${what}: “${text}” must be at least one minute`, ExitCode.usage);
  return minutes;
}

/** A due date as the Log takes it: YYYY-MM-DD, a real day. */
export function parseDueDate(text: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!match || !date || date.toISOString().slice(0, 10) !== match[0]) throw new CliError(`--due: “${text}” is not a date (YYYY-MM-DD)`, ExitCode.usage);
  return match[0];
}
