import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { contentSecurityPolicy } from '../../shared/contract/csp';
import { MAX_REQUEST_BYTES } from '../../shared/contract/transport';
import { dispatch } from '../services/rpc/dispatch';
import type { Studio } from '../services/studio';
import { BodyTooLargeError, readBody, sendJson } from './http-util';
import { mediaRoutes } from './media-routes';
import { allowedHosts, checkHostAndOrigin, requestToken, tokenMatches } from './request-guard';
import { serveStatic } from './static-files';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
}
/** An authenticated extra route (media, uploads); returns false when the path is not its own. */
export type BridgeRoute = (ctx: RouteContext) => Promise<boolean> | boolean;

export interface BridgeOptions {
  studio: Studio;
  /** Folder of the built renderer (index.html + assets). */
  staticDir: string;
  host?: string;
  port?: number;
  token?: string;
  /** Extra routes, tried before the built-in media routes (GET /media/<id>, POST /api/upload). */
  routes?: BridgeRoute[];
}

export interface Bridge {
  url: string;
  /** The URL to open: the token travels in the fragment, which is never sent to a server. Not printed (see oneTimeLink). */
  appUrl: string;
  /**
   * A link that opens the app once (/open/<code>: it answers with a redirect to appUrl, and the
   * renderer takes the token out of the address bar); what `npm run studio` prints, so the token
   * never sits in a terminal's scrollback or a pasted command.
   */
  oneTimeLink(): string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const API_PREFIX = '/api/call/';
const OPEN_PREFIX = '/open/';

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const host = options.host ?? '127.0.0.1';
  const routes = [...(options.routes ?? []), ...mediaRoutes(options.studio)];
  const openCodes = new Set<string>();
  let hosts = new Set<string>();
  let csp = '';

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('bridge request failed', error);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'Bridge error' } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const verdict = checkHostAndOrigin(req, hosts);
    if (!verdict.ok) {
      res.writeHead(verdict.status, { 'Content-Type': 'text/plain' }).end(verdict.reason);
      return;
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const securityHeaders = {
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
    };

    if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/media/')) {
      if (!tokenMatches(requestToken(req, url), token)) {
        sendJson(res, 401, { ok: false, error: { code: 'FORBIDDEN', message: 'Missing or wrong bridge token' } });
        return;
      }
      if (url.pathname.startsWith(API_PREFIX)) return handleCall(req, res, url);
      for (const route of routes) {
        if (await route({ req, res, url })) return;
      }
      sendJson(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: `No route ${url.pathname}` } });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (url.pathname.startsWith(OPEN_PREFIX)) {
      const code = url.pathname.slice(OPEN_PREFIX.length);
      if (!openCodes.delete(code)) {
        res.writeHead(410, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end('This link was already used. Open the studio from the tab it opened, or restart `npm run studio` for a new link.');
        return;
      }
      res.writeHead(302, { Location: `/#token=${token}`, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' }).end();
      return;
    }
    await serveStatic(options.staticDir, url.pathname, res, securityHeaders);
  }

  async function handleCall(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST' }).end();
      return;
    }
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      sendJson(res, 415, { ok: false, error: { code: 'INVALID_INPUT', message: 'Send JSON (Content-Type: application/json)' } });
      return;
    }
    let input: unknown;
    try {
      const body = await readBody(req, MAX_REQUEST_BYTES);
      input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        sendJson(res, 413, { ok: false, error: { code: 'INVALID_INPUT', message: `Request too large: ${error.message}` } });
        return;
      }
      sendJson(res, 400, { ok: false, error: { code: 'INVALID_INPUT', message: 'Request body is not valid JSON' } });
      return;
    }
    let method: string;
    try {
      method = decodeURIComponent(url.pathname.slice(API_PREFIX.length));
    } catch {
      method = url.pathname.slice(API_PREFIX.length); // malformed escapes: dispatch answers UNKNOWN_METHOD
    }
    sendJson(res, 200, await dispatch(options.studio.handlers, method, input));
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const verdict = checkHostAndOrigin(req, hosts);
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'invalid'}`);
    if (!verdict.ok || url.pathname !== '/events' || !tokenMatches(requestToken(req, url), token)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const unsubscribe = options.studio.events.subscribe((event) => ws.send(JSON.stringify(event)));
      ws.on('close', unsubscribe);
      ws.on('error', unsubscribe);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(port);
  // CSP host sources cannot name an IPv6 literal (ws://[::1]:port is an invalid source, logged on every load);
  // a page opened at http://[::1]:port reaches its own WebSocket through 'self', which covers ws: in CSP 3.
  csp = contentSecurityPolicy({ connect: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] });
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    appUrl: `${url}/#token=${token}`,
    oneTimeLink() {
      const code = randomBytes(18).toString('base64url');
      openCodes.add(code);
      return `${url}${OPEN_PREFIX}${code}`;
    },
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
