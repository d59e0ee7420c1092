/**
 * Where the built bundles run in the smoke tests: the repository as `npm start` runs it (dev), and a
 * copy laid out the way electron-builder installs it (packaged: <resources>/app/{dist-electron,dist},
 * music and samples beside app, app.isPackaged true), outside the repository.
 */
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';

export interface AppLayout {
  name: 'dev' | 'packaged';
  mainPath: string;
  preloadPath: string;
  rendererDir: string;
  isPackaged: boolean;
  /** process.resourcesPath (packaged only). */
  resourcesPath?: string;
}

export function devLayout(root: string): AppLayout {
  return {
    name: 'dev',
    mainPath: join(root, 'dist-electron', 'main.cjs'),
    preloadPath: join(root, 'dist-electron', 'preload.cjs'),
    rendererDir: join(root, 'dist', 'renderer'),
    isPackaged: false,
  };
}

/**
 * The node_modules the app's runtime dependencies resolve from at `root`: its own, or an outer one
 * (a copy of the repository inside it, such as Stryker's sandbox, has none of its own).
 */
function nodeModulesFor(root: string): string {
  const sqlite = createRequire(join(root, 'package.json')).resolve('better-sqlite3/package.json');
  return sqlite.slice(0, sqlite.lastIndexOf(`${sep}better-sqlite3${sep}`));
}

export function packagedLayout(root: string, installDir: string): AppLayout {
  const resources = join(installDir, 'resources');
  const app = join(resources, 'app');
  mkdirSync(app, { recursive: true });
  cpSync(join(root, 'dist-electron'), join(app, 'dist-electron'), { recursive: true, filter: (src) => !src.endsWith('.map') && !src.endsWith('.mjs') });
  cpSync(join(root, 'dist', 'renderer'), join(app, 'dist', 'renderer'), { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'echoes-studio', main: 'dist-electron/main.cjs' }));
  // the runtime dependencies, as the installer carries them inside app.asar
  symlinkSync(nodeModulesFor(root), join(app, 'node_modules'), 'junction');
  for (const extra of ['music', 'samples']) symlinkSync(join(root, 'resources', extra), join(resources, extra), 'junction');
  return {
    name: 'packaged',
    mainPath: join(app, 'dist-electron', 'main.cjs'),
    preloadPath: join(app, 'dist-electron', 'preload.cjs'),
    rendererDir: join(app, 'dist', 'renderer'),
    isPackaged: true,
    resourcesPath: resources,
  };
}
