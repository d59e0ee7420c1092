// checkout-return: the https page Stripe sends the browser back to after Checkout; it points the
// creator back to the app (echoes://checkout/...).
import { handler, type Handler } from '../_shared/http.ts';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The https page Stripe sends the browser back to; it points the creator back to the app. */
export function createCheckoutReturnHandler(): Handler {
  return handler({ methods: ['GET'] }, (req) => Promise.resolve(returnPage(req)));
}

function returnPage(req: Request): Response {
  const params = new URL(req.url).searchParams;
  const success = params.get('status') === 'success';
  const sessionId = params.get('session_id') ?? '';
  const validSession = /^cs_[A-Za-z0-9_]{1,200}$/.test(sessionId);
  const appLink = success
    ? `echoes://checkout/done${validSession ? `?session_id=${encodeURIComponent(sessionId)}` : ''}`
    : 'echoes://checkout/cancelled';
  const title = success ? 'Payment received' : 'Payment cancelled';
  const message = success
    ? 'Thank you! Your credits are being added to your account. You can close this tab and go back to Echoes Studio.'
    : 'No payment was taken. You can close this tab and go back to Echoes Studio.';
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - Echoes Studio</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:15vh auto;padding:0 1rem;color:#1d1d1f}a{display:inline-block;margin-top:1rem;padding:.6rem 1.2rem;border-radius:.5rem;background:#5b4bff;color:#fff;text-decoration:none}</style>
</head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>
<a href="${escapeHtml(appLink)}">Back to Echoes Studio</a></main></body></html>`;
  return new Response(html, {
    status: 200,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      'Referrer-Policy': 'no-referrer',
    },
  });
}
