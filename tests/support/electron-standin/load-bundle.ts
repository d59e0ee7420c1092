/**
 * Loads a built bundle (dist-electron/main.cjs, preload.cjs) under Node with the Electron stand-in
 * answering require('electron'). Tests only: product code never sees this hook.
 */
import Module, { createRequire } from 'node:module';
import type { ElectronStandIn } from './standin';

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleWithLoad = Module as unknown as { _load: Load };

/** What the bundle required while it loaded (for the bundle-shape checks). */
export interface LoadedBundle {
  exports: unknown;
  required: string[];
}

/**
 * Requires `file` afresh (its own module state) with 'electron' resolved to the stand-in and
 * process.resourcesPath set as Electron sets it. Every require made by the bundle file itself is recorded.
 */
export function loadBundle(file: string, standIn: ElectronStandIn, resourcesPath?: string): LoadedBundle {
  const require = createRequire(import.meta.url);
  const resolved = require.resolve(file);
  delete require.cache[resolved];
  const required: string[] = [];
  const original = moduleWithLoad._load;
  moduleWithLoad._load = function load(request, parent, isMain) {
    if ((parent as { filename?: string } | null)?.filename === resolved) required.push(request);
    if (request === 'electron') return standIn.electron;
    return original.call(this, request, parent, isMain);
  };
  if (resourcesPath !== undefined) (process as { resourcesPath?: string }).resourcesPath = resourcesPath;
  try {
    return { exports: require(resolved) as unknown, required };
  } finally {
    // requires made later (lazily, after ready) still need the stand-in: keep the hook for 'electron' only
    moduleWithLoad._load = function load(request, parent, isMain) {
      if (request === 'electron') return standIn.electron;
      return original.call(this, request, parent, isMain);
    };
    restoreLater.push(() => (moduleWithLoad._load = original));
  }
}

const restoreLater: Array<() => void> = [];

/**
 * Makes process.platform answer `platform` until unloadBundles(): the shell reads it to choose the
 * macOS or Windows behaviour, which this Linux machine can then run. (Node's path module chose its
 * flavour when it loaded, so paths stay POSIX.)
 */
export function pretendPlatform(platform: NodeJS.Platform): void {
  const original = Object.getOwnPropertyDescriptor(process, 'platform')!;
  Object.defineProperty(process, 'platform', { ...original, value: platform });
  restoreLater.push(() => Object.defineProperty(process, 'platform', original));
}

/** Puts Node's loader back (call after each test that loaded a bundle). */
export function unloadBundles(): void {
  for (const restore of restoreLater.splice(0).reverse()) restore();
  delete (process as { resourcesPath?: string }).resourcesPath;
}
