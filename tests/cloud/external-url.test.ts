import { describe, expect, it } from 'vitest';
import { guardedOpener, isAllowedCloudUrl } from '../../electron/services/cloud/external';
import { APP_HOMEPAGE } from '../../electron/services/version';

const hosted = 'https://abcd.supabase.co';
const custom = 'https://auth.echoes.example';
const local = 'http://127.0.0.1:54321';

describe('openExternal for the cloud: the project\'s sign-in page and Stripe Checkout, nothing else', () => {
  it.each([
    ['https://abcd.supabase.co/auth/v1/authorize?provider=google&redirect_to=echoes%3A%2F%2Fauth%2Fcallback', hosted],
    ['https://checkout.stripe.com/c/pay/cs_test_1#fidkdWxOYHwnPyd1blpxYHZxWjA0', hosted],
    ['https://checkout.stripe.com/c/pay/cs_test_1', null],
    ['https://auth.echoes.example/auth/v1/authorize', custom],
    ['https://auth.echoes.example/auth/v1/authorize?provider=google', `${custom}/`],
    ['http://127.0.0.1:54321/auth/v1/authorize?x=1', local],
  ])('opens %s (project %s)', (url, project) => expect(isAllowedCloudUrl(url, project)).toBe(true));

  it.each([
    // the configured project's host, but not its sign-in page
    ['https://abcd.supabase.co/', hosted],
    ['https://abcd.supabase.co/functions/v1/checkout-return?status=success', hosted],
    ['https://abcd.supabase.co/storage/v1/object/sign/private-photos/u/x.jpg?token=t', hosted],
    ['https://abcd.supabase.co/auth/v1/authorize/', hosted],
    ['https://abcd.supabase.co/auth/v1/authorizex', hosted],
    ['https://abcd.supabase.co/auth/v1/authorize/../../../rest/v1/x', hosted],
    ['https://abcd.supabase.co/auth/v1/verify?token=x', hosted],
    ['https://auth.echoes.example/', custom],
    ['https://auth.echoes.example/phish/login', custom],
    ['http://auth.echoes.example/auth/v1/authorize', custom],
    ['https://auth.echoes.example:8443/auth/v1/authorize', custom],
    ['http://127.0.0.1:54321/x', local],
    ['http://127.0.0.1:9999/auth/v1/authorize', local],
    // other hosts, even ones the general allow-list knows
    ['https://other.supabase.co/auth/v1/authorize', hosted],
    ['https://accounts.google.com/o/oauth2/v2/auth', hosted],
    ['https://stripe.com/', hosted],
    ['https://dashboard.stripe.com/', hosted],
    ['https://evil.example/auth/v1/authorize', hosted],
    ['https://checkout.stripe.com.evil.example/', hosted],
    ['http://checkout.stripe.com/c/pay/cs_1', hosted],
    ['https://checkout.stripe.com:444/c/pay/cs_1', hosted],
    ['https://user:pw@checkout.stripe.com/', hosted],
    ['https://user@abcd.supabase.co/auth/v1/authorize', hosted],
    ['http://abcd.supabase.co/auth/v1/authorize', hosted],
    ['http://127.0.0.1:54321/auth/v1/authorize', hosted],
    ['http://192.0.2.1:54321/auth/v1/authorize', 'http://192.0.2.1:54321'],
    ['http://localhost.evil.example:54321/auth/v1/authorize', 'http://localhost:54321'],
    ['https://auth.echoes.example/auth/v1/authorize', null],
    ['file:///etc/passwd', hosted],
    ['javascript:alert(1)', hosted],
    ['echoes://auth/callback?code=1', hosted],
    ['not a url', hosted],
  ])('refuses %s (project %s)', (url, project) => expect(isAllowedCloudUrl(url, project)).toBe(false));

  it('never hands a refused URL to the shell', async () => {
    const opened: string[] = [];
    const open = guardedOpener(async (url) => void opened.push(url), () => hosted);
    expect(await open('https://evil.example/')).toBe(false);
    expect(await open('https://abcd.supabase.co/functions/v1/anything')).toBe(false);
    expect(await open('https://checkout.stripe.com/c/pay/cs_1')).toBe(true);
    expect(await open('https://abcd.supabase.co/auth/v1/authorize?provider=google')).toBe(true);
    expect(opened).toEqual(['https://checkout.stripe.com/c/pay/cs_1', 'https://abcd.supabase.co/auth/v1/authorize?provider=google']);
  });
});

describe('openExternal for Help: the project\'s site over https, nothing else', () => {
  it('opens the site named in package.json (homepage), https, with or without a project', () => {
    expect(APP_HOMEPAGE).toMatch(/^https:\/\//);
    expect(isAllowedCloudUrl(APP_HOMEPAGE, null)).toBe(true);
    expect(isAllowedCloudUrl(new URL('docs/troubleshooting', APP_HOMEPAGE).href, hosted)).toBe(true);
  });

  it.each([
    APP_HOMEPAGE.replace('https:', 'http:'),
    APP_HOMEPAGE.replace('://', '://user:pw@'),
    `https://${new URL(APP_HOMEPAGE).host}.evil.example/`,
    `https://evil.example/?${APP_HOMEPAGE}`,
    `https://${new URL(APP_HOMEPAGE).host}:8443/`,
  ])('refuses %s', (url) => expect(isAllowedCloudUrl(url, null)).toBe(false));
});
