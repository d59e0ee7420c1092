// A local stand-in for the Supabase HTTP surface the desktop app uses, driven by the real
// supabase-js:
// - /auth/v1: PKCE authorize (the Google consent is taken as given: the redirect goes straight
//   back to redirect_to with a one-time code), token exchange (grant_type=pkce, checked against
//   the S256 challenge), refresh with rotation, user, logout. Access tokens are HS256 JWTs
//   signed with a test secret; a first sign-in inserts the auth.users row in the real
//   PostgreSQL database, so the migrations' trigger gives the 1 free credit.
// - /functions/v1/<name>: routed to the real edge functions running under Deno against that
//   database and the Runway / Stripe fakes; verify_jwt as in supabase/config.toml.
// - /storage/v1: objects in a temp folder, user access limited to their own folder (the
//   storage policies), signed URLs one at a time or batched, signed downloads.
// The one Supabase stand-in of the tests: the desktop suites sign in through it, the edge suites
// take tokens from tokenFor() and put photos with putObject(), on an injectable clock.
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { startDenoFunction, type RunningFunction } from './deno-functions';

export const STANDIN_JWT_SECRET = 'echoes-standin-jwt-secret-with-at-least-32-characters';

/** Functions the gateway lets through without a JWT (verify_jwt = false in supabase/config.toml). */
const NO_JWT_FUNCTIONS = new Set(['stripe-webhook', 'checkout-return', 'admin']);
const BUCKETS = new Set(['private-photos', 'final-videos', 'music-tracks']);
const PUBLIC_BUCKETS = new Set(['music-tracks']);

export interface StandInOptions {
  /** The scratch database (migrations applied) for auth.users and the functions. */
  databaseUrl: string;
  /** Edge functions to run under Deno (none by default). */
  functions?: string[];
  /** Their secrets (RUNWAYML_*, STRIPE_*, ADMIN_PASSWORD ...); SUPABASE_* are set here. */
  functionEnv?: Record<string, string>;
  accessTokenTtlS?: number;
  /** Redirect URLs Auth accepts, like the project's URL configuration; `:*` matches any port. */
  redirectAllowList?: string[];
  /** The clock tokens and signed URLs are issued and checked on (ms). */
  now?: () => number;
}

export interface StandInUser {
  id: string;
  email: string;
}

