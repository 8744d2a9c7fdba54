import ElectronStore from 'electron-store';
import { safeStorage } from 'electron';
import { createKeyFileBox, type SecretBox } from '../secrets';
import type { KeyValueStore } from '../settings';

export function createElectronStore(dir: string): KeyValueStore {
  return new ElectronStore<Record<string, unknown>>({ name: 'settings', cwd: dir, clearInvalidConfig: false });
}

/**
 * Secrets are sealed with the OS keychain via safeStorage. Where it has no real backend
 * (Linux without a keyring reports 'basic_text'), fall back to AES-GCM with a key file only
 * the user can read, and say so in the log.
 */
export function createSecretBox(dir: string, warn: (message: string) => void): SecretBox {
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
  if (safeStorage.isEncryptionAvailable() && backend !== 'basic_text') {
    return {
      kind: `safeStorage:${backend}`,
      encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
      decrypt: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
    };
  }
  warn('safeStorage has no keyring here; secrets are sealed with a local key file instead');
  return createKeyFileBox(dir, warn);
}

