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

  it('never opens a window, and sends nothing to the system browser that way', () => {
    expect(decideWindowOpen()).toEqual({ action: 'deny' });
  });
});
