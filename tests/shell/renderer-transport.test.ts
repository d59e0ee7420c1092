/**
 * Which transport the renderer picks (renderer/src/transport/capabilities.ts, loaded as the page loads it): the
 * preload's window.echoes inside the app; inside the app without it (a preload that failed), an error
 * that says so instead of the localhost bridge; the bridge in a browser.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

const network: string[] = [];

function page(href: string, echoes?: unknown) {
  const url = new URL(href);
  const location = { href, protocol: url.protocol, host: url.host, hash: url.hash, pathname: url.pathname, search: url.search };
  vi.stubGlobal('window', { location, ...(echoes ? { echoes } : {}) });
  vi.stubGlobal('sessionStorage', { getItem: () => null, setItem: () => undefined });
  vi.stubGlobal('history', { replaceState: () => undefined });
  vi.stubGlobal('fetch', async (input: string) => {
    network.push(`fetch ${input}`);
    throw new TypeError('Failed to fetch');
  });
  vi.stubGlobal(
    'WebSocket',
    class {
      constructor(url: string) {
        network.push(`ws ${url}`);
      }
      close() {}
    },
  );
}

async function loadClient() {
  vi.resetModules();
  return import('../../renderer/src/transport/client');
}

afterEach(() => {
  vi.unstubAllGlobals();
  network.length = 0;
});

describe('renderer transport', () => {
  it('inside the app without window.echoes: every call fails saying the window is not connected, and nothing reaches for the bridge', async () => {
    page('app://studio/index.html');
    const { studio } = await loadClient();
    expect(studio.capabilities.fileDialogs).toBe(true);
    const error = await studio.api['projects.list']({} as never).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/could not connect this window to the app.*reinstall/) });
    expect((error as Error).message).not.toMatch(/npm run studio/);
    const unsubscribe = studio.subscribe(() => undefined);
    unsubscribe();
    expect(network).toEqual([]);
  });

  it("inside the app with the preload: the preload's transport", async () => {
    const echoes = { kind: 'electron', invoke: async () => ({ ok: true, value: ['from preload'] }), subscribe: () => () => undefined };
    page('app://studio/index.html', echoes);
    const { studio } = await loadClient();
    expect(studio.capabilities.fileDialogs).toBe(true);
    expect(studio.capabilities.shellCommands).toBe(true);
    expect(await studio.api['projects.list']({} as never)).toEqual(['from preload']);
  });

  it('in a browser: the localhost bridge', async () => {
    page('http://127.0.0.1:5173/');
    const { studio } = await loadClient();
    expect(studio.capabilities.fileDialogs).toBe(false);
    // no desktop menus in a browser: nothing subscribes for them
    expect(studio.capabilities.shellCommands).toBe(false);
    await expect(studio.api['projects.list']({} as never)).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/npm run studio/) });
    expect(network).toEqual(['fetch /api/call/projects.list']);
  });
});
