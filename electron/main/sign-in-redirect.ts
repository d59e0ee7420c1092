/** How Google sign-in comes back to the app. No 'electron' import: unit-tested under Node. */
export type SignInRedirect = 'deep-link' | 'loopback';

export interface ProtocolRegistration {
  /** `electron .` from the repository (process.defaultApp): the OS would hand echoes:// to Electron's own app. */
  developmentRun: boolean;
  /** What app.setAsDefaultProtocolClient('echoes') returned. */
  registered: boolean;
  /** What app.isDefaultProtocolClient('echoes') says afterwards (another app may own the scheme). */
  isDefaultClient: boolean;
}

/**
 * The echoes:// deep link when the OS will really deliver it to us; otherwise the loopback redirect
 * (http://127.0.0.1:<port>/auth/callback), which needs no registration: development runs, a Linux
 * AppImage without desktop integration, a scheme another app has taken.
 */
export function chooseSignInRedirect(facts: ProtocolRegistration): SignInRedirect {
  return !facts.developmentRun && facts.registered && facts.isDefaultClient ? 'deep-link' : 'loopback';
}
