// HTTP plumbing shared by every function: JSON errors with a stable code, CORS, request
// size limits. Only web-standard APIs (Request, Response), so it runs under Deno and Node.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const corsHeaders: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'authorization, x-client-info, apikey, content-type, x-admin-password',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, OPTIONS',
  'Access-Control-Max-Age': '86400',
};

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
  });
}

export function errorBody(error: ApiError): { error: { code: string; message: string } & Record<string, unknown> } {
  return { error: { code: error.code, message: error.message, ...(error.details ?? {}) } };
}

export const DEFAULT_BODY_LIMIT = 16 * 1024;

/** Reads the raw body, refusing more than maxBytes (checked on the bytes, not only Content-Length). */
export async function readBody(req: Request, maxBytes = DEFAULT_BODY_LIMIT): Promise<Uint8Array> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError(413, 'payload_too_large', `The request body is larger than ${maxBytes} bytes.`);
}

/** Parses a JSON object body (empty body = {}). */
export async function readJson(req: Request, maxBytes = DEFAULT_BODY_LIMIT): Promise<Record<string, unknown>> {
  const text = new TextDecoder().decode(await readBody(req, maxBytes));
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError(400, 'invalid_json', 'The request body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

/** What the server knows of the connection (Deno.serve's info). */
export interface ConnInfo {
  remoteAddress?: string;
}

export type Handler = (req: Request, conn?: ConnInfo) => Promise<Response>;

export interface HandlerOptions {
  /** Methods this function answers; others get 405. */
  methods: string[];
  /** Adds CORS headers and answers preflight requests (for calls from the app). */
  cors?: boolean;
  /** Where unexpected errors are reported (never to the caller). */
  log?: (message: string, error: unknown) => void;
}

/**
 * Wraps a handler: preflight, method check, and errors turned into JSON. Unexpected errors
 * become a 500 with a fixed message: no stack traces, no driver messages, no secrets.
 */
export function handler(options: HandlerOptions, fn: Handler): Handler {
  const extra = options.cors ? corsHeaders : {};
  const log = options.log ?? ((message, error) => console.error(message, error));
  return async (req, conn) => {
    if (options.cors && req.method === 'OPTIONS') return new Response(null, { status: 204, headers: corsHeaders });
    let response: Response;
    try {
      if (!options.methods.includes(req.method)) {
        throw new ApiError(405, 'method_not_allowed', `Use ${options.methods.join(' or ')}.`);
      }
      response = await fn(req, conn);
    } catch (error) {
      if (error instanceof ApiError) {
        response = json(errorBody(error), error.status);
      } else {
        log('unhandled error', error);
        response = json({ error: { code: 'internal_error', message: 'Something went wrong on our side. Please try again.' } }, 500);
      }
    }
    for (const [k, v] of Object.entries(extra)) response.headers.set(k, v);
    return response;
  };
}
