// A local fake of the two Supabase services the functions call through supabase-js:
// Auth (GET /auth/v1/user verifies the caller's access token, HS256 like a project's JWT
// secret) and Storage (upload, signed URLs one at a time or batched, signed downloads).
// Objects live in memory. The functions' own adapters (supabaseUserVerifier,
// supabaseStorage) run unchanged against it, under Node and under Deno.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StoredObject {
  bytes: Buffer;
  contentType: string;
}

export interface SupabaseFake {
  url: string;
  serviceRoleKey: string;
  objects: Map<string, StoredObject>;
  requests: Array<{ method: string; path: string; body?: unknown }>;
  /** An access token for a user, as Supabase Auth would issue it. */
  tokenFor(userId: string, opts?: { email?: string; expiresInSeconds?: number }): string;
  putObject(bucket: string, path: string, bytes: Uint8Array, contentType: string): void;
  close(): Promise<void>;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function startSupabaseFake(options: { jwtSecret?: string; now?: () => number } = {}): Promise<SupabaseFake> {
  const secret = options.jwtSecret ?? 'super-secret-jwt-token-with-at-least-32-characters';
  const now = options.now ?? Date.now;
  const serviceRoleKey = 'fake-service-role-key';
  const objects = new Map<string, StoredObject>();
  const requests: SupabaseFake['requests'] = [];

  const hmac = (text: string) => createHmac('sha256', secret).update(text).digest();
  const signJwt = (claims: Record<string, unknown>) => {
    const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const body = b64url(JSON.stringify(claims));
    return `${head}.${body}.${b64url(hmac(`${head}.${body}`))}`;
  };
  const verifyJwt = (token: string): Record<string, unknown> | null => {
    const [head, body, sig] = token.split('.');
    if (!head || !body || !sig) return null;
    const expected = hmac(`${head}.${body}`);
    const given = Buffer.from(sig, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now()) return null;
    return claims;
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = req.method === 'GET' ? Buffer.alloc(0) : await readRaw(req);
    const isJson = (req.headers['content-type'] ?? '').includes('application/json');
    const body = isJson && raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
    requests.push({ method: req.method ?? '', path: url.pathname, body });
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];

    // Auth: who is this access token?
    if (url.pathname === '/auth/v1/user' && req.method === 'GET') {
      const claims = bearer ? verifyJwt(bearer) : null;
      if (!claims || claims.role !== 'authenticated') return send(res, 403, { code: 403, error_code: 'bad_jwt', msg: 'invalid JWT: unable to parse or verify signature' });
      return send(res, 200, { id: claims.sub, aud: 'authenticated', role: 'authenticated', email: claims.email, app_metadata: {}, user_metadata: {}, created_at: new Date(0).toISOString() });
    }

    // Storage: a signed download needs no key, only its token
    const signedGet = /^\/storage\/v1\/object\/sign\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (signedGet && req.method === 'GET') {
      const claims = verifyJwt(url.searchParams.get('token') ?? '');
      const key = `${signedGet[1]}/${decodeURIComponent(signedGet[2]!)}`;
      if (!claims || claims.url !== key) return send(res, 400, { statusCode: '403', error: 'InvalidJWT', message: 'invalid signature' });
      const object = objects.get(key);
      if (!object) return send(res, 400, { statusCode: '404', error: 'not_found', message: 'Object not found' });
      res.writeHead(200, { 'content-type': object.contentType, 'content-length': String(object.bytes.length) }).end(object.bytes);
      return;
    }

    if (bearer !== serviceRoleKey) return send(res, 400, { statusCode: '403', error: 'Unauthorized', message: 'this fake only serves the service role' });

    const signUrl = (bucket: string, path: string, expiresIn: number) =>
      `/object/sign/${bucket}/${path}?token=${signJwt({ url: `${bucket}/${path}`, iat: Math.floor(now() / 1000), exp: Math.floor(now() / 1000) + expiresIn })}`;

    const signMany = /^\/storage\/v1\/object\/sign\/([^/]+)$/.exec(url.pathname);
    if (signMany && req.method === 'POST') {
      const bucket = signMany[1]!;
      const { paths, expiresIn } = body as { paths: string[]; expiresIn: number };
      return send(
        res,
        200,
        paths.map((path) =>
          objects.has(`${bucket}/${path}`)
            ? { error: null, path, signedURL: signUrl(bucket, path, expiresIn) }
            : { error: 'Either the object does not exist or you do not have access to it', path, signedURL: null },
        ),
      );
    }
    if (signedGet && req.method === 'POST') {
      const bucket = signedGet[1]!;
      const path = decodeURIComponent(signedGet[2]!);
      if (!objects.has(`${bucket}/${path}`)) return send(res, 400, { statusCode: '404', error: 'not_found', message: 'Object not found' });
      return send(res, 200, { signedURL: signUrl(bucket, path, (body as { expiresIn: number }).expiresIn) });
    }

    const object = /^\/storage\/v1\/object\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (object && (req.method === 'POST' || req.method === 'PUT')) {
      const key = `${object[1]}/${decodeURIComponent(object[2]!)}`;
      const upsert = req.method === 'PUT' || req.headers['x-upsert'] === 'true';
      if (objects.has(key) && !upsert) return send(res, 400, { statusCode: '409', error: 'Duplicate', message: 'The resource already exists' });
      objects.set(key, { bytes: raw, contentType: String(req.headers['content-type'] ?? 'application/octet-stream') });
      return send(res, 200, { Key: key, Id: randomUUID() });
    }
    return send(res, 404, { statusCode: '404', error: 'not_found', message: `no route ${req.method} ${url.pathname}` });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    serviceRoleKey,
    objects,
    requests,
    tokenFor: (userId, opts = {}) =>
      signJwt({
        sub: userId,
        role: 'authenticated',
        aud: 'authenticated',
        email: opts.email ?? `${userId.slice(0, 8)}@example.test`,
        iat: Math.floor(now() / 1000),
        exp: Math.floor(now() / 1000) + (opts.expiresInSeconds ?? 3600),
      }),
    putObject: (bucket, path, bytes, contentType) => objects.set(`${bucket}/${path}`, { bytes: Buffer.from(bytes), contentType }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
