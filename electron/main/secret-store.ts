import { safeStorage } from 'electron';
import { createFileSecretStore, createMemorySecretStore, type SecretStore } from '../services/cloud/secret-store';
import { chooseSessionStorage } from './session-storage-choice';

/**
 * The session store of the desktop app: one file encrypted with safeStorage (Keychain on macOS,
 * DPAPI on Windows, the Secret Service / KWallet on Linux). Where the OS offers no real encryption
 * the session is kept in memory only, so nothing readable is ever written: the creator signs in per launch.
 * Call after app 'ready' (safeStorage needs it).
 */
export function createSafeStorageSecretStore(file: string): SecretStore {
  const choice = chooseSessionStorage({
    encryptionAvailable: safeStorage.isEncryptionAvailable(),
    linuxBackend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() : undefined,
  });
  if (choice.kind === 'memory') {
    console.warn(choice.reason);
    return createMemorySecretStore();
  }
  return createFileSecretStore(file, {
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (data) => safeStorage.decryptString(data),
  });
}
