import { safeStorage } from 'electron';
import { createFileSecretStore, createMemorySecretStore, type SecretStore } from '../services/cloud/secret-store';
import { chooseSessionStorage } from './session-storage-choice';

/**
 * The session store of the desktop app: one file encrypted with safeStorage (Keychain on macOS,
 * DPAPI on Windows, the Secret Service / KWallet on Linux). Where the OS offers no real encryption
 * the session is kept in memory only, so nothing readable is ever written: the creator signs in per launch.
 * Uses the asynchronous safeStorage calls (the synchronous ones are deprecated in Electron 45);
 * call after app 'ready'.
 */
export async function createSafeStorageSecretStore(file: string): Promise<SecretStore> {
  const choice = chooseSessionStorage({
    encryptionAvailable: await safeStorage.isAsyncEncryptionAvailable(),
    linuxBackend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() : undefined,
  });
  if (choice.kind === 'memory') {
    console.warn(choice.reason);
    return createMemorySecretStore();
  }
  return createFileSecretStore(file, {
    encrypt: (plain) => safeStorage.encryptStringAsync(plain),
    // shouldReEncrypt (a rotated key) needs nothing here: the next session write encrypts afresh.
    decrypt: async (data) => (await safeStorage.decryptStringAsync(data)).result,
  });
}
