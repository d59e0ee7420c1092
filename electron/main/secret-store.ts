import { safeStorage } from 'electron';
import { createFileSecretStore, createMemorySecretStore, type SecretStore } from '../services/cloud/secret-store';

/**
 * The session store of the desktop app: one file encrypted with safeStorage (Keychain on macOS,
 * DPAPI on Windows, the Secret Service on Linux). Where the OS offers no encryption the session
 * is kept in memory only, so nothing readable is ever written: the creator signs in per launch.
 * Call after app 'ready' (safeStorage needs it).
 */
export function createSafeStorageSecretStore(file: string): SecretStore {
  if (!safeStorage.isEncryptionAvailable()) {
    console.warn('safeStorage is not available: the Echoes session will not be remembered between launches');
    return createMemorySecretStore();
  }
  return createFileSecretStore(file, {
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (data) => safeStorage.decryptString(data),
  });
}
