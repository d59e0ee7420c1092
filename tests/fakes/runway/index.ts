// A local fake of Runway's REST API (the parts Echoes uses), following the published contract:
// - Authorization: Bearer <key> (401 otherwise) and X-Runway-Version: 2024-11-06 (400 otherwise)
// - POST /v1/image_to_video -> {id}; body checked like the API does (model, promptImage as an
//   HTTPS URL or a data URI up to 5 MB, promptText <= 1000, ratio for the model, duration 2-10)
// - GET /v1/tasks/:id -> PENDING / THROTTLED / RUNNING (progress 0..1) / SUCCEEDED (output URLs
//   that expire) / FAILED (failure, failureCode) / CANCELLED; DELETE /v1/tasks/:id -> 204
// - 429 once the daily task cap is reached; tasks over the concurrency limit sit THROTTLED.
// Tasks move one step each time they are read (deterministic, no timers). Errors are {error}.
// Driven in the tests by the real @runwayml/sdk through baseURL.
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const RUNWAY_VERSION = '2024-11-06';

const MODEL_RATIOS: Record<string, string[]> = {
  gen4_turbo: ['1280:720', '720:1280', '1104:832', '832:1104', '960:960', '1584:672'],
};

export type TaskStatus = 'PENDING' | 'THROTTLED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

/** What a task does as it is polled; the last step stays. */
export type Step =
  | { status: 'PENDING' }
  | { status: 'RUNNING'; progress: number }
  | { status: 'SUCCEEDED' }
  | { status: 'FAILED'; failureCode: string; failure?: string };

export interface ScriptedCreate {
  /** answer the create call with this HTTP status and {error} instead of making a task */
  httpStatus?: number;
  error?: string;
  /** the task's life, one step per GET; default PENDING -> RUNNING 0.5 -> SUCCEEDED */
  steps?: Step[];
  /** wait this long before answering (to make the client time out) */
  delayMs?: number;
}

export interface FakeTask {
  id: string;
  body: Record<string, unknown>;
  createdAt: string;
  steps: Step[];
  reads: number;
  status: TaskStatus;
  progress?: number;
  failureCode?: string;
  failure?: string;
  deleted: boolean;
  /** signed when the task succeeds; it expires outputTtlMs later */
  outputUrl?: string;
}

export interface RunwayFakeOptions {
  apiKey?: string;
  /** tasks beyond this many unfinished ones sit THROTTLED */
  concurrency?: number;
  /** create calls past this many answer 429 */
  dailyTaskLimit?: number;
  /** output URLs are valid this long */
  outputTtlMs?: number;
  /** the bytes of every output video */
  outputBytes?: Uint8Array;
  /** promptImage over plain http is accepted for these hosts (local fakes have no TLS) */
  insecureImageHosts?: string[];
  /** fetch promptImage like Runway does; a failed fetch fails the task with ASSET.INVALID */
  fetchPromptImage?: boolean;
  now?: () => number;
}

export interface RequestRecord {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body?: unknown;
}

export interface RunwayFake {
  url: string;
  apiKey: string;
  tasks: Map<string, FakeTask>;
  requests: RequestRecord[];
  /** what the next create calls do, in order */
  script(...creates: ScriptedCreate[]): void;
  /** bytes served for outputs */
  outputBytes: Uint8Array;
  /** how long output URLs signed from now on stay valid */
  setOutputTtl(ms: number): void;
  /** serve outputs slowly: wait this long before the response starts ('headers') or between the headers and the bytes ('body') */
  setOutputDelay(ms: number, phase?: 'headers' | 'body'): void;
  close(): Promise<void>;
}

// A minimal MP4 header ("ftyp" box) followed by filler: enough to look like a video file.
const defaultOutput = new Uint8Array([
  0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x6d, 0x70, 0x34, 0x32, 0, 0, 0, 0, 0x6d, 0x70, 0x34, 0x32, 0x69, 0x73, 0x6f, 0x6d,
  ...new Array(1000).fill(7),
]);

