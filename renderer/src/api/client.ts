import type { MethodInput, MethodName, MethodOutput, StudioApi, StudioEvent } from '../../../shared/api';
import { StudioError } from '../../../shared/errors';
import type { RawTransport } from '../../../shared/transport';
import { createBridgeTransport } from './bridge-transport';

export interface StudioClient {
  readonly kind: RawTransport['kind'];
  readonly transport: RawTransport;
  readonly api: StudioApi;
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  subscribe(listener: (event: StudioEvent) => void): () => void;
}

declare global {
  interface Window {
    echoes?: RawTransport;
  }
}

export function createClient(transport: RawTransport): StudioClient {
  async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    const result = await transport.invoke(method, input);
    if (!result.ok) throw StudioError.fromData(result.error);
    return result.value as MethodOutput<M>;
  }
  // Built on demand from the method name, so the renderer needs no runtime copy of the contract
  // (its zod schemas); the studio validates every call and answers INVALID_INPUT / NOT_FOUND itself.
  const callers = new Map<string, (input: unknown) => Promise<unknown>>();
  const api = new Proxy({} as StudioApi, {
    get(_target, method) {
      if (typeof method !== 'string' || method === 'then') return undefined;
      let caller = callers.get(method);
      if (!caller) {
        caller = (input: unknown) => call(method as MethodName, input as never);
        callers.set(method, caller);
      }
      return caller;
    },
  });
  return { kind: transport.kind, transport, api, call, subscribe: (listener) => transport.subscribe(listener) };
}

/**
 * Inside the app (app://), a page without window.echoes means its preload failed: every call says so,
 * instead of falling back to the localhost bridge (which is not there, and which the app's CSP blocks).
 */
function missingPreloadTransport(): RawTransport {
  const message = 'Echoes Studio could not connect this window to the app (its preload script did not run). Quit and open the app again; if this keeps happening, reinstall Echoes Studio.';
  return {
    kind: 'electron',
    invoke: () => Promise.resolve({ ok: false, error: { code: 'UNAVAILABLE', message } }),
    subscribe: () => () => undefined,
  };
}

/** Electron when the preload exposed window.echoes; inside the app without it, an error; otherwise the localhost bridge. */
export function pickTransport(): RawTransport {
  if (window.echoes) return window.echoes;
  return window.location.protocol === 'app:' ? missingPreloadTransport() : createBridgeTransport(window.location);
}

export const studio: StudioClient = createClient(pickTransport());
