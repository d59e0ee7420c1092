import { describe, expect, it } from 'vitest';
import { guardedOpener, isAllowedCloudUrl } from '../../electron/services/cloud/external';

const hosted = 'https://abcd.supabase.co';

describe('openExternal for the cloud refuses anything off the allow-list', () => {
  it.each([
    ['https://abcd.supabase.co/auth/v1/authorize?provider=google', hosted],
    ['https://checkout.stripe.com/c/pay/cs_test_1', hosted],
    ['https://accounts.google.com/o/oauth2/v2/auth', hosted],
    ['https://auth.echoes.example/auth/v1/authorize', 'https://auth.echoes.example'],
    ['http://127.0.0.1:54321/auth/v1/authorize?x=1', 'http://127.0.0.1:54321'],
  ])('opens %s (project %s)', (url, project) => expect(isAllowedCloudUrl(url, project)).toBe(true));

  it.each([
    ['https://evil.example/auth/v1/authorize', hosted],
    ['https://checkout.stripe.com.evil.example/', hosted],
    ['http://abcd.supabase.co/auth/v1/authorize', hosted],
    ['https://user:pw@checkout.stripe.com/', hosted],
    ['http://127.0.0.1:54321/auth/v1/authorize', hosted],
    ['http://127.0.0.1:9999/steal', 'http://127.0.0.1:54321'],
    ['http://127.0.0.1:54321/x', 'http://192.0.2.1:54321'],
    ['http://localhost.evil.example:54321/', 'http://localhost:54321'],
    ['file:///etc/passwd', hosted],
    ['javascript:alert(1)', hosted],
    ['echoes://auth/callback?code=1', hosted],
    ['not a url', hosted],
    ['https://auth.echoes.example/', null],
  ])('refuses %s (project %s)', (url, project) => expect(isAllowedCloudUrl(url, project)).toBe(false));

  it('never hands a refused URL to the shell', async () => {
    const opened: string[] = [];
    const open = guardedOpener(async (url) => void opened.push(url), () => hosted);
    expect(await open('https://evil.example/')).toBe(false);
    expect(await open('https://checkout.stripe.com/c/pay/cs_1')).toBe(true);
    expect(opened).toEqual(['https://checkout.stripe.com/c/pay/cs_1']);
  });
});