export interface SupabaseStandIn {
  url: string;
  anonKey: string;
  serviceRoleKey: string;
  storageDir: string;
  /** Every request; JSON bodies parsed. */
  requests: Array<{ method: string; path: string; body?: unknown }>;
  users: Map<string, StandInUser>;
  /** The Google account the next authorize "signs in" as (default: a new one each time). */
  nextGoogleEmail(email: string): void;
  functions: Map<string, RunningFunction>;
  /** Path on disk of a stored object. */
  objectFile(bucket: string, path: string): string;
  /** How long access tokens issued from now on live (seconds). */
  setAccessTokenTtl(seconds: number): void;
  /** An access token for a user, as Supabase Auth would issue it after a sign-in (the user is registered here, not in auth.users). */
  tokenFor(userId: string, opts?: { email?: string; expiresInSeconds?: number }): string;
  /** Puts an object as the app would upload it. */
  putObject(bucket: string, path: string, bytes: Uint8Array, contentType: string): void;
  /** A stored object's bytes, or undefined. */
  readObject(bucket: string, path: string): Buffer | undefined;
  /** Takes the HTTP surface down (the app is offline); functions and database stay. */
  stop(): Promise<void>;
  /** Brings it back on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function redirectAllowed(url: string, allowList: string[]): boolean {
  return allowList.some((entry) => {
    const pattern = new RegExp(`^${entry.replace(/[.?+^$()[\]{}|\\]/g, '\\$&').replace(':*', ':\\d+').replace(/\*/g, '.*')}$`);
    return pattern.test(url.split('?')[0]!);
  });
}

export async function startSupabaseStandIn(options: StandInOptions): Promise<SupabaseStandIn> {
  const secret = STANDIN_JWT_SECRET;
  const now = options.now ?? Date.now;
  let ttl = options.accessTokenTtlS ?? 3600;
  const allowList = options.redirectAllowList ?? ['echoes://auth/callback', 'http://127.0.0.1:*/auth/callback'];
  const storageDir = mkdtempSync(join(tmpdir(), 'echoes-standin-storage-'));
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 3 });
  // Its database may be dropped (with force) while a client closes: see tests/edge/harness.ts.
  pool.on('error', (error: Error & { code?: string }) => {
    if (error.code !== '57P01') console.error('PostgreSQL client error', error);
  });
  const requests: SupabaseStandIn['requests'] = [];
  const users = new Map<string, StandInUser>();
  const byEmail = new Map<string, StandInUser>();
  const codes = new Map<string, { user: StandInUser; challenge: string; method: string; expiresAt: number }>();
  const sessions = new Map<string, { userId: string; refreshToken: string; revoked: boolean }>();
  const refreshIndex = new Map<string, string>(); // refresh token -> session id (used tokens included)
  const functions = new Map<string, RunningFunction>();
  let nextEmail: string | null = null;

  const hmac = (text: string) => createHmac('sha256', secret).update(text).digest();
  const signJwt = (claims: Record<string, unknown>) => {
    const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const body = b64url(JSON.stringify(claims));
    return `${head}.${body}.${b64url(hmac(`${head}.${body}`))}`;
  };
  const verifyJwt = (token: string | undefined): Record<string, unknown> | null => {
    const [head, body, sig] = (token ?? '').split('.');
    if (!head || !body || !sig) return null;
    const expected = hmac(`${head}.${body}`);
    const given = Buffer.from(sig, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof claims.exp === 'number' && claims.exp * 1000 <= now()) return null;
    return claims;
  };
  const nowS = () => Math.floor(now() / 1000);
  const anonKey = signJwt({ iss: 'supabase-standin', role: 'anon', iat: nowS(), exp: nowS() + 10 * 365 * 86400 });
  const serviceRoleKey = signJwt({ iss: 'supabase-standin', role: 'service_role', iat: nowS(), exp: nowS() + 10 * 365 * 86400 });

  const userJson = (u: StandInUser) => ({
    id: u.id,
    aud: 'authenticated',
    role: 'authenticated',
    email: u.email,
    app_metadata: { provider: 'google', providers: ['google'] },
    user_metadata: { email: u.email, full_name: u.email.split('@')[0] },
    identities: [],
    created_at: new Date(0).toISOString(),
  });

  function issueSession(user: StandInUser, sessionId: string, ttlS = ttl) {
    const refreshToken = b64url(randomBytes(24));
    const existing = sessions.get(sessionId);
    sessions.set(sessionId, { userId: user.id, refreshToken, revoked: existing?.revoked ?? false });
    refreshIndex.set(refreshToken, sessionId);
    const iat = nowS();
    const accessToken = signJwt({ sub: user.id, role: 'authenticated', aud: 'authenticated', email: user.email, session_id: sessionId, iat, exp: iat + ttlS });
    return { access_token: accessToken, token_type: 'bearer', expires_in: ttlS, expires_at: iat + ttlS, refresh_token: refreshToken, user: userJson(user) };
  }

  const authError = (res: ServerResponse, status: number, errorCode: string, msg: string) => send(res, status, { code: status, error_code: errorCode, msg });

  async function handleAuth(req: IncomingMessage, res: ServerResponse, url: URL, raw: Buffer): Promise<void> {
    const path = url.pathname.slice('/auth/v1'.length);
    if (path === '/health' && req.method === 'GET') return send(res, 200, { version: 'standin', name: 'GoTrue', description: 'GoTrue is a user registration and authentication API' });
    if (path === '/authorize' && req.method === 'GET') {
      // a browser navigation: no apikey
      if (url.searchParams.get('provider') !== 'google') return authError(res, 400, 'validation_failed', 'Unsupported provider: provider is not enabled');
      const redirectTo = url.searchParams.get('redirect_to') ?? '';
      if (!redirectAllowed(redirectTo, allowList)) return authError(res, 400, 'validation_failed', `redirect_to ${redirectTo} is not an allowed redirect URL`);
      const challenge = url.searchParams.get('code_challenge');
      if (!challenge) return authError(res, 400, 'validation_failed', 'PKCE flow requires code_challenge');
      const email = nextEmail ?? `creator-${randomBytes(4).toString('hex')}@example.test`;
      nextEmail = null;
      const user = byEmail.get(email) ?? { id: randomUUID(), email };
      const code = randomUUID();
      codes.set(code, { user, challenge, method: (url.searchParams.get('code_challenge_method') ?? 'plain').toLowerCase(), expiresAt: Date.now() + 5 * 60_000 });
      const back = new URL(redirectTo);
      back.searchParams.set('code', code);
      res.writeHead(302, { location: back.toString() }).end();
      return;
    }

    const apikey = req.headers.apikey;
    if (apikey !== anonKey && apikey !== serviceRoleKey) return send(res, 401, { message: 'No API key found in request' });
    const body = raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, string>) : {};
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];

    if (path === '/token' && req.method === 'POST') {
      const grant = url.searchParams.get('grant_type');
      if (grant === 'pkce') {
        const entry = codes.get(body.auth_code ?? '');
        codes.delete(body.auth_code ?? '');
        if (!entry || entry.expiresAt < Date.now()) return authError(res, 404, 'flow_state_not_found', 'invalid flow state, no valid flow state found');
        const verifier = body.code_verifier ?? '';
        const computed = entry.method === 's256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
        if (computed !== entry.challenge) return authError(res, 403, 'bad_code_verifier', 'code challenge does not match previously saved code verifier');
        const { user } = entry;
        if (!users.has(user.id)) {
          // what GoTrue does on a first sign-in: the auth.users row (the profile trigger runs)
          await pool.query('insert into auth.users (id, email) values ($1, $2) on conflict (id) do nothing', [user.id, user.email]);
          users.set(user.id, user);
          byEmail.set(user.email, user);
        }
        return send(res, 200, issueSession(user, randomUUID()));
      }
      if (grant === 'refresh_token') {
        const sessionId = refreshIndex.get(body.refresh_token ?? '');
        const session = sessionId ? sessions.get(sessionId) : undefined;
        if (!session || session.revoked) return authError(res, 400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
        if (session.refreshToken !== body.refresh_token) return authError(res, 400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used');
        return send(res, 200, issueSession(users.get(session.userId)!, sessionId!));
      }
      return authError(res, 400, 'validation_failed', `unsupported grant_type ${grant}`);
    }

    const claims = verifyJwt(bearer);
    const sessionAlive = claims && typeof claims.session_id === 'string' && !sessions.get(claims.session_id)?.revoked;
    if (path === '/user' && req.method === 'GET') {
      if (!claims || claims.role !== 'authenticated' || !sessionAlive) return authError(res, 403, 'bad_jwt', 'invalid JWT: unable to parse or verify signature, token is expired');
      const user = users.get(String(claims.sub));
      if (!user) return authError(res, 404, 'user_not_found', 'User from sub claim in JWT does not exist');
      return send(res, 200, userJson(user));
    }
    if (path === '/logout' && req.method === 'POST') {
      if (!claims || claims.role !== 'authenticated') return authError(res, 403, 'bad_jwt', 'invalid JWT');
      const scope = url.searchParams.get('scope') ?? 'global';
      for (const [id, s] of sessions) {
        if (s.userId === claims.sub && (scope === 'global' || id === claims.session_id)) s.revoked = true;
      }
      res.writeHead(204).end();
      return;
    }
    return authError(res, 404, 'not_found', `no auth route ${req.method} ${path}`);
  }

  const objectFile = (bucket: string, path: string) => join(storageDir, bucket, ...path.split('/'));
  const safePath = (p: string) => p.length > 0 && !p.split('/').some((s) => s === '..' || s === '.' || s === '');

  async function handleStorage(req: IncomingMessage, res: ServerResponse, url: URL, raw: Buffer): Promise<void> {
    const path = url.pathname.slice('/storage/v1'.length);
    const storageError = (status: number, error: string, message: string) => send(res, 400, { statusCode: String(status), error, message });

    // an object's bytes, honouring a single Range (Storage answers 206 with Content-Range, as a resumed download needs)
    const serveObject = async (bucket: string, p: string) => {
      const file = objectFile(bucket, p);
      try {
        const bytes = await readFile(file);
        const meta = JSON.parse(await readFile(`${file}.meta.json`, 'utf8').catch(() => '{}')) as { contentType?: string };
        const type = meta.contentType ?? 'application/octet-stream';
        const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers.range ?? ''));
        if (range) {
          const start = Number(range[1]);
          const end = Math.min(range[2] ? Number(range[2]) : bytes.length - 1, bytes.length - 1);
          if (start >= bytes.length || start > end) {
            res.writeHead(416, { 'content-range': `bytes */${bytes.length}` }).end();
            return;
          }
          const part = bytes.subarray(start, end + 1);
          res.writeHead(206, { 'content-type': type, 'content-length': String(part.length), 'content-range': `bytes ${start}-${end}/${bytes.length}`, 'accept-ranges': 'bytes' }).end(part);
          return;
        }
        res.writeHead(200, { 'content-type': type, 'content-length': String(bytes.length), 'accept-ranges': 'bytes' }).end(bytes);
      } catch {
        storageError(404, 'not_found', 'Object not found');
      }
    };

    const signedGet = /^\/object\/sign\/([^/]+)\/(.+)$/.exec(path);
    if (signedGet && req.method === 'GET') {
      const key = `${signedGet[1]}/${decodeURIComponent(signedGet[2]!)}`;
      const claims = verifyJwt(url.searchParams.get('token') ?? '');
      if (!claims || claims.url !== key) return storageError(403, 'InvalidJWT', 'invalid signature or expired token');
      return serveObject(signedGet[1]!, decodeURIComponent(signedGet[2]!));
    }
    // public buckets (music-tracks): no token at all
    const publicGet = /^\/object\/public\/([^/]+)\/(.+)$/.exec(path);
    if (publicGet && (req.method === 'GET' || req.method === 'HEAD')) {
      if (!PUBLIC_BUCKETS.has(publicGet[1]!)) return storageError(400, 'not_found', 'Bucket not found');
      return serveObject(publicGet[1]!, decodeURIComponent(publicGet[2]!));
    }
    // an upload with a signed upload URL (uploadToSignedUrl): the token stands for the right to insert
    const signedUpload = /^\/object\/upload\/sign\/([^/]+)\/(.+)$/.exec(path);
    if (signedUpload && req.method === 'PUT') {
      const bucket = signedUpload[1]!;
      const p = decodeURIComponent(signedUpload[2]!);
      const claims = verifyJwt(url.searchParams.get('token') ?? '');
      if (!claims || claims.upload !== `${bucket}/${p}`) return storageError(403, 'InvalidJWT', 'invalid signature or expired token');
      if (!claims.upsert && (await stat(objectFile(bucket, p)).then(() => true, () => false))) return storageError(409, 'Duplicate', 'The resource already exists');
      const file = objectFile(bucket, p);
      mkdirSync(dirname(file), { recursive: true });
      await writeFile(`${file}.tmp`, raw);
      await rename(`${file}.tmp`, file);
      await writeFile(`${file}.meta.json`, JSON.stringify({ contentType: String(req.headers['content-type'] ?? 'application/octet-stream') }));
      return send(res, 200, { Key: `${bucket}/${p}` });
    }

    const claims = verifyJwt(/^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1]);
    if (!claims || (claims.role !== 'service_role' && claims.role !== 'authenticated')) return storageError(403, 'Unauthorized', 'new row violates row-level security policy');
    // storage.objects policies: a user touches only {their id}/... in the private buckets
    const mayAccess = (bucket: string, p: string) =>
      BUCKETS.has(bucket) && safePath(p) && (claims.role === 'service_role' || (bucket !== 'music-tracks' && p.startsWith(`${String(claims.sub)}/`)));
    const exists = (bucket: string, p: string) => stat(objectFile(bucket, p)).then((s) => s.isFile(), () => false);
    const signedUrl = (bucket: string, p: string, expiresIn: number) =>
      `/object/sign/${bucket}/${p}?token=${signJwt({ url: `${bucket}/${p}`, iat: nowS(), exp: nowS() + Math.max(1, Math.floor(expiresIn)) })}`;

    const signMany = /^\/object\/sign\/([^/]+)$/.exec(path);
    if (signMany && req.method === 'POST') {
      const bucket = signMany[1]!;
      const { paths, expiresIn } = JSON.parse(raw.toString('utf8')) as { paths: string[]; expiresIn: number };
      const out = [];
      for (const p of paths) {
        const ok = mayAccess(bucket, p) && (await exists(bucket, p));
        out.push(ok ? { error: null, path: p, signedURL: signedUrl(bucket, p, expiresIn) } : { error: 'Either the object does not exist or you do not have access to it', path: p, signedURL: null });
      }
      return send(res, 200, out);
    }
    if (signedGet && req.method === 'POST') {
      const bucket = signedGet[1]!;
      const p = decodeURIComponent(signedGet[2]!);
      if (!mayAccess(bucket, p) || !(await exists(bucket, p))) return storageError(404, 'not_found', 'Object not found');
      const { expiresIn } = JSON.parse(raw.toString('utf8')) as { expiresIn: number };
      return send(res, 200, { signedURL: signedUrl(bucket, p, expiresIn) });
    }

    // createSignedUploadUrl: needs the insert right on the path; valid 2 hours
    if (signedUpload && req.method === 'POST') {
      const bucket = signedUpload[1]!;
      const p = decodeURIComponent(signedUpload[2]!);
      if (!mayAccess(bucket, p)) return storageError(403, 'Unauthorized', 'new row violates row-level security policy');
      const token = signJwt({ upload: `${bucket}/${p}`, upsert: req.headers['x-upsert'] === 'true', iat: nowS(), exp: nowS() + 2 * 3600 });
      return send(res, 200, { url: `/object/upload/sign/${bucket}/${p}?token=${token}` });
    }
    // remove(paths): DELETE /object/{bucket} {prefixes}; answers the objects it removed (others are skipped, not errors)
    const bucketOnly = /^\/object\/([^/]+)$/.exec(path);
    if (bucketOnly && req.method === 'DELETE') {
      const bucket = bucketOnly[1]!;
      const { prefixes } = JSON.parse(raw.toString('utf8') || '{}') as { prefixes?: string[] };
      if (!Array.isArray(prefixes) || prefixes.length === 0) return storageError(400, 'InvalidRequest', 'body must have prefixes');
      const removed = [];
      for (const p of prefixes) {
        if (!mayAccess(bucket, p) || !(await exists(bucket, p))) continue;
        rmSync(objectFile(bucket, p), { force: true });
        rmSync(`${objectFile(bucket, p)}.meta.json`, { force: true });
        removed.push({ name: p, bucket_id: bucket, id: randomUUID() });
      }
      return send(res, 200, removed);
    }

    const object = /^\/object\/([^/]+)\/(.+)$/.exec(path);
    if (object && (req.method === 'POST' || req.method === 'PUT')) {
      const bucket = object[1]!;
      const p = decodeURIComponent(object[2]!);
      if (!mayAccess(bucket, p)) return storageError(403, 'Unauthorized', 'new row violates row-level security policy');
      const upsert = req.method === 'PUT' || req.headers['x-upsert'] === 'true';
      if (!upsert && (await exists(bucket, p))) return storageError(409, 'Duplicate', 'The resource already exists');
      const file = objectFile(bucket, p);
      mkdirSync(dirname(file), { recursive: true });
      await writeFile(`${file}.tmp`, raw);
      await rename(`${file}.tmp`, file);
      await writeFile(`${file}.meta.json`, JSON.stringify({ contentType: String(req.headers['content-type'] ?? 'application/octet-stream') }));
      return send(res, 200, { Key: `${bucket}/${p}`, Id: randomUUID() });
    }
    return storageError(404, 'not_found', `no storage route ${req.method} ${path}`);
  }

  async function handleFunctions(req: IncomingMessage, res: ServerResponse, url: URL, raw: Buffer): Promise<void> {
    const match = /^\/functions\/v1\/([a-z0-9-]+)(\/.*)?$/.exec(url.pathname);
    const fn = match ? functions.get(match[1]!) : undefined;
    if (!match || !fn) return send(res, 404, { code: 'NOT_FOUND', message: 'Requested function was not found' });
    if (!NO_JWT_FUNCTIONS.has(match[1]!) && req.method !== 'OPTIONS') {
      // the gateway's verify_jwt: any valid project JWT (anon key or a user's access token)
      if (!verifyJwt(/^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1])) return send(res, 401, { code: 401, message: 'Invalid JWT' });
    }
    // like the gateway: the caller's own X-Forwarded-For (anything it likes) with the address it connected from appended
    const sent = typeof req.headers['x-forwarded-for'] === 'string' ? `${req.headers['x-forwarded-for']}, ` : '';
    const headers: Record<string, string> = { 'x-forwarded-for': `${sent}${req.socket.remoteAddress ?? '127.0.0.1'}` };
    for (const name of ['authorization', 'apikey', 'content-type', 'x-admin-password', 'stripe-signature', 'x-client-info']) {
      const v = req.headers[name];
      if (typeof v === 'string') headers[name] = v;
    }
    const target = `${fn.url}${match[2] ?? '/'}${url.search}`;
    const answer = await fetch(target, { method: req.method, headers, body: req.method === 'GET' || req.method === 'HEAD' ? undefined : new Uint8Array(raw) });
    const out = Buffer.from(await answer.arrayBuffer());
    const passHeaders: Record<string, string> = {};
    answer.headers.forEach((value, key) => {
      if (!['content-length', 'transfer-encoding', 'connection', 'content-encoding'].includes(key)) passHeaders[key] = value;
    });
    res.writeHead(answer.status, passHeaders).end(out);
  }

  function createHttpServer(): Server {
    return createServer((req, res) => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://standin');
        const record: { method: string; path: string; body?: unknown } = { method: req.method ?? '', path: url.pathname };
        requests.push(record);
        const raw = req.method === 'GET' || req.method === 'HEAD' ? Buffer.alloc(0) : await readRaw(req);
        if (raw.length && (req.headers['content-type'] ?? '').includes('application/json')) record.body = JSON.parse(raw.toString('utf8'));
        if (url.pathname.startsWith('/auth/v1/')) return handleAuth(req, res, url, raw);
        if (url.pathname.startsWith('/storage/v1/')) return handleStorage(req, res, url, raw);
        if (url.pathname.startsWith('/functions/v1/')) return handleFunctions(req, res, url, raw);
        return send(res, 404, { message: `no route ${req.method} ${url.pathname}` });
      })().catch((error: unknown) => {
        if (!res.headersSent) send(res, 500, { message: `stand-in error: ${(error as Error).message}` });
      });
    });
  }

  let server = createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  const env = { ...options.functionEnv, SUPABASE_URL: url, SUPABASE_SERVICE_ROLE_KEY: serviceRoleKey, SUPABASE_ANON_KEY: anonKey, SUPABASE_DB_URL: options.databaseUrl };
  const started = await Promise.allSettled((options.functions ?? []).map(async (name) => functions.set(name, await startDenoFunction(name, env))));
  const closeServer = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  const close = async () => {
    await closeServer();
    await Promise.all([...functions.values()].map((f) => f.stop()));
    await pool.end();
    rmSync(storageDir, { recursive: true, force: true });
  };
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await close();
    throw failed.reason;
  }

  return {
    url,
    anonKey,
    serviceRoleKey,
    storageDir,
    requests,
    users,
    functions,
    nextGoogleEmail: (email) => void (nextEmail = email),
    objectFile,
    tokenFor(userId, opts = {}) {
      const user = users.get(userId) ?? { id: userId, email: opts.email ?? `${userId.slice(0, 8)}@example.test` };
      users.set(user.id, user);
      byEmail.set(user.email, user);
      return issueSession(user, randomUUID(), opts.expiresInSeconds).access_token;
    },
    putObject(bucket, path, bytes, contentType) {
      const file = objectFile(bucket, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, bytes);
      writeFileSync(`${file}.meta.json`, JSON.stringify({ contentType }));
    },
    readObject: (bucket, path) => (existsSync(objectFile(bucket, path)) ? readFileSync(objectFile(bucket, path)) : undefined),
    setAccessTokenTtl: (seconds) => void (ttl = seconds),
    stop: closeServer,
    async start() {
      if (server.listening) return;
      server = createHttpServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', resolve);
      });
    },
    close,
  };
}
