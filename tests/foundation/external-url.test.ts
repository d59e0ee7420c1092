import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from '../../electron/services/security/external-url';

describe('openExternal allow-list', () => {
  it.each([
    'https://checkout.stripe.com/c/pay/cs_test_123',
    'https://accounts.google.com/o/oauth2/auth?x=1',
    'https://abcd.supabase.co/auth/v1/authorize',
  ])('allows %s', (url) => expect(isAllowedExternalUrl(url)).toBe(true));

  it.each([
    'http://checkout.stripe.com/',
    'https://checkout.stripe.com.evil.example/',
    'https://evil.example/?https://checkout.stripe.com',
    'https://supabase.co/',
    'https://user:pw@checkout.stripe.com/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'not a url',
    'https://xsupabase.co/',
  ])('refuses %s', (url) => expect(isAllowedExternalUrl(url)).toBe(false));
});
