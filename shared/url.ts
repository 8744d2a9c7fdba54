/** True for http: and https:, the only links Baton fetches or opens; everything else is refused or shown as text. */
export function isWebProtocol(protocol: string): boolean {
  return protocol === 'http:' || protocol === 'https:';
}

/** The parsed URL when `raw` is an absolute http(s) link; null for anything else. */
export function parseWebUrl(raw: string): URL | null {
  try {
    const url = new URL(raw);
    return isWebProtocol(url.protocol) ? url : null;
  } catch {
    return null;
  }
}

export function isWebUrl(raw: string): boolean {
  return parseWebUrl(raw) !== null;
}
