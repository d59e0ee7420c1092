/** Where the desktop app keeps the signed-in session. No 'electron' import: unit-tested under Node. */
export type SessionStorageChoice = { kind: 'encrypted-file' } | { kind: 'memory'; reason: string };

export interface SafeStorageFacts {
  /** safeStorage.isEncryptionAvailable() */
  encryptionAvailable: boolean;
  /** safeStorage.getSelectedStorageBackend?.() (Linux only; undefined elsewhere). */
  linuxBackend?: string | undefined;
}

/**
 * The session file is written only when the OS really encrypts it. On Linux without a keyring
 * (Secret Service / KWallet), Chromium falls back to 'basic_text': a hard-coded key, so the
 * "encrypted" file is only obfuscated; the session then stays in memory (sign in per launch).
 */
export function chooseSessionStorage(facts: SafeStorageFacts): SessionStorageChoice {
  if (!facts.encryptionAvailable) {
    return { kind: 'memory', reason: 'safeStorage is not available: the Echoes session will not be remembered between launches' };
  }
  if (facts.linuxBackend === 'basic_text') {
    return {
      kind: 'memory',
      reason:
        'no keyring (Secret Service or KWallet) is available, so safeStorage would only obfuscate the session: it is kept in memory and not remembered between launches',
    };
  }
  return { kind: 'encrypted-file' };
}
