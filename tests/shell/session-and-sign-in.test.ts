import { describe, expect, it } from 'vitest';
import { chooseSessionStorage } from '../../electron/main/session-storage-choice';
import { chooseSignInRedirect } from '../../electron/main/sign-in-redirect';

describe('where the session is kept', () => {
  it.each([
    [{ encryptionAvailable: true }, 'encrypted-file'],
    [{ encryptionAvailable: true, linuxBackend: 'gnome_libsecret' }, 'encrypted-file'],
    [{ encryptionAvailable: true, linuxBackend: 'kwallet6' }, 'encrypted-file'],
    [{ encryptionAvailable: true, linuxBackend: 'basic_text' }, 'memory'],
    [{ encryptionAvailable: false }, 'memory'],
    [{ encryptionAvailable: false, linuxBackend: 'gnome_libsecret' }, 'memory'],
  ] as const)('%j -> %s', (facts, kind) => {
    expect(chooseSessionStorage(facts).kind).toBe(kind);
  });

  it('says why the session will not be remembered', () => {
    const basic = chooseSessionStorage({ encryptionAvailable: true, linuxBackend: 'basic_text' });
    expect(basic).toEqual({ kind: 'memory', reason: expect.stringMatching(/keyring.*obfuscate.*not remembered/) });
    expect(chooseSessionStorage({ encryptionAvailable: false })).toEqual({ kind: 'memory', reason: expect.stringMatching(/not be remembered/) });
  });
});

describe('sign-in redirect', () => {
  it('uses echoes:// only when the OS delivers it to this app', () => {
    expect(chooseSignInRedirect({ developmentRun: false, registered: true, isDefaultClient: true })).toBe('deep-link');
  });

  it.each([
    [{ developmentRun: false, registered: false, isDefaultClient: false }],
    [{ developmentRun: false, registered: false, isDefaultClient: true }],
    [{ developmentRun: false, registered: true, isDefaultClient: false }],
    [{ developmentRun: true, registered: true, isDefaultClient: true }],
  ])('falls back to the loopback redirect for %j', (facts) => {
    expect(chooseSignInRedirect(facts)).toBe('loopback');
  });
});
