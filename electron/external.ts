import { UserError } from './user-error';
import { isWebProtocol } from '../shared/url';

/** Only plain web links leave the app; everything else (file:, javascript:, custom schemes) is refused in main. */
export function checkExternalUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError(`Not a valid link: ${raw.slice(0, 200)}`);
  }
  if (!isWebProtocol(url.protocol)) {
    throw new UserError(`Baton only opens http and https links (this one is ${url.protocol}).`);
  }
  if (url.username || url.password) throw new UserError('Baton does not open links that carry a user name or password.');
  return url.toString();
}
