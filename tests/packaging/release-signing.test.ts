import { describe, expect, it } from 'vitest';
import { checkReleaseSigning, enforceReleaseSigning } from '../../electron/build/release-signing';

const MAC_SIGNED = { CSC_LINK: 'cert.p12', CSC_KEY_PASSWORD: 'x', APPLE_API_KEY: 'key.p8', APPLE_API_KEY_ID: 'ABC', APPLE_API_ISSUER: 'uuid' };

describe('a release is signed or it does not finish', () => {
  it.each([
    ['darwin', {}, /Developer ID Application certificate: set CSC_LINK/],
    ['darwin', { CSC_LINK: 'cert.p12' }, /must be notarized: set APPLE_API_KEY .*APPLE_API_KEY_ID and APPLE_API_ISSUER/],
    ['darwin', { CSC_LINK: 'cert.p12', APPLE_API_KEY: 'key.p8', APPLE_API_KEY_ID: 'ABC' }, /must be notarized/],
    ['darwin', { ...MAC_SIGNED, CSC_LINK: ' ' }, /Developer ID/],
    ['win32', {}, /A Windows release must be signed: set WIN_CSC_LINK/],
    ['win32', { AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c' }, /must be signed/],
    ['darwin', { ECHOES_UNSIGNED: 'true' }, /ECHOES_UNSIGNED=1/],
  ])('refuses %s with %j', (platform, env, problem) => {
    const verdict = checkReleaseSigning(platform, env);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.problem).toMatch(problem);
  });

  it.each([
    ['darwin', MAC_SIGNED],
    ['darwin', { CSC_NAME: 'Developer ID Application: Echoes (TEAM)', APPLE_ID: 'a@b.c', APPLE_APP_SPECIFIC_PASSWORD: 'p', APPLE_TEAM_ID: 'T' }],
    ['win32', { WIN_CSC_LINK: 'cert.pfx' }],
    ['win32', { CSC_LINK: 'cert.pfx' }],
    ['win32', { AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 's' }],
  ])('accepts a signed %s release with %j', (platform, env) => {
    expect(checkReleaseSigning(platform, env)).toMatchObject({ ok: true, signed: true });
  });

  it('lets a local test build through unsigned only with ECHOES_UNSIGNED=1, and Linux always', () => {
    expect(checkReleaseSigning('darwin', { ECHOES_UNSIGNED: '1' })).toMatchObject({ ok: true, signed: false, note: expect.stringMatching(/do not distribute/) });
    expect(checkReleaseSigning('win32', { ECHOES_UNSIGNED: '1' })).toMatchObject({ ok: true, signed: false });
    expect(checkReleaseSigning('linux', {})).toMatchObject({ ok: true, signed: false });
  });

  it('the beforePack hook throws on an unsigned release and makes electron-builder force signing on a signed one', () => {
    const context = (platform: string) => ({ electronPlatformName: platform, packager: { platformSpecificBuildOptions: {} as { forceCodeSigning?: boolean } } });
    expect(() => enforceReleaseSigning(context('darwin'), {}, () => undefined)).toThrow(/Developer ID/);
    const signed = context('darwin');
    enforceReleaseSigning(signed, MAC_SIGNED, () => undefined);
    expect(signed.packager.platformSpecificBuildOptions.forceCodeSigning).toBe(true);
    const local = context('darwin');
    enforceReleaseSigning(local, { ECHOES_UNSIGNED: '1' }, () => undefined);
    expect(local.packager.platformSpecificBuildOptions.forceCodeSigning).toBeUndefined();
  });
});
