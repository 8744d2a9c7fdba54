/** Small helpers the runbook modules share: link checks and readable errors. */

export function isWebUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:';
  } catch {
    return false;
  }
}

/** The path of a URL, or '' when it is not one. */
export function safePathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}

/** A source id as a directory name. */
export function safeName(id: string): string {
  return id.replace(/[^a-zA-Z0-9_-]/g, '_');
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
