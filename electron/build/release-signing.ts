/**
 * A release build is signed (macOS: Developer ID + notarization; Windows: Authenticode) or it does not
 * finish. electron-builder 26 skips macOS signing when it finds no Developer ID (no ad-hoc fallback)
 * and only warns when notarization credentials are missing; the dmg is then refused by Gatekeeper on
 * every other Mac. ECHOES_UNSIGNED=1 allows an unsigned build for local tests, explicitly.
 */
export type Env = Record<string, string | undefined>;

export type SigningVerdict = { ok: true; signed: boolean; note: string } | { ok: false; problem: string };

const has = (env: Env, ...names: string[]) => names.every((name) => (env[name] ?? '').trim() !== '');

/** The notarization credentials electron-builder's @electron/notarize integration accepts, in order of preference. */
const NOTARY_CREDENTIALS = [
  ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'],
  ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'],
  ['APPLE_KEYCHAIN', 'APPLE_KEYCHAIN_PROFILE'],
];

export function checkReleaseSigning(platform: string, env: Env): SigningVerdict {
  if (platform === 'linux') return { ok: true, signed: false, note: 'Linux builds are not signed' };
  if (env.ECHOES_UNSIGNED === '1') return { ok: true, signed: false, note: 'ECHOES_UNSIGNED=1: an unsigned build for local tests; do not distribute it' };
  const local = 'For a local test build set ECHOES_UNSIGNED=1.';
  if (platform === 'darwin' || platform === 'mas') {
    if (!has(env, 'CSC_LINK') && !has(env, 'CSC_NAME')) {
      return { ok: false, problem: `A macOS release must be signed with a Developer ID Application certificate: set CSC_LINK (the .p12, base64 or a path) and CSC_KEY_PASSWORD, or CSC_NAME for one in the keychain. ${local}` };
    }
    if (!NOTARY_CREDENTIALS.some((names) => has(env, ...names))) {
      return { ok: false, problem: `A macOS release must be notarized: set APPLE_API_KEY (path to the .p8), APPLE_API_KEY_ID and APPLE_API_ISSUER (or APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID). ${local}` };
    }
    return { ok: true, signed: true, note: 'signed with the Developer ID and notarized' };
  }
  if (platform === 'win32') {
    if (has(env, 'WIN_CSC_LINK') || has(env, 'CSC_LINK') || has(env, 'AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET')) {
      return { ok: true, signed: true, note: 'signed with the code-signing certificate' };
    }
    return {
      ok: false,
      problem: `A Windows release must be signed: set WIN_CSC_LINK (or CSC_LINK) and WIN_CSC_KEY_PASSWORD for a .pfx, or AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET with win.azureSignOptions for Azure Trusted Signing. ${local}`,
    };
  }
  return { ok: false, problem: `unknown target platform "${platform}"` };
}

/** The parts of electron-builder's BeforePackContext this check reads and sets. */
export interface BeforePackFacts {
  electronPlatformName: string;
  packager: { platformSpecificBuildOptions: { forceCodeSigning?: boolean } };
}

/**
 * beforePack: refuses an unsigned release, and for a signed one turns on electron-builder's own
 * forceCodeSigning, so a certificate that turns out unusable fails the build instead of being skipped.
 */
export function enforceReleaseSigning(context: BeforePackFacts, env: Env, log: (line: string) => void = console.log): void {
  const verdict = checkReleaseSigning(context.electronPlatformName, env);
  if (!verdict.ok) throw new Error(verdict.problem);
  if (verdict.signed) context.packager.platformSpecificBuildOptions.forceCodeSigning = true;
  log(`  • ${context.electronPlatformName}: ${verdict.note}`);
}
