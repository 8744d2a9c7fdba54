import fs from 'node:fs';
import path from 'node:path';

export interface Logger {
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

/** Appends one line per message to baton.log in the data directory; never throws. */
export function createFileLogger(dir: string, echo = false): Logger {
  const file = path.join(dir, 'baton.log');
  const write = (level: string, message: string, detail?: unknown) => {
    const line = `${new Date().toISOString()} ${level} ${message}${detail === undefined ? '' : ' ' + describe(detail)}\n`;
    if (echo) process.stderr.write(line);
    try {
      fs.appendFileSync(file, line);
    } catch {
      // The log is best effort; a full disk must not take the app down.
    }
  };
  return {
    info: (m, d) => write('INFO', m, d),
    warn: (m, d) => write('WARN', m, d),
    error: (m, d) => write('ERROR', m, d),
  };
}

export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (m: string, d?: unknown) =>
    void lines.push(`${level} ${m}${d === undefined ? '' : ' ' + describe(d)}`);
  return { lines, info: push('INFO'), warn: push('WARN'), error: push('ERROR') };
}

export function describe(detail: unknown): string {
  if (detail instanceof Error) return `${detail.name}: ${detail.message}`;
  if (typeof detail === 'string') return detail;
  try {
    return JSON.stringify(detail);
  } catch {
    return String(detail);
  }
}
