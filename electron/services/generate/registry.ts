import { StudioError } from '../../../shared/contract/errors';
import type { GenerationProvider } from './provider';

export interface ProviderRegistry {
  register(provider: GenerationProvider): void;
  /** Throws INVALID_INPUT naming the available providers when `name` is unknown. */
  get(name: string): GenerationProvider;
  find(name: string): GenerationProvider | undefined;
  list(): GenerationProvider[];
}

export function createProviderRegistry(providers: readonly GenerationProvider[] = []): ProviderRegistry {
  const byName = new Map<string, GenerationProvider>();
  const registry: ProviderRegistry = {
    register(provider) {
      if (byName.has(provider.name)) throw new Error(`a generation provider named "${provider.name}" is already registered`);
      byName.set(provider.name, provider);
    },
    find: (name) => byName.get(name),
    get(name) {
      const provider = byName.get(name);
      if (!provider) {
        const known = [...byName.keys()].join(', ') || 'none';
        throw new StudioError('INVALID_INPUT', `Unknown generation provider "${name}"; available: ${known}`);
      }
      return provider;
    },
    list: () => [...byName.values()],
  };
  for (const p of providers) registry.register(p);
  return registry;
}
