import type { MethodInput, MethodName, MethodOutput, StudioApi, StudioEvent } from '../../../shared/contract/index';
import { StudioError } from '../../../shared/contract/errors';
import type { RawTransport } from '../../../shared/contract/transport';
import { capabilitiesOf, type Capabilities } from './capabilities';
import { pickTransport } from './pick-transport';

export interface StudioClient {
  readonly capabilities: Capabilities;
  readonly api: StudioApi;
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  subscribe(listener: (event: StudioEvent) => void): () => void;
}

declare global {
  interface Window {
    echoes?: RawTransport;
  }
}

/** Told the name of every call made (the calls-per-screen KPI counts them). */
export const callListeners = new Set<(method: MethodName) => void>();

export function createClient(transport: RawTransport & { token?: string }): StudioClient {
  async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    for (const listener of callListeners) listener(method);
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
  return { capabilities: capabilitiesOf(transport), api, call, subscribe: (listener) => transport.subscribe(listener) };
}

export const studio: StudioClient = createClient(pickTransport());

/** For <img src> and <video src>: media is named by its opaque id, never by a path. */
export const mediaUrl = (id: string): string => studio.capabilities.mediaUrl(id);