const TERMINAL: TaskStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return Symbol.for('invalid-json');
  }
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function validateBody(body: unknown, insecureHosts: string[]): string[] {
  const issues: string[] = [];
  if (typeof body !== 'object' || body === null) return ['body must be a JSON object'];
  const b = body as Record<string, unknown>;
  const ratios = typeof b.model === 'string' ? MODEL_RATIOS[b.model] : undefined;
  if (!ratios) issues.push(`model: must be one of ${Object.keys(MODEL_RATIOS).join(', ')}`);
  if (typeof b.promptImage !== 'string') {
    issues.push('promptImage: required');
  } else if (b.promptImage.startsWith('data:')) {
    if (!/^data:image\/(jpeg|png|webp);base64,/.test(b.promptImage)) issues.push('promptImage: data URI must be a JPEG, PNG or WebP image');
    if (b.promptImage.length > Math.ceil((5 * 1024 * 1024 * 4) / 3) + 100) issues.push('promptImage: data URI over 5MB');
  } else {
    let url: URL | undefined;
    try {
      url = new URL(b.promptImage);
    } catch {
      issues.push('promptImage: not a URL');
    }
    if (url && url.protocol !== 'https:' && !(url.protocol === 'http:' && insecureHosts.includes(url.hostname))) {
      issues.push('promptImage: must be an HTTPS URL');
    }
  }
  if (b.promptText !== undefined && (typeof b.promptText !== 'string' || b.promptText.length === 0 || b.promptText.length > 1000)) {
    issues.push('promptText: must be 1 to 1000 characters');
  }
  if (ratios && !ratios.includes(b.ratio as string)) issues.push(`ratio: must be one of ${ratios.join(', ')}`);
  if (b.duration !== undefined && (typeof b.duration !== 'number' || !Number.isInteger(b.duration) || b.duration < 2 || b.duration > 10)) {
    issues.push('duration: must be an integer from 2 to 10');
  }
  return issues;
}

