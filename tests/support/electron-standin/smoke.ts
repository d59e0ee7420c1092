/**
 * The start-up harness of the shell suites that run the built main bundle: builds the app once,
 * launches dist-electron/main.cjs in the dev or packaged layout with a fresh recording stand-in per
 * launch, quits and unloads everything after each test. Call useBuiltShell() at the top of a suite,
 * or useStartedShell() for one app started once and shared by the suite's tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { useTempDir } from '../temp-dir';
import { ensureBuiltApp } from './built-app';
import { devLayout, packagedLayout, type AppLayout } from './layouts';
import { loadBundle, unloadBundles } from './load-bundle';
import { createElectronStandIn, type ElectronStandIn, type StandInOptions } from './standin';

/** The studio page as Electron reports its frame: the top frame of app://studio. */
export const STUDIO_PAGE = { url: 'app://studio/index.html', parent: null };

export type CallResult = { ok: boolean; value?: unknown; error?: { code: string; message: string } };

/** A StudioApi call from the studio page, through the echoes:call IPC handler the bundle registered. */
export const call = (standIn: ElectronStandIn, method: string, input: unknown = {}) => standIn.invoke('echoes:call', STUDIO_PAGE, method, input) as Promise<CallResult>;

export interface BuiltShell {
  /** the repository root the app was built in */
  root(): string;
  tempDir(): string;
  layoutFor(name: AppLayout['name']): AppLayout;
  /** Loads main.cjs of the layout with a fresh stand-in; the app has not seen 'ready' yet. */
  launch(layout: AppLayout, options?: Partial<StandInOptions>): ElectronStandIn;
  /** launch, then 'ready', with no start-up error shown */
  started(layout: AppLayout, options?: Partial<StandInOptions>): Promise<ElectronStandIn>;
}

export function useBuiltShell(prefix = 'echoes-startup-'): BuiltShell {
  const tempDir = useTempDir(prefix);
  let root = '';
  beforeAll(async () => {
    root = await ensureBuiltApp();
  }, 300_000);

  const running: ElectronStandIn[] = [];
  afterEach(() => {
    for (const standIn of running.splice(0)) standIn.quit();
    unloadBundles();
  });

  const launch = (layout: AppLayout, options: Partial<StandInOptions> = {}) => {
    const home = tempDir();
    const standIn = createElectronStandIn({ paths: { userData: join(home, 'userData'), logs: join(home, 'logs') }, isPackaged: layout.isPackaged, ...options });
    running.push(standIn);
    loadBundle(layout.mainPath, standIn, layout.resourcesPath);
    return standIn;
  };
  return {
    root: () => root,
    tempDir,
    layoutFor: (name) => (name === 'dev' ? devLayout(root) : packagedLayout(root, tempDir())),
    launch,
    started: async (layout, options = {}) => {
      const standIn = launch(layout, options);
      await standIn.emitReady();
      expect(standIn.errorBoxes).toEqual([]);
      return standIn;
    },
  };
}

/**
 * One app, started once (dev layout) for all the tests of a suite, quit after the last: for suites
 * whose tests only ask a running app something, so each run of the suite loads the bundle once (the
 * mutation run of the shell group runs its suite once per mutant).
 */
export function useStartedShell(prefix = 'echoes-shell-'): () => ElectronStandIn {
  let standIn: ElectronStandIn | null = null;
  let home = '';
  beforeAll(async () => {
    const root = await ensureBuiltApp();
    home = mkdtempSync(join(tmpdir(), prefix));
    const layout = devLayout(root);
    standIn = createElectronStandIn({ paths: { userData: join(home, 'userData'), logs: join(home, 'logs') }, isPackaged: layout.isPackaged });
    loadBundle(layout.mainPath, standIn, layout.resourcesPath);
    await standIn.emitReady();
    expect(standIn.errorBoxes).toEqual([]);
  }, 300_000);
  afterAll(() => {
    standIn?.quit();
    unloadBundles();
    rmSync(home, { recursive: true, force: true });
  });
  return () => {
    if (!standIn) throw new Error('the app has not started (useStartedShell in a suite that did not start it)');
    return standIn;
  };
}
