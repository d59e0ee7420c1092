// A local fake of Runway's REST API (the parts Echoes uses), following the published contract:
// - Authorization: Bearer <key> (401 otherwise) and X-Runway-Version: 2024-11-06 (400 otherwise)
// - POST /v1/image_to_video -> {id}; body checked like the API does (model, promptImage as an
//   HTTPS URL (a plain http URL is refused, local or not) or a data URI up to 5 MB of a JPEG, PNG
//   or WebP, promptText <= 1000, ratio for the model, duration 2-10)
// - the organisation's credit balance: a task costs 5 credits a second (gen4_turbo) and is billed
//   when it is created; short of credits, create answers 400 with the balance in Runway's words
// - GET /v1/tasks/:id -> PENDING / THROTTLED / RUNNING (progress 0..1) / SUCCEEDED / FAILED
//   (failure, failureCode) / CANCELLED; DELETE /v1/tasks/:id cancels a task that has not ended
//   (it stays billed) and deletes one that has -> 204
// - tasks progress in real time, first in first out per organisation: `concurrency` run at once,
//   the others wait THROTTLED; each runs `runMs` (progress grows with the clock)
// - SUCCEEDED output URLs are signed afresh on every read and expire outputTtlMs later
// - 429 once the daily task cap is reached
// - faults, scripted per create: an error answer with no task; a hang before answering; the
//   connection dropped (FIN, no answer) after the task was created; a 5xx after it was created.
// `steps` scripts a task read by read instead (one step per GET), for tests of single states.
// `beforeAnswer` runs something while a create's caller waits for the answer (a late task).
// Errors are {error}. Driven in the tests by the real @runwayml/sdk through baseURL.
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
  /** create the task, then answer with httpStatus (a 5xx after the task exists) */
  afterCreate?: boolean;
  /** create the task, then close the connection without an answer */
  drop?: 'after-create';
  /** the task's life, one step per GET (instead of running in real time) */
  steps?: Step[];
  /** a real-time task that ends FAILED with this code instead of SUCCEEDED */
  failureCode?: string;
  /** wait this long before answering (to make the client time out); the task is created after it */
  delayMs?: number;
  /**
   * Runs while the caller waits for the answer, after the task (if this create makes one) was
   * created: what happens elsewhere before a slow create's answer arrives (a late task).
   */
  beforeAnswer?: (task?: FakeTask) => Promise<void>;
}

export interface FakeTask {
  id: string;
  body: Record<string, unknown>;
  /** the X-Echoes-Request-Id the create carried (the take's request id) */
  requestId: string | null;
  createdAt: string;
  /** credits billed to the organisation when it was created */
  cost: number;
  /** per-read script, when given */
  steps?: Step[];
  reads: number;
  /** real-time schedule: created, started, ended (ms on the fake's clock) */
  seq: number;
  createdMs: number;
  startMs?: number;
  endMs?: number;
  failureCode?: string;
  failure?: string;
  cancelled: boolean;
  cancelMs?: number;
  deleted: boolean;
  /** scripted state (steps mode) */
  scripted?: { status: TaskStatus; progress?: number };
  /** the create's answer never reached the caller */
  answerLost: boolean;
  /** the state as of the last read */
  status: TaskStatus;
}

export interface RunwayFakeOptions {
  apiKey?: string;
  /** tasks of the organisation that run at once; the others wait THROTTLED (default 2) */
  concurrency?: number;
  /** how long a task runs (default 300 ms) */
  runMs?: number;
  /** create calls past this many answer 429 */
  dailyTaskLimit?: number;
  /** the organisation's credits (default: plenty) */
  organizationCredits?: number;
  /** output URLs are valid this long */
  outputTtlMs?: number;
  /** the bytes of every output video */
  outputBytes?: Uint8Array;
  /** fetch an https promptImage like Runway does; a failed fetch fails the task with ASSET.INVALID */
  fetchPromptImage?: boolean;
  /** drop the connection after creating every Nth task (1 in N) */
  dropAfterCreateEvery?: number;
  now?: () => number;
}

export interface RequestRecord {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** the client's port: a new one is a new connection */
  remotePort?: number;
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
  /** the next n output URLs are signed already expired (a link that lapsed in transit) */
  expireOutputLinks(n: number): void;
  /** serve outputs slowly: wait this long before the response starts ('headers') or between the headers and the bytes ('body') */
  setOutputDelay(ms: number, phase?: 'headers' | 'body'): void;
  /** the organisation's credit balance */
  organizationCredits(): number;
  setOrganizationCredits(credits: number): void;
  /** the state of a task now, as a GET would show it (without counting as a read) */
  statusOf(id: string): TaskStatus | undefined;
  close(): Promise<void>;
}

// A minimal MP4 header ("ftyp" box) followed by filler: enough to look like a video file.
const defaultOutput = new Uint8Array([
  0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x6d, 0x70, 0x34, 0x32, 0, 0, 0, 0, 0x6d, 0x70, 0x34, 0x32, 0x69, 0x73, 0x6f, 0x6d,
  ...new Array(1000).fill(7),
]);

