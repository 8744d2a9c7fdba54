import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Encrypts secrets (API tokens, feed URLs with tokens) before they are stored. The app uses
 * Electron's safeStorage (OS keychain); tests and platforms without a keychain use AES-GCM
 * with a key file in the data directory. Secrets never go to the renderer.
 */
export interface SecretBox {
  readonly kind: string;
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

export function createAesBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key');
  return {
    kind: 'aes-256-gcm',
    encrypt(plain) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    decrypt(sealed) {
      const raw = Buffer.from(sealed, 'base64');
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

/** "https://example.com/…/****" — enough to recognise a URL without revealing its token. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const tail = parsed.pathname.length > 1 || parsed.search ? '/…' : '';
    return `${parsed.protocol}//${parsed.host}${tail}`;
  } catch {
    return '(invalid URL)';
  }
}

/**
 * A URL without what may be a secret in it: user name, password, query string and fragment
 * (`?token=…`, `?api_key=…`; any query value may be one). `hasSecrets` says whether anything went,
 * so the full URL is then kept only sealed. A string that is not a URL comes back as it is.
 */
export function splitUrlSecrets(url: string): { bare: string; hasSecrets: boolean } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { bare: url, hasSecrets: false };
  }
  if (!parsed.username && !parsed.password && !parsed.search && !parsed.hash) return { bare: url, hasSecrets: false };
  return { bare: `${parsed.protocol}//${parsed.host}${parsed.pathname}`, hasSecrets: true };
}

/**
 * AES-GCM with a 0600 key file in the data directory: for tests and machines without a keychain.
 * A key that cannot be written (a full disk, a read-only folder) is used from memory for this run,
 * so Baton still starts; `warn` says so, since what it seals now cannot be opened after a restart.
 */
export function createKeyFileBox(dir: string, warn: (message: string) => void = () => undefined): SecretBox {
  const keyFile = path.join(dir, 'secret.key');
  try {
    return createAesBox(fs.readFileSync(keyFile));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = crypto.randomBytes(32);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(keyFile, key, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    warn(`the key file ${keyFile} could not be written (${(error as Error).message}); secrets sealed in this run cannot be opened after a restart`);
  }
  return createAesBox(key);
}
