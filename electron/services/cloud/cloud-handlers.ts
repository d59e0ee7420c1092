import type { cloudMethods } from '../../../shared/contract/cloud';
import type { Handlers } from '../rpc/handlers';
import type { CloudService } from './cloud-service';

export function cloudHandlers(cloud: CloudService) {
  return {
    'cloud.status': () => cloud.status(),
    'cloud.configure': (input) => cloud.configure('clear' in input ? null : { supabaseUrl: input.supabaseUrl, anonKey: input.anonKey }),
    'auth.signIn': async () => {
      const opened = await cloud.signIn();
      return { opened, status: cloud.status() };
    },
    'auth.signOut': () => cloud.signOut(),
    'credits.get': ({ refresh }) => cloud.credits(refresh),
    'credits.buy': async ({ packId }) => ({ opened: await cloud.buyCredits(packId) }),
    'credits.redeemReferral': ({ code }) => cloud.redeemReferral(code),
    'cloud.mediaUrls': async ({ paths }) => ({ urls: await cloud.mediaUrls(paths) }),
    'admin.get': ({ password }) => cloud.adminGet(password),
    'admin.telemetry': ({ password }) => cloud.adminTelemetry(password),
    'admin.update': (input) => cloud.adminUpdate(input.password, input.key, input.value),
  } satisfies Pick<Handlers, keyof typeof cloudMethods>;
}