const TERMINAL: TaskStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];
/** gen4_turbo's price: credits per second of video. */
const CREDITS_PER_SECOND = 5;

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

const IMAGE_MAGIC: Array<[string, number[]]> = [
  ['jpeg', [0xff, 0xd8, 0xff]],
  ['png', [0x89, 0x50, 0x4e, 0x47]],
  ['webp', [0x52, 0x49, 0x46, 0x46]],
];

function validateBody(body: unknown): string[] {
  const issues: string[] = [];
  if (typeof body !== 'object' || body === null) return ['body must be a JSON object'];
  const b = body as Record<string, unknown>;
  const ratios = typeof b.model === 'string' ? MODEL_RATIOS[b.model] : undefined;
  if (!ratios) issues.push(`model: must be one of ${Object.keys(MODEL_RATIOS).join(', ')}`);
  if (typeof b.promptImage !== 'string') {
    issues.push('promptImage: required');
  } else if (b.promptImage.startsWith('data:')) {
    const m = /^data:image\/(jpeg|png|webp);base64,(.*)$/.exec(b.promptImage);
    if (!m) issues.push('promptImage: data URI must be a JPEG, PNG or WebP image');
    else {
      const bytes = Buffer.from(m[2]!, 'base64');
      if (bytes.length > 5 * 1024 * 1024) issues.push('promptImage: data URI over 5MB');
      const magic = IMAGE_MAGIC.find(([type]) => type === m[1])![1];
      if (!magic.every((v, i) => bytes[i] === v)) issues.push('promptImage: the data is not the image type it claims');
    }
  } else {
    let url: URL | undefined;
    try {
      url = new URL(b.promptImage);
    } catch {
      issues.push('promptImage: not a URL');
    }
    if (url && url.protocol !== 'https:') issues.push('promptImage: must be an HTTPS URL');
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
  const concurrency = options.concurrency ?? 2;
  const runMs = options.runMs ?? 300;
  let ttl = options.outputTtlMs ?? 24 * 60 * 60 * 1000;
  let credits = options.organizationCredits ?? 1_000_000;
  let outputDelay: { ms: number; phase: 'headers' | 'body' } = { ms: 0, phase: 'headers' };
  const signingKey = randomUUID();
  const tasks = new Map<string, FakeTask>();
  const requests: RequestRecord[] = [];
  const queue: ScriptedCreate[] = [];
  let createdToday = 0;
  let seq = 0;
  let baseUrl = '';

  const sign = (id: string, exp: number) => createHmac('sha256', signingKey).update(`${id}.${exp}`).digest('hex');
  let expireNext = 0;
  const outputUrl = (id: string) => {
    const lapsed = expireNext > 0;
    if (lapsed) expireNext -= 1;
    const exp = lapsed ? now() - 1 : now() + ttl;
    return `${baseUrl}/outputs/${id}.mp4?exp=${exp}&sig=${sign(id, exp)}`;
  };

  /**
   * The organisation's queue as of time t, worked out from the start every time: first in first
   * out, `concurrency` at once, each for runMs; a cancel frees its slot when it happens.
   */
  function schedule(t: number): void {
    const all = [...tasks.values()].filter((k) => !k.steps).sort((a, b) => a.seq - b.seq);
    // a scripted task that has not ended holds a slot too
    const held = [...tasks.values()].filter((k) => k.steps && !k.cancelled && !TERMINAL.includes(k.scripted?.status ?? 'PENDING')).length;
    const slots = Math.max(0, concurrency - held);
    const ends: number[] = [];
    let prevStart = -Infinity;
    for (const k of all) {
      k.startMs = undefined;
      k.endMs = undefined;
    }
    for (const k of all) {
      let start = Math.max(k.createdMs, prevStart);
      const busy = ends.filter((e) => e > start).sort((a, b) => a - b);
      if (slots === 0) break;
      if (busy.length >= slots) start = busy[busy.length - slots]!;
      if (k.cancelMs !== undefined && k.cancelMs <= start) continue;
      if (start > t) break;
      k.startMs = start;
      prevStart = start;
      const end = Math.min(start + runMs, k.cancelMs ?? Infinity);
      if (k.cancelMs === undefined && end <= t) k.endMs = end;
      ends.push(end);
    }
  }

  function stateAt(task: FakeTask, t: number): { status: TaskStatus; progress?: number } {
    if (task.cancelled) return { status: 'CANCELLED' };
    if (task.scripted) return task.scripted;
    schedule(t);
    if (task.endMs !== undefined) return { status: task.failureCode ? 'FAILED' : 'SUCCEEDED' };
    if (task.startMs !== undefined) return { status: 'RUNNING', progress: Math.min(0.99, Math.max(0, (t - task.startMs) / runMs)) };
    // waiting: THROTTLED while the organisation's slots are taken, PENDING when it is next
    const running = [...tasks.values()].filter((k) =>
      k.steps ? !k.cancelled && !TERMINAL.includes(k.scripted?.status ?? 'PENDING') : !k.cancelled && k.startMs !== undefined && k.endMs === undefined,
    ).length;
    return { status: running >= concurrency ? 'THROTTLED' : 'PENDING' };
  }

  function read(task: FakeTask): Record<string, unknown> {
    if (task.steps && !task.cancelled) {
      const step = task.steps[Math.min(task.reads, task.steps.length - 1)]!;
      task.reads += 1;
      task.scripted = { status: step.status, ...(step.status === 'RUNNING' ? { progress: step.progress } : {}) };
      if (step.status === 'FAILED') {
        task.failureCode = step.failureCode;
        task.failure = step.failure ?? `Task failed (${step.failureCode})`;
      }
    }
    const state = stateAt(task, now());
    task.status = state.status;
    const base = { id: task.id, createdAt: task.createdAt, status: state.status };
    switch (state.status) {
      case 'RUNNING':
        return { ...base, progress: state.progress ?? 0 };
      case 'SUCCEEDED':
        // signed afresh on every read, like the real API
        return { ...base, output: [outputUrl(task.id)] };
      case 'FAILED':
        return { ...base, failure: task.failure ?? `Task failed (${task.failureCode})`, failureCode: task.failureCode };
      default:
        return base;
    }
  }

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://fake');
      const body = req.method === 'POST' ? await readJson(req) : undefined;
      requests.push({ method: req.method ?? '', path: url.pathname, headers: req.headers, remotePort: req.socket.remotePort, body });

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
        if (scripted.httpStatus && !scripted.afterCreate) {
          await scripted.beforeAnswer?.();
          return send(res, scripted.httpStatus, { error: scripted.error ?? 'Scripted failure' });
        }
        if (body === Symbol.for('invalid-json')) return send(res, 400, { error: 'Invalid JSON body' });
        const issues = validateBody(body);
        if (issues.length) return send(res, 400, { error: 'Validation of body failed', issues });
        if (createdToday >= (options.dailyTaskLimit ?? Infinity)) {
          return send(res, 429, { error: 'You have exceeded your daily task limit.' });
        }
        const b = body as Record<string, unknown>;
        const cost = CREDITS_PER_SECOND * (typeof b.duration === 'number' ? b.duration : 10);
        if (credits < cost) {
          return send(res, 400, { error: `You do not have enough credits to run this task. It needs ${cost} credits and the organization has ${credits}.` });
        }
        credits -= cost;
        createdToday += 1;
        seq += 1;
        const drop = scripted.drop === 'after-create' || (options.dropAfterCreateEvery ? seq % options.dropAfterCreateEvery === 0 : false);
        const task: FakeTask = {
          id: randomUUID(),
          body: b,
          requestId: typeof req.headers['x-echoes-request-id'] === 'string' ? req.headers['x-echoes-request-id'] : null,
          createdAt: new Date(now()).toISOString(),
          cost,
          ...(scripted.steps ? { steps: scripted.steps } : {}),
          reads: 0,
          seq,
          createdMs: now(),
          ...(scripted.failureCode ? { failureCode: scripted.failureCode } : {}),
          cancelled: false,
          deleted: false,
          answerLost: drop || !!scripted.afterCreate,
          status: 'PENDING',
        };
        if (options.fetchPromptImage && !String(b.promptImage).startsWith('data:')) {
          const image = await fetch(String(b.promptImage)).catch(() => undefined);
          if (!image?.ok) {
            task.failureCode = 'ASSET.INVALID';
            task.failure = 'Could not fetch the image.';
          }
        }
        tasks.set(task.id, task);
        await scripted.beforeAnswer?.(task);
        if (drop) {
          // the task exists and is billed; the answer never leaves
          req.socket.end();
          return;
        }
        if (scripted.afterCreate) return send(res, scripted.httpStatus ?? 500, { error: scripted.error ?? 'An unexpected error occurred.' });
        return send(res, 200, { id: task.id });
      }

      const taskPath = /^\/v1\/tasks\/([^/]+)$/.exec(url.pathname);
      if (taskPath) {
        const task = tasks.get(taskPath[1]!);
        if (!task || task.deleted) return send(res, 404, { error: 'Task not found' });
        if (req.method === 'GET') return send(res, 200, read(task));
        if (req.method === 'DELETE') {
          // unfinished tasks are cancelled (they stay billed); finished ones are deleted
          const state = stateAt(task, now());
          if (!TERMINAL.includes(state.status)) {
            task.cancelled = true;
            task.cancelMs = now();
            task.status = 'CANCELLED';
          } else task.deleted = true;
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
    expireOutputLinks: (n) => {
      expireNext = n;
    },
    setOutputDelay: (ms, phase = 'headers') => {
      outputDelay = { ms, phase };
    },
    organizationCredits: () => credits,
    setOrganizationCredits: (n) => {
      credits = n;
    },
    statusOf: (id) => {
      const task = tasks.get(id);
      return task ? (task.steps ? task.status : stateAt(task, now()).status) : undefined;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
