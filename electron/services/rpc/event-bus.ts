import type { StudioEvent } from '../../../shared/contract/index';

export interface EventBus {
  emit(event: StudioEvent): void;
  subscribe(listener: (event: StudioEvent) => void): () => void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<(event: StudioEvent) => void>();
  return {
    emit(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          console.error('event listener failed', error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
