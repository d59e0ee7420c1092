import { describe, expect, it } from 'vitest';
import { isAppPageUrl } from '../../electron/main/app-origin';
import { FORBIDDEN_CALL, isTrustedSender } from '../../electron/main/trusted-sender';

const top = (url: string) => ({ url, parent: null });

describe('IPC sender check', () => {
  it.each(['app://studio/index.html', 'app://studio/', 'app://studio/projects/42?x=1#y'])('accepts the studio page %s', (url) => {
    expect(isTrustedSender(top(url))).toBe(true);
  });

  it.each([
    '',
    ' ',
    'garbage',
    '/index.html',
    'about:blank',
    'app://evil/index.html',
    'app://studio.evil/index.html',
    'app://studio:8080/index.html',
    'app://user@studio/index.html',
    'app://:secret@studio/index.html',
    'app://user:secret@studio/index.html',
    'app:studio/index.html',
    'file:///app/dist/renderer/index.html',
    'http://127.0.0.1:5173/',
    'https://studio/',
    'echoes-media://media/x',
    'devtools://devtools/bundled/inspector.html',
    'data:text/html,<script>1</script>',
  ])('refuses a frame at %j instead of throwing', (url) => {
    expect(() => isTrustedSender(top(url))).not.toThrow();
    expect(isTrustedSender(top(url))).toBe(false);
  });

  it('refuses iframes of the studio page, missing frames and frames that throw when read', () => {
    expect(isTrustedSender({ url: 'app://studio/index.html', parent: top('app://studio/index.html') })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
    const disposed = {
      get url(): string {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
      parent: null,
    };
    expect(isTrustedSender(disposed)).toBe(false);
  });

  it('answers a refused call with a FORBIDDEN result, the shape every transport returns', () => {
    expect(FORBIDDEN_CALL).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'Calls are accepted only from the studio page' } });
  });

  it('does not rely on URL.origin, which Node reports as "null" for custom schemes', () => {
    expect(new URL('app://studio/index.html').origin).toBe('null');
    expect(isAppPageUrl('app://studio/index.html')).toBe(true);
    expect(isAppPageUrl(42)).toBe(false);
  });
});
