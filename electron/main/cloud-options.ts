import { dialog, shell, type BrowserWindow, type MessageBoxOptions } from 'electron';
import { join } from 'node:path';
import { StudioError } from '../../shared/contract/errors';
import type { CloudOptions } from '../services/cloud/cloud-service';
import { configFromEnv } from '../services/cloud/config';
import { cloudProjectPrompt } from './cloud-project-prompt';
import { createSafeStorageSecretStore } from './secret-store';
import { chooseSignInRedirect, type ProtocolRegistration } from './sign-in-redirect';

/** Asks in a native dialog (never the page) before the app trusts another Supabase project; https only. */
export function confirmCloudProjectInDialog(window: () => BrowserWindow | null): (supabaseUrl: string) => Promise<boolean> {
  return async (supabaseUrl) => {
    const prompt = cloudProjectPrompt(supabaseUrl);
    if (!prompt.ok) throw new StudioError('INVALID_INPUT', prompt.reason);
    const options: MessageBoxOptions = {
      type: 'warning',
      title: 'Change the cloud project',
      message: prompt.message,
      detail: prompt.detail,
      buttons: [`Use ${prompt.host}`, 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      noLink: true,
    };
    const win = window();
    const { response } = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
    return response === 0;
  };
}

/**
 * What the shell gives the cloud services: the Supabase project baked in at build time
 * (esbuild replaces these process.env reads), the safeStorage session store, the system
 * browser and the project-change confirmation. The services check every URL against the
 * allow-list before it gets here. Call after 'ready'.
 */
export async function desktopCloudOptions(userDataDir: string, deepLinkScheme: ProtocolRegistration, window: () => BrowserWindow | null): Promise<CloudOptions> {
  return {
    buildConfig: configFromEnv({
      ECHOES_SUPABASE_URL: process.env.ECHOES_SUPABASE_URL,
      ECHOES_SUPABASE_ANON_KEY: process.env.ECHOES_SUPABASE_ANON_KEY,
    }),
    secretStore: await createSafeStorageSecretStore(join(userDataDir, 'session.bin')),
    openExternal: (url) => shell.openExternal(url),
    confirmProject: confirmCloudProjectInDialog(window),
    // echoes:// when the OS will deliver it to us; the loopback redirect in development or when registering failed
    redirect: chooseSignInRedirect(deepLinkScheme),
  };
}
