import { describe, expect, it } from 'vitest';
import { decideWindowOpen, mayNavigate } from '../../electron/main/navigation-policy';

describe('navigation policy', () => {
  it.each(['app://studio/index.html', 'app://studio/projects/1'])('lets the studio navigate within itself: %s', (url) => {
    expect(mayNavigate(url)).toBe(true);
  });

  it.each([
    'https://checkout.stripe.com/c/pay/cs_test',
    'https://evil.example/',
    'http://127.0.0.1:1234/',
    'file:///etc/passwd',
    'app://evil/index.html',
    'app://studio.evil/',
    'javascript:alert(1)',
    '',
    'not a url',
  ])('blocks navigation to %j', (url) => {
    expect(mayNavigate(url)).toBe(false);
  });

  it('never opens a window; allowed https links go to the system browser', () => {
    expect(decideWindowOpen('https://checkout.stripe.com/c/pay/cs_test')).toEqual({ action: 'deny', openExternally: true });
    expect(decideWindowOpen('https://abc.supabase.co/auth/v1/authorize')).toEqual({ action: 'deny', openExternally: true });
    for (const url of ['https://evil.example/', 'http://checkout.stripe.com/', 'app://studio/index.html', 'file:///etc/passwd', 'javascript:alert(1)', '']) {
      expect(decideWindowOpen(url), url).toEqual({ action: 'deny', openExternally: false });
    }
  });

  it('uses the allow-list it is given', () => {
    expect(decideWindowOpen('https://docs.example.com/help', ['docs.example.com']).openExternally).toBe(true);
    expect(decideWindowOpen('https://checkout.stripe.com/', ['docs.example.com']).openExternally).toBe(false);
  });
});
