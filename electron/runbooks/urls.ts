/** Small helpers the runbook modules share about URLs and names (the http(s) check is shared/url's isWebUrl). */

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