export async function startRunwayFake(options: RunwayFakeOptions = {}): Promise<RunwayFake> {
  const apiKey = options.apiKey ?? 'key_fake_runway';
  const now = options.now ?? Date.now;
  let ttl = options.outputTtlMs ?? 24 * 60 * 60 * 1000;
  let outputDelay: { ms: number; phase: 'headers' | 'body' } = { ms: 0, phase: 'headers' };
  const signingKey = randomUUID();
  const tasks = new Map<string, FakeTask>();
  const requests: RequestRecord[] = [];
  const queue: ScriptedCreate[] = [];
  let createdToday = 0;
  let baseUrl = '';

  const sign = (id: string, exp: number) => createHmac('sha256', signingKey).update(`${id}.${exp}`).digest('hex');
  const outputUrl = (id: string) => {
    const exp = now() + ttl;
    return `${baseUrl}/outputs/${id}.mp4?exp=${exp}&sig=${sign(id, exp)}`;
  };
  const unfinished = () => [...tasks.values()].filter((t) => !TERMINAL.includes(t.status) && t.status !== 'THROTTLED').length;

  function advance(task: FakeTask): void {
    if (TERMINAL.includes(task.status)) return;
    if (task.status === 'THROTTLED') {
      if (unfinished() >= (options.concurrency ?? Infinity)) return;
      task.status = 'PENDING';
      return;
    }
    const step = task.steps[Math.min(task.reads, task.steps.length - 1)]!;
    task.reads += 1;
    task.status = step.status;
    if (step.status === 'RUNNING') task.progress = step.progress;
    if (step.status === 'SUCCEEDED') task.outputUrl ??= outputUrl(task.id);
    if (step.status === 'FAILED') {
      task.failureCode = step.failureCode;
      task.failure = step.failure ?? `Task failed (${step.failureCode})`;
    }
  }

  function view(task: FakeTask): Record<string, unknown> {
    const base = { id: task.id, createdAt: task.createdAt, status: task.status };
    switch (task.status) {
      case 'RUNNING':
        return { ...base, progress: task.progress ?? 0 };
      case 'SUCCEEDED':
        return { ...base, output: [task.outputUrl] };
      case 'FAILED':
        return { ...base, failure: task.failure, failureCode: task.failureCode };
      default:
        return base;
    }
  }

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://fake');
      const body = req.method === 'POST' ? await readJson(req) : undefined;
      requests.push({ method: req.method ?? '', path: url.pathname, headers: req.headers, body });

      const output = /^\/outputs\/([\w-]+)\.mp4$/.exec(url.pathname);
      if (output && req.method === 'GET') {
        const exp = Number(url.searchParams.get('exp'));
        const ok = url.searchParams.get('sig') === sign(output[1]!, exp) && exp > now();
        if (!ok) return send(res, 403, { error: 'Request has expired' });
        const bytes = options.outputBytes ?? defaultOutput;
        const { ms, phase } = outputDelay;
        const pause = () => new Promise((r) => setTimeout(r, ms));
        if (ms > 0 && phase === 'headers') await pause();
        if (res.destroyed) return;
        res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(bytes.byteLength) });
        if (ms > 0 && phase === 'body') {
          res.flushHeaders();
          await pause();
          if (res.destroyed) return;
        }
        res.end(Buffer.from(bytes));
        return;
      }

      if (req.headers.authorization !== `Bearer ${apiKey}`) return send(res, 401, { error: 'Invalid API key' });
      if (req.headers['x-runway-version'] !== RUNWAY_VERSION) {
        return send(res, 400, { error: `X-Runway-Version header is required and must be ${RUNWAY_VERSION}` });
      }

      if (url.pathname === '/v1/image_to_video' && req.method === 'POST') {
        const scripted = queue.shift() ?? {};
        if (scripted.delayMs) await new Promise((r) => setTimeout(r, scripted.delayMs));
        if (scripted.httpStatus) return send(res, scripted.httpStatus, { error: scripted.error ?? 'Scripted failure' });
        if (body === Symbol.for('invalid-json')) return send(res, 400, { error: 'Invalid JSON body' });
        const issues = validateBody(body, options.insecureImageHosts ?? []);
        if (issues.length) return send(res, 400, { error: 'Validation of body failed', issues });
        if (createdToday >= (options.dailyTaskLimit ?? Infinity)) {
          return send(res, 429, { error: 'You have exceeded your daily task limit.' });
        }
        createdToday += 1;
        const task: FakeTask = {
          id: randomUUID(),
          body: body as Record<string, unknown>,
          createdAt: new Date(now()).toISOString(),
          steps: scripted.steps ?? [{ status: 'PENDING' }, { status: 'RUNNING', progress: 0.5 }, { status: 'SUCCEEDED' }],
          reads: 0,
          status: 'PENDING',
          deleted: false,
        };
        if (options.fetchPromptImage && !String(task.body.promptImage).startsWith('data:')) {
          const image = await fetch(String(task.body.promptImage)).catch(() => undefined);
          if (!image?.ok) task.steps = [{ status: 'FAILED', failureCode: 'ASSET.INVALID', failure: 'Could not fetch the image.' }];
        }
        // Throttled by the tasks that exist when this one does (two creates may overlap while each fetches its image).
        if (unfinished() >= (options.concurrency ?? Infinity)) task.status = 'THROTTLED';
        tasks.set(task.id, task);
        return send(res, 200, { id: task.id });
      }

      const taskPath = /^\/v1\/tasks\/([^/]+)$/.exec(url.pathname);
      if (taskPath) {
        const task = tasks.get(taskPath[1]!);
        if (!task || task.deleted) return send(res, 404, { error: 'Task not found' });
        if (req.method === 'GET') {
          advance(task);
          return send(res, 200, view(task));
        }
        if (req.method === 'DELETE') {
          // running tasks are cancelled; finished ones are deleted
          if (!TERMINAL.includes(task.status)) task.status = 'CANCELLED';
          else task.deleted = true;
          return send(res, 204);
        }
      }
      return send(res, 404, { error: 'Not found' });
    } catch (error) {
      send(res, 500, { error: `fake runway: ${(error as Error).message}` });
    }
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    apiKey,
    tasks,
    requests,
    outputBytes: options.outputBytes ?? defaultOutput,
    script: (...creates) => queue.push(...creates),
    setOutputTtl: (ms) => {
      ttl = ms;
    },
    setOutputDelay: (ms, phase = 'headers') => {
      outputDelay = { ms, phase };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
