// Starts a function. PORT is honoured for local runs and tests (0 = any free port); the
// Supabase edge runtime routes requests to Deno.serve itself.
import type { Handler } from '../http.ts';

export function serve(handler: Handler): void {
  const port = Number(Deno.env.get('PORT') ?? '8000');
  Deno.serve(
    {
      port,
      hostname: Deno.env.get('HOST') ?? '0.0.0.0',
      onListen: ({ port }) => console.log(`listening on port ${port}`),
    },
    (req, info) => handler(req, { remoteAddress: info.remoteAddr.transport === 'tcp' ? info.remoteAddr.hostname : undefined }),
  );
}
