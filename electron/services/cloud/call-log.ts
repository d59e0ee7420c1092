// Every request to the Echoes cloud (Auth, Functions, Storage) as one log line: method, URL,
// status and time. The credentials each request carries (the anon key, the access token) are
// handed to the log's redactor first, so they never appear in any line, this one or a later one;
// the URL's secret parameters (a signed URL's token, an OAuth code) are redacted by the log itself.
import { processLog, registerLogSecret } from '../log/logger';

const log = processLog('cloud');

function credentials(init: RequestInit | undefined, input: RequestInfo | URL): string[] {
  const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.get('authorization') ?? '')?.[1];
  return [bearer, headers.get('apikey')].filter((v): v is string => !!v);
}

export function loggedFetch(base: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    for (const secret of credentials(init, input)) registerLogSecret(secret);
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    const url = input instanceof Request ? input.url : String(input);
    const started = performance.now();
    try {
      const response = await base(input, init);
      const ms = Math.round(performance.now() - started);
      (response.status >= 500 ? log.warn : log.info)(`${method} ${url} -> ${response.status} in ${ms} ms`);
      return response;
    } catch (error) {
      log.warn(`${method} ${url} failed after ${Math.round(performance.now() - started)} ms`, error);
      throw error;
    }
  };
}
