import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository's resources/ folder (music, samples) when running from source (tsx, vitest).
 * The packaged app passes its own resources path instead; bundles have no import.meta.url.
 */
export function defaultResourcesDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ECHOES_RESOURCES_DIR) return resolve(env.ECHOES_RESOURCES_DIR);
  const here = typeof import.meta.url === 'string' && import.meta.url ? dirname(fileURLToPath(import.meta.url)) : null;
  // Source layout (electron/services/) or a bundle (dist-electron/), both inside the repository.
  const candidates = here ? [join(here, '..', '..', 'resources'), join(here, '..', 'resources')] : [];
  return candidates.find((dir) => existsSync(join(dir, 'music'))) ?? join(process.cwd(), 'resources');
}
