import type { Handlers } from '../rpc/handlers';
import type { UpdateService } from './update-service';

export function updateHandlers(update: UpdateService) {
  return {
    'update.status': () => update.status(),
    'update.check': () => update.check(),
    'update.restart': () => update.restart(),
    'update.dismissNotes': () => update.dismissNotes(),
  } satisfies Pick<Handlers, 'update.status' | 'update.check' | 'update.restart' | 'update.dismissNotes'>;
}
