import {
  StudioError,
  studioMethods,
  type MethodInput,
  type MethodName,
  type MethodOutput,
  type StudioApi,
  type StudioEvent,
} from '../../../shared/api';
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
  const api = Object.fromEntries(
    Object.keys(studioMethods).map((method) => [method, (input: unknown) => call(method as MethodName, input as never)]),
  ) as StudioApi;
  return { kind: transport.kind, transport, api, call, subscribe: (listener) => transport.subscribe(listener) };
}

/** Electron when the preload exposed window.echoes, otherwise the localhost bridge. */
export function pickTransport(): RawTransport {
  return window.echoes ?? createBridgeTransport(window.location);
}

export const studio: StudioClient = createClient(pickTransport());
