import { afterEach } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBridge, type Bridge } from '../../electron/bridge/server';
import { createStudio, type Studio } from '../../electron/services/studio';

/** A studio on a fresh data folder behind the real bridge, serving a stand-in renderer (index.html, assets/app.js). */
export async function startTestBridge(tempDir: () => string, token: string): Promise<{ bridge: Bridge; studio: Studio }> {
  const staticDir = tempDir();
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>studio</title>');
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  const studio = createStudio({ dataDir: tempDir(), transport: 'bridge', version: 'test' });
  const bridge = await startBridge({ studio, staticDir, token });
  return { bridge, studio };
}

/** startTestBridge for a test file: each test's bridge and studio are closed after it. */
export function useTestBridge(tempDir: () => string, token: string): () => Promise<{ bridge: Bridge; studio: Studio }> {
  let running: { bridge: Bridge; studio: Studio } | null = null;
  afterEach(async () => {
    await running?.bridge.close();
    running?.studio.close();
    running = null;
  });
  return async () => (running = await startTestBridge(tempDir, token));
}
