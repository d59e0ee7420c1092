/**
 * The built preload (dist-electron/preload.cjs) under the Electron stand-in: it exposes one object,
 * window.echoes, whose calls go only to the studio's IPC channels.
 */
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltApp } from '../support/electron-standin/built-app';
import { loadBundle, unloadBundles } from '../support/electron-standin/load-bundle';
import { createElectronStandIn, electronEvent } from '../support/electron-standin/standin';

let root = '';
beforeAll(async () => {
  root = await ensureBuiltApp();
}, 300_000);
afterEach(() => unloadBundles());

interface Exposed {
  kind: string;
  invoke(method: unknown, input: unknown): Promise<unknown>;
  subscribe(listener: unknown): () => void;
  pathForFile(file: { name: string }): string;
  choosePhotos(): Promise<unknown>;
}

function loadPreload() {
  const standIn = createElectronStandIn({ paths: {} });
  const { required } = loadBundle(join(root, 'dist-electron', 'preload.cjs'), standIn);
  return { standIn, required, echoes: standIn.exposed.get('echoes') as Exposed };
}

describe('preload', () => {
  it('exposes window.echoes and nothing else: invoke, subscribe and the two file helpers', () => {
    const { standIn, required } = loadPreload();
    expect(required).toEqual(['electron']);
    expect([...standIn.exposed.keys()]).toEqual(['echoes']);
    expect(Object.keys(standIn.exposed.get('echoes') as object).sort()).toEqual(['choosePhotos', 'invoke', 'kind', 'pathForFile', 'subscribe']);
  });

  it('sends every call over the one call channel, refusing a method that is not a string', async () => {
    const { standIn, echoes } = loadPreload();
    await echoes.invoke('projects.list', { a: 1 });
    await echoes.choosePhotos();
    expect(standIn.rendererInvokes).toEqual([
      { channel: 'echoes:call', args: ['projects.list', { a: 1 }] },
      { channel: 'echoes:choose-photos', args: [] },
    ]);
    await expect(echoes.invoke({ toString: () => 'x' }, {})).rejects.toThrow(TypeError);
    expect(standIn.rendererInvokes).toHaveLength(2);
  });

  it('hands studio events to a subscriber (without the IPC event object) until it unsubscribes', () => {
    const { standIn, echoes } = loadPreload();
    const seen: unknown[][] = [];
    const unsubscribe = echoes.subscribe((...args: unknown[]) => seen.push(args));
    standIn.rendererListeners.emit('echoes:event', electronEvent(), { type: 'clip.updated' });
    unsubscribe();
    standIn.rendererListeners.emit('echoes:event', electronEvent(), { type: 'clip.updated' });
    expect(seen).toEqual([[{ type: 'clip.updated' }]]);
    expect(standIn.rendererListeners.listenerCount('echoes:event')).toBe(0);
    expect(() => echoes.subscribe('not a function')).toThrow(TypeError);
  });
});
