// clip-generation, clip-status and clip-details against the real PostgreSQL server (scratch
// database with the migrations), the Runway fake driven by the real @runwayml/sdk, and the
// Supabase Auth/Storage fake driven by the real supabase-js.
import { randomUUID } from 'node:crypto';
import RunwayML from '@runwayml/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClipDetailsHandler } from '../../supabase/functions/clip-details/handler';
import { createClipGenerationHandler } from '../../supabase/functions/clip-generation/handler';
import { createClipStatusHandler } from '../../supabase/functions/clip-status/handler';
import { PROVIDER_BUSY, runwayFromSdk } from '../../supabase/functions/_shared/runway';
import { actAs, describeWithDatabase } from '../db/scratch';
import { startBackend, uploadPhoto, type Backend, type TestUser } from './harness';

interface TakeBody {
  takeId: string;
  clipId: string;
  taskId: string | null;
  status: string;
  stage?: string;
  progress: number | null;
  credits: number;
  balance?: number;
  videoUrl?: string;
  replayed?: boolean;
  failure?: { code: string; message: string; retryable: boolean };
  error?: { code: string; message: string; field?: string };
}

/** A response body of 201 MB in 1 MB chunks, with no length announced. */
function oversizedStream(): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(1024 * 1024);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent > 200 * chunk.byteLength) return controller.close();
      controller.enqueue(chunk);
      sent += chunk.byteLength;
    },
  });
}

describeWithDatabase('clip generation (edge function logic)', (databaseUrl) => {
  let b: Backend;
  let generate: ReturnType<typeof createClipGenerationHandler>;
  let status: ReturnType<typeof createClipStatusHandler>;
  let details: ReturnType<typeof createClipDetailsHandler>;

  beforeAll(async () => {
    b = await startBackend(databaseUrl, 'edge_generation');
    generate = createClipGenerationHandler(b.generationDeps);
    status = createClipStatusHandler(b.generationDeps);
    details = createClipDetailsHandler(b.generationDeps);
  });
  afterAll(async () => {
    await b?.close();
  });

  function request(user: TestUser, overrides: Record<string, unknown> = {}) {
    const projectId = (overrides.projectId as string) ?? randomUUID();
    const imagePath = (overrides.imagePath as string) ?? uploadPhoto(b, user.id, projectId);
    return { clipId: randomUUID(), projectId, requestId: randomUUID(), imagePath, prompt: 'Slow push in, leaves moving', duration: 5, ratio: '1280:720', ...overrides };
  }
  const postGenerate = (user: TestUser, body: unknown) => b.call<TakeBody>(generate, { method: 'POST', token: user.token, body });
  const poll = (user: TestUser, takeId: string) => b.call<TakeBody>(status, { method: 'GET', path: `/clip-status?takeId=${takeId}`, token: user.token });
  /** Polls (every 50 ms, at most 5 s) until the take is no longer queued or running; returns every answer. */
  async function pollUntilDone(user: TestUser, takeId: string) {
    const seen: Array<Awaited<ReturnType<typeof poll>>> = [];
    for (let i = 0; i < 100; i++) {
      const res = await poll(user, takeId);
      seen.push(res);
      if (res.status !== 200 || !['queued', 'running'].includes(res.body.status)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    return seen;
  }
  const events = async (takeId: string) =>
    (await b.pool.query<{ event: string }>('select event from public.take_events where take_id = $1 order by created_at', [takeId])).rows.map((r) => r.event);
  const creates = () => b.runway.requests.filter((r) => r.method === 'POST' && r.path === '/v1/image_to_video');
  async function ledgerRows(reference: string) {
    const { rows } = await b.pool.query<{ type: string; amount: number }>(
      'select type, amount from public.credit_transactions where reference_id = $1 order by created_at',
      [reference],
    );
    return rows;
  }

  it('a full run to SUCCEEDED charges once, copies the video into the private bucket, and marks the clip ready', async () => {
    const user = await b.newUser(3);
    const body = request(user);
    const before = creates().length;

    const started = await postGenerate(user, body);
    expect(started.status).toBe(202);
    // exactly this: a take in flight carries no failure
    expect(started.body).toEqual({
      takeId: expect.any(String),
      clipId: body.clipId,
      projectId: body.projectId,
      taskId: expect.any(String),
      status: 'queued',
      stage: 'pending',
      progress: null,
      credits: 1,
      balance: 2,
    });

    const sent = creates().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers['x-runway-version']).toBe('2024-11-06');
    const sentBody = sent[0]!.body as Record<string, unknown>;
    expect(sentBody).toMatchObject({ model: 'gen4_turbo', ratio: '1280:720', duration: 5 });
    expect(String(sentBody.promptText)).toMatch(/^Slow push in, leaves moving Cinematic/);
    // the local storage serves http, which Runway refuses: the photo goes inline, as a data URI
    expect(String(sentBody.promptImage)).toBe(`data:image/jpeg;base64,${b.supabase.readObject('private-photos', body.imagePath)!.toString('base64')}`);

    const seen = await pollUntilDone(user, started.body.takeId);
    const done = seen.at(-1)!;
    // queued, then running, then succeeded (how many of each a poll catches depends on the clock)
    const rank = ['queued', 'running', 'succeeded'];
    const ranks = seen.map((r) => rank.indexOf(r.body.status));
    expect(ranks.every((r, i) => r >= 0 && (i === 0 || r >= ranks[i - 1]!))).toBe(true);
    // progress comes from Runway's clock, not from how often we ask
    for (const r of seen.filter((x) => x.body.status === 'running')) expect(r.body.progress).toBeGreaterThanOrEqual(0);
    expect(done.body.status).toBe('succeeded');
    expect(done.body.videoUrl).toMatch(/\/storage\/v1\/object\/sign\/private-photos\//);

    const stored = `${user.id}/${body.projectId}/${body.clipId}/${started.body.takeId}.mp4`;
    expect(b.supabase.readObject('private-photos', stored)).toEqual(Buffer.from(b.runway.outputBytes));
    const download = await fetch(done.body.videoUrl!);
    expect(download.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await download.arrayBuffer())).toEqual(Buffer.from(b.runway.outputBytes));

    const clip = await b.pool.query('select status, video_file_path from public.clips where id = $1', [body.clipId]);
    expect(clip.rows[0]).toEqual({ status: 'ready', video_file_path: stored.replace('private-photos/', '') });

    // Runway's output URLs expire; ours does not depend on them any more
    b.clock.now += 49 * 3600 * 1000;
    const later = await poll({ ...user, token: b.supabase.tokenFor(user.id) }, started.body.takeId);
    b.clock.now -= 49 * 3600 * 1000;
    expect(later.body.status).toBe('succeeded');

    expect(await ledgerRows(`gen:${body.clipId}:${body.requestId}`)).toEqual([{ type: 'spend', amount: -1 }]);
    expect(await b.balance(user.id)).toEqual({ balance: 2, ledger: 2 });
  });

  it('an output link that expired is read again for a fresh one: the clip is recovered, not refunded', async () => {
    const user = await b.newUser(1);
    b.runway.script({ steps: [{ status: 'SUCCEEDED' }] });
    b.runway.expireOutputLinks(1);
    const started = await postGenerate(user, request(user));
    const res = await poll(user, started.body.takeId);
    expect(res.body.status).toBe('succeeded');
    expect(await events(started.body.takeId)).toEqual(['output_refreshed']);
    expect(await b.balance(user.id)).toEqual({ balance: 0, ledger: 0 });
  });

  it('while every output link has expired the take stays charged and waits; the next check copies it', async () => {
    const user = await b.newUser(1);
    b.runway.setOutputTtl(0);
    b.runway.script({ steps: [{ status: 'SUCCEEDED' }] });
    let takeId = '';
    try {
      const started = await postGenerate(user, request(user));
      takeId = started.body.takeId;
      const res = await poll(user, takeId);
      expect(res.status).toBe(502);
      expect(res.body).toEqual({
        error: { code: 'output_unavailable', message: 'The finished video could not be fetched from the AI service yet. It is tried again on the next check.' },
      });
      expect(await events(takeId)).toEqual(['output_refreshed', 'output_refreshed']);
      expect(await b.balance(user.id)).toEqual({ balance: 0, ledger: 0 });
    } finally {
      b.runway.setOutputTtl(24 * 3600 * 1000);
    }
    expect((await poll(user, takeId)).body.status).toBe('succeeded');
    expect(await b.balance(user.id)).toEqual({ balance: 0, ledger: 0 });
  });

  it('copying an output that is served too slowly times out retryably, changes nothing, and the next poll copies it', async () => {
    const slowStatus = createClipStatusHandler({ ...b.generationDeps, outputTimeoutMs: 300 });
    const pollSlow = (user: TestUser, takeId: string) => b.call<TakeBody>(slowStatus, { method: 'GET', path: `/clip-status?takeId=${takeId}`, token: user.token });
    const user = await b.newUser(1);
    b.runway.script({ steps: [{ status: 'SUCCEEDED' }] });
    const body = request(user);
    const started = await postGenerate(user, body);
    const reference = `gen:${body.clipId}:${body.requestId}`;
    const stored = `${user.id}/${body.projectId}/${body.clipId}/${started.body.takeId}.mp4`;
    const state = async () => {
      const { rows } = await b.pool.query(
        'select t.status as take, t.video_file_path, c.status as clip from public.clip_takes t join public.clips c on c.id = t.clip_id where t.id = $1',
        [started.body.takeId],
      );
      return rows[0];
    };
    const before = await state();
    expect(before).toEqual({ take: 'pending', video_file_path: null, clip: 'generating' });
    try {
      // slow to answer at all, then slow to send the bytes after the headers
      for (const phase of ['headers', 'body'] as const) {
        b.runway.setOutputDelay(3_000, phase);
        const t0 = Date.now();
        const res = await pollSlow(user, started.body.takeId);
        expect(Date.now() - t0).toBeLessThan(2_500);
        expect(res.status).toBe(504);
        expect(res.body).toEqual({
          error: { code: 'output_copy_timeout', message: 'The finished video is taking long to copy from the AI provider. It is tried again on the next check.' },
        });
        expect(await state()).toEqual(before);
        expect(b.supabase.readObject('private-photos', stored) !== undefined).toBe(false);
        expect(await ledgerRows(reference)).toEqual([{ type: 'spend', amount: -1 }]);
      }
    } finally {
      b.runway.setOutputDelay(0);
    }
    const done = await pollSlow(user, started.body.takeId);
    expect(done.body.status).toBe('succeeded');
    expect(b.supabase.readObject('private-photos', stored)).toEqual(Buffer.from(b.runway.outputBytes));
    expect(await state()).toMatchObject({ take: 'succeeded', clip: 'ready' });
    expect(await ledgerRows(reference)).toEqual([{ type: 'spend', amount: -1 }]);
    expect(await b.balance(user.id)).toEqual({ balance: 0, ledger: 0 });
  });

  describe('clip-status when copying or reading goes wrong', () => {
    /** A clip-status whose downloads of Runway's output get `answer` (the CDN misbehaving), everything else real. */
    const statusWith = (overrides: Partial<Parameters<typeof createClipStatusHandler>[0]>) => {
      const h = createClipStatusHandler({ ...b.generationDeps, ...overrides });
      return (user: TestUser, takeId: string) => b.call<TakeBody>(h, { method: 'GET', path: `/clip-status?takeId=${takeId}`, token: user.token });
    };
    async function succeededTake(user: TestUser) {
      b.runway.script({ steps: [{ status: 'SUCCEEDED' }] });
      return (await postGenerate(user, request(user))).body.takeId;
    }
    /** Cancels a take's task at Runway: a scripted task left unfinished would hold one of the organisation's slots for the rest of the suite. */
    const cancelAtRunway = async (takeId: string) => {
      const taskId = (await b.pool.query('select task_id from public.clip_takes where id = $1', [takeId])).rows[0].task_id as string;
      const res = await fetch(`${b.runway.url}/v1/tasks/${taskId}`, { method: 'DELETE', headers: { authorization: `Bearer ${b.runway.apiKey}`, 'x-runway-version': '2024-11-06' } });
      expect(res.status).toBe(204);
    };
    const takeState = async (takeId: string) =>
      (await b.pool.query('select t.status as take, t.failure_code, c.status as clip from public.clip_takes t join public.clips c on c.id = t.clip_id where t.id = $1', [takeId])).rows[0];

    it.each([
      ['a 500 from the output server', () => Promise.resolve(new Response('oops', { status: 500 })), 502, 'provider_unavailable', 'The finished video could not be fetched yet. Try again shortly.'],
      ['a connection that fails', () => Promise.reject(new TypeError('fetch failed')), 502, 'provider_unavailable', 'The finished video could not be fetched yet. Try again shortly.'],
      ['a video announced larger than 200 MB', () => Promise.resolve(new Response('x', { headers: { 'content-length': String(200 * 1024 * 1024 + 1) } })), 502, 'output_too_large', 'The finished video is larger than expected.'],
      ['a video over 200 MB sent without a length', () => Promise.resolve(new Response(oversizedStream())), 502, 'output_too_large', 'The finished video is larger than expected.'],
    ])('%s: a retryable error, the take unchanged and charged; the next check copies it', async (_name, answer, code, errorCode, message) => {
      const user = await b.newUser(1);
      const takeId = await succeededTake(user);
      const res = await statusWith({ fetch: answer as unknown as typeof fetch })(user, takeId);
      expect(res.status).toBe(code);
      expect(res.body).toEqual({ error: { code: errorCode, message } });
      expect(await takeState(takeId)).toEqual({ take: 'pending', failure_code: null, clip: 'generating' });
      expect(await b.balance(user.id)).toEqual({ balance: 0, ledger: 0 });
      expect((await poll(user, takeId)).body.status).toBe('succeeded');
    });

    it('a video of exactly 200 MB is not refused by its announced length', async () => {
      const user = await b.newUser(1);
      const takeId = await succeededTake(user);
      const exact = () => Promise.resolve(new Response(new Uint8Array(16), { headers: { 'content-length': String(200 * 1024 * 1024) } }));
      expect((await statusWith({ fetch: exact as unknown as typeof fetch })(user, takeId)).body.status).toBe('succeeded');
    });

    it.each([404, 410])('a %i on the output link counts as an expired link: read again, then a retryable 502', async (gone) => {
      const user = await b.newUser(1);
      const takeId = await succeededTake(user);
      const res = await statusWith({ fetch: (() => Promise.resolve(new Response(null, { status: gone }))) as unknown as typeof fetch })(user, takeId);
      expect(res.status).toBe(502);
      expect(res.body.error).toMatchObject({ code: 'output_unavailable' });
      expect(await events(takeId)).toEqual(['output_refreshed', 'output_refreshed']);
      const { rows } = await b.pool.query('select detail from public.take_events where take_id = $1 order by created_at', [takeId]);
      expect(rows.map((r) => r.detail)).toEqual(['output link expired; read 1 for a fresh one', 'output link expired; read 2 for a fresh one']);
    });

    it('a finished task Runway no longer has, with its link expired, is refunded once as OUTPUT_LOST and logged', async () => {
      const user = await b.newUser(1);
      const takeId = await succeededTake(user);
      const taskId = (await b.pool.query('select task_id from public.clip_takes where id = $1', [takeId])).rows[0].task_id as string;
      const expired = () => Promise.resolve(new Response(null, { status: 403 }));
      // read once (SUCCEEDED), then Runway deletes the finished task
      const pollExpired = statusWith({
        fetch: (async () => {
          await fetch(`${b.runway.url}/v1/tasks/${taskId}`, { method: 'DELETE', headers: { authorization: `Bearer ${b.runway.apiKey}`, 'x-runway-version': '2024-11-06' } });
          return expired();
        }) as unknown as typeof fetch,
      });
      const res = await pollExpired(user, takeId);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'failed', failure: { code: 'OUTPUT_LOST', retryable: true } });
      const { rows } = await b.pool.query('select event, task_id, detail from public.take_events where take_id = $1', [takeId]);
      expect(rows).toEqual([{ event: 'output_lost', task_id: taskId, detail: 'Runway no longer has the task' }]);
      expect(await b.balance(user.id)).toEqual({ balance: 1, ledger: 1 });
      expect(await takeState(takeId)).toEqual({ take: 'failed', failure_code: 'OUTPUT_LOST', clip: 'failed' });
    });

    it('Runway unreachable when reading the task: a retryable 502 in our words, the cause logged', async () => {
      const user = await b.newUser(1);
      b.runway.script({ steps: [{ status: 'RUNNING', progress: 0.2 }] });
      const takeId = (await postGenerate(user, request(user))).body.takeId;
      const logs: Array<{ message: string; error: unknown }> = [];
      const wrongKey = runwayFromSdk(new RunwayML({ apiKey: 'key_not_ours', baseURL: b.runway.url, maxRetries: 0 }));
      const res = await statusWith({ runway: wrongKey, log: (message, error) => logs.push({ message, error }) })(user, takeId);
      expect(res).toMatchObject({ status: 502, body: { error: { code: 'provider_unavailable', message: 'The AI service could not be reached. Try again shortly.' } } });
      expect(logs.map((l) => l.message)).toEqual(['runway retrieve failed']);
      expect(await takeState(takeId)).toEqual({ take: 'pending', failure_code: null, clip: 'generating' });
      // the same where no log is set: still our 502, not an error of its own
      const silent = await statusWith({ runway: wrongKey })(user, takeId);
      expect(silent).toMatchObject({ status: 502, body: { error: { code: 'provider_unavailable' } } });
      await cancelAtRunway(takeId);
    });

    it('progress is kept within 0..1 and only for a running task; a FAILED task without a code is UNKNOWN, refunded', async () => {
      const user = await b.newUser(3);
      b.runway.script({ steps: [{ status: 'RUNNING', progress: 1.7 }, { status: 'RUNNING', progress: -0.5 }, { status: 'RUNNING', progress: 0.25 }, { status: 'PENDING' }] });
      const takeId = (await postGenerate(user, request(user))).body.takeId;
      const seen = [];
      for (let i = 0; i < 4; i++) seen.push((await poll(user, takeId)).body);
      expect(seen.map((t) => [t.stage, t.progress])).toEqual([
        ['running', 1],
        ['running', 0],
        ['running', 0.25],
        ['pending', null],
      ]);
      await cancelAtRunway(takeId);
      b.runway.script({ steps: [{ status: 'FAILED' } as unknown as { status: 'FAILED'; failureCode: string }] });
      const failing = (await postGenerate(user, request(user))).body.takeId;
      const failed = (await poll(user, failing)).body;
      expect(failed).toMatchObject({ status: 'failed', failure: { code: 'UNKNOWN', retryable: true } });
      expect(await b.balance(user.id)).toEqual({ balance: 2, ledger: 2 });
      // a finished take is not read at Runway again
      const reads = b.runway.requests.length;
      expect((await poll(user, failing)).body.status).toBe('failed');
      expect(b.runway.requests.length).toBe(reads);
    });
  });

  it('a 10 s clip costs the 10 s price from admin_config', async () => {
    const user = await b.newUser(5);
    const res = await postGenerate(user, request(user, { duration: 10 }));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ credits: 2, balance: 3 });
  });

  it('a FAILED task refunds once and explains a safety failure as not retryable', async () => {
    const user = await b.newUser(2);
    b.runway.script({ steps: [{ status: 'RUNNING', progress: 0.2 }, { status: 'FAILED', failureCode: 'SAFETY.INPUT.IMAGE' }] });
    const body = request(user);
    const started = await postGenerate(user, body);
    expect(started.body.balance).toBe(1);

    await poll(user, started.body.takeId);
    const failed = await poll(user, started.body.takeId);
    expect(failed.body.status).toBe('failed');
    expect(failed.body.failure).toMatchObject({ code: 'SAFETY.INPUT.IMAGE', retryable: false });
    expect(failed.body.failure!.message).toMatch(/safety/i);
    const again = await poll(user, started.body.takeId);
    expect(again.body.status).toBe('failed');

    expect(await ledgerRows(`gen:${body.clipId}:${body.requestId}`)).toEqual([
      { type: 'spend', amount: -1 },
      { type: 'refund', amount: 1 },
    ]);
    expect(await b.balance(user.id)).toEqual({ balance: 2, ledger: 2 });
    const clip = await b.pool.query('select status, failure_code from public.clips where id = $1', [body.clipId]);
    expect(clip.rows[0]).toEqual({ status: 'failed', failure_code: 'SAFETY.INPUT.IMAGE' });
  });

  it('an internal provider failure is retryable, and a retry after it charges again', async () => {
    const user = await b.newUser(2);
    b.runway.script({ steps: [{ status: 'FAILED', failureCode: 'INTERNAL.BAD_OUTPUT.CODE01' }] });
    const body = request(user);
    const started = await postGenerate(user, body);
    const failed = await poll(user, started.body.takeId);
    expect(failed.body.failure).toMatchObject({ code: 'INTERNAL.BAD_OUTPUT.CODE01', retryable: true });

    const retry = await postGenerate(user, { ...body, requestId: randomUUID() });
    expect(retry.status).toBe(202);
    expect(await b.balance(user.id)).toEqual({ balance: 1, ledger: 1 });
  });

  it('a 5xx create is sent once and leaves the take unknown and charged; past the reconcile window it is refunded in our words', async () => {
    const user = await b.newUser(1);
    const before = creates().length;
    b.runway.script({ httpStatus: 500, error: 'Internal server error' });
    const body = request(user);
    const res = await postGenerate(user, body);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'queued', stage: 'unknown', taskId: null });
    expect(creates().length - before).toBe(1);
    expect(await events(res.body.takeId)).toEqual(['create_unknown']);
    expect(await b.balance(user.id)).toEqual({ balance: 0, ledger: 0 });
    // the app's retry with a new request id cannot start a second task while it is unknown
    const retry = await postGenerate(user, { ...body, requestId: randomUUID() });
    expect(retry.status).toBe(409);
    expect((await poll(user, res.body.takeId)).body).toMatchObject({ status: 'queued', stage: 'unknown' });

    b.clock.now += 11 * 60 * 1000;
    try {
      const later = await poll({ ...user, token: b.supabase.tokenFor(user.id) }, res.body.takeId);
      expect(later.body.status).toBe('failed');
      expect(later.body.failure).toMatchObject({ code: 'PROVIDER_UNCONFIRMED', retryable: true });
      expect(later.body.failure!.message).not.toMatch(/Internal server error/);
    } finally {
      b.clock.now -= 11 * 60 * 1000;
    }
    expect(await events(res.body.takeId)).toEqual(['create_unknown', 'refunded_unconfirmed']);
    expect(await ledgerRows(`gen:${body.clipId}:${body.requestId}`)).toEqual([
      { type: 'spend', amount: -1 },
      { type: 'refund', amount: 1 },
    ]);
    expect(await b.balance(user.id)).toEqual({ balance: 1, ledger: 1 });
  });

  it('the daily cap (429) refunds and says the provider is busy', async () => {
    const user = await b.newUser(1);
    b.runway.script({ httpStatus: 429, error: 'You have exceeded your daily task limit.' });
    const res = await postGenerate(user, request(user));
    expect(res.status).toBe(429);
    expect(res.body.error).toMatchObject({ code: 'provider_busy' });
    expect(await b.balance(user.id)).toEqual({ balance: 1, ledger: 1 });
  });

  it('a create that times out is not retried and waits, charged, as unknown; logged, and the event names the error', async () => {
    const user = await b.newUser(1);
    const logs: string[] = [];
    const impatient = createClipGenerationHandler({
      ...b.generationDeps,
      runway: runwayFromSdk(new RunwayML({ apiKey: b.runway.apiKey, baseURL: b.runway.url, timeout: 300 })),
      log: (message) => logs.push(message),
    });
    const before = creates().length;
    b.runway.script({ delayMs: 1500 });
    const res = await b.call<TakeBody>(impatient, { method: 'POST', token: user.token, body: request(user) });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'queued', stage: 'unknown' });
    await new Promise((r) => setTimeout(r, 1600));
    expect(creates().length - before).toBe(1);
    expect(await b.balance(user.id)).toEqual({ balance: 0, ledger: 0 });
    expect(logs).toEqual(['runway create outcome unknown: the take waits to be reconciled']);
    // no HTTP status to name: the error's name
    const { rows } = await b.pool.query('select event, detail from public.take_events where take_id = $1', [res.body.takeId]);
    expect(rows).toEqual([{ event: 'create_unknown', detail: 'create failed with Error' }]);
  });

  it('two concurrent requests for the same clip charge once and start one task', async () => {
    const user = await b.newUser(5);
    const before = creates().length;
    const body = request(user);
    // a double click: the same request id twice at once
    const [a, c] = await Promise.all([postGenerate(user, body), postGenerate(user, body)]);
    expect([a.status, c.status].sort()).toEqual([200, 202]);
    expect(a.body.takeId).toBe(c.body.takeId);
    // another request for the same clip while it is generating
    const other = await postGenerate(user, { ...body, requestId: randomUUID() });
    expect(other.status).toBe(409);
    expect(other.body).toEqual({ error: { code: 'generation_in_progress', message: 'This clip is already being generated. Wait for it to finish.' } });

    expect(creates().length - before).toBe(1);
    expect(await b.balance(user.id)).toEqual({ balance: 4, ledger: 4 });
  });

  it('two concurrent requests with different ids for one clip: one generates, one is refused, one charge', async () => {
    const user = await b.newUser(5);
    const before = creates().length;
    const body = request(user);
    const results = await Promise.all([postGenerate(user, body), postGenerate(user, { ...body, requestId: randomUUID() })]);
    expect(results.map((r) => r.status).sort()).toEqual([202, 409]);
    expect(creates().length - before).toBe(1);
    expect(await b.balance(user.id)).toEqual({ balance: 4, ledger: 4 });
  });

  it('a retry of a finished request returns the same take without charging', async () => {
    const user = await b.newUser(2);
    const body = request(user);
    const first = await postGenerate(user, body);
    const replay = await postGenerate(user, body);
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ takeId: first.body.takeId, replayed: true });
    expect(await b.balance(user.id)).toEqual({ balance: 1, ledger: 1 });
  });

  it('refuses bad input before charging anything', async () => {
    const user = await b.newUser(3);
    const before = creates().length;
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ prompt: 'x'.repeat(1001) }, 400, 'prompt'],
      [{ ratio: '1920:1080' }, 400, 'ratio'],
      [{ duration: 11 }, 400, 'duration'],
      [{ clipId: 'not-a-uuid' }, 400, 'clipId'],
    ];
    for (const [override, code, field] of cases) {
      const res = await postGenerate(user, request(user, override));
      expect(res.status, field).toBe(code);
      expect(res.body.error).toMatchObject({ code: 'invalid_request', field });
    }
    const someoneElse = await b.newUser(1);
    const foreign = await postGenerate(user, request(user, { imagePath: `${someoneElse.id}/${randomUUID()}/photo.jpg` }));
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toMatchObject({ code: 'forbidden_path' });
    const sneaky = request(user);
    const traversal = await postGenerate(user, { ...sneaky, imagePath: `${user.id}/${sneaky.projectId}/../../${someoneElse.id}/x.jpg` });
    expect(traversal.status).toBe(403);

    expect(creates().length).toBe(before);
    expect(await b.balance(user.id)).toEqual({ balance: 3, ledger: 3 });
  });

  it('needs a valid session', async () => {
    const res = await b.call(generate, { method: 'POST', body: {} });
    expect(res.status).toBe(401);
    const forged = await b.call(generate, { method: 'POST', token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad', body: {} });
    expect(forged.status).toBe(401);
    expect(forged.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
  });

  it('without enough credits: 402, no take, no task', async () => {
    const user = await b.newUser(0);
    const before = creates().length;
    const body = request(user);
    const res = await postGenerate(user, body);
    expect(res.status).toBe(402);
    expect(res.body.error).toMatchObject({ code: 'insufficient_credits', needed: 1 });
    expect(creates().length).toBe(before);
    const takes = await b.pool.query('select 1 from public.clip_takes where clip_id = $1', [body.clipId]);
    expect(takes.rows).toHaveLength(0);
  });

  it('a photo missing from storage refunds and says so', async () => {
    const user = await b.newUser(1);
    const projectId = randomUUID();
    const body = request(user, { projectId, imagePath: `${user.id}/${projectId}/never-uploaded.jpg` });
    const res = await postGenerate(user, body);
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      error: { code: 'image_not_found', message: 'The photo for this clip is not in your cloud storage. Upload it and try again. Your credit was refunded.' },
    });
    const take = await b.pool.query('select status, failure_code from public.clip_takes where clip_id = $1', [body.clipId]);
    expect(take.rows).toEqual([{ status: 'failed', failure_code: 'IMAGE_NOT_FOUND' }]);
    expect(await b.balance(user.id)).toEqual({ balance: 1, ledger: 1 });
  });

  it('another user cannot read a take or generate into a project they do not own', async () => {
    const owner = await b.newUser(2);
    const body = request(owner);
    const started = await postGenerate(owner, body);
    const intruder = await b.newUser(2);
    const peek = await poll(intruder, started.body.takeId);
    expect(peek.status).toBe(404);
    const hijack = await postGenerate(intruder, request(intruder, { projectId: body.projectId, imagePath: `${intruder.id}/${body.projectId}/photo.jpg` }));
    expect(hijack.status).toBe(404);
    expect(hijack.body).toEqual({ error: { code: 'not_found', message: 'No such clip in your projects.' } });
    expect(await b.balance(intruder.id)).toEqual({ balance: 2, ledger: 2 });
  });

  it('clip-details signs every image and video of many clips in one storage call', async () => {
    const user = await b.newUser(3);
    const projectId = randomUUID();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const body = request(user, { projectId, imagePath: uploadPhoto(b, user.id, projectId, `p${i}.jpg`) });
      ids.push(body.clipId);
      const started = await postGenerate(user, body);
      if (i === 0) await pollUntilDone(user, started.body.takeId);
    }
    const stranger = await b.newUser(1);
    const strangerClip = request(stranger);
    await postGenerate(stranger, strangerClip);

    const signCallsBefore = b.supabase.requests.filter((r) => r.method === 'POST' && /\/object\/sign\/[^/]+$/.test(r.path)).length;
    const res = await b.call<{ clips: Array<Record<string, unknown>>; missing: string[] }>(details, {
      method: 'POST',
      token: user.token,
      body: { clipIds: [...ids, strangerClip.clipId] },
    });
    expect(res.status).toBe(200);
    expect(res.body.clips.map((c) => c.id).sort()).toEqual([...ids].sort());
    expect(res.body.missing).toEqual([strangerClip.clipId]);
    const signCalls = b.supabase.requests.filter((r) => r.method === 'POST' && /\/object\/sign\/[^/]+$/.test(r.path));
    expect(signCalls.length - signCallsBefore).toBe(1);
    expect((signCalls.at(-1)!.body as { paths: string[] }).paths).toHaveLength(4);

    const ready = res.body.clips.find((c) => c.id === ids[0])!;
    expect(ready.status).toBe('ready');
    const video = await fetch(ready.videoUrl as string);
    expect(video.status).toBe(200);
    const image = await fetch(res.body.clips.find((c) => c.id === ids[1])!.imageUrl as string);
    expect(new Uint8Array(await image.arrayBuffer()).subarray(0, 3)).toEqual(new Uint8Array([0xff, 0xd8, 0xff]));
  });

  it('clip-details never signs another user\'s object, even if a clip row points at it', async () => {
    const victim = await b.newUser(1);
    const victimPhoto = uploadPhoto(b, victim.id, randomUUID(), 'private.jpg');
    const attacker = await b.newUser(1);
    const body = request(attacker);
    await postGenerate(attacker, body);
    // the owner of a clip may edit image_file_path through the API (RLS allows their own row)
    const client = await b.pool.connect();
    try {
      await client.query('begin');
      await actAs(client, 'authenticated', attacker.id);
      const res = await client.query('update public.clips set image_file_path = $2 where id = $1', [body.clipId, victimPhoto]);
      expect(res.rowCount).toBe(1);
      await client.query('commit');
    } finally {
      client.release();
    }
    const res = await b.call<{ clips: Array<{ imageUrl: string | null }> }>(details, { method: 'POST', token: attacker.token, body: { clipIds: [body.clipId] } });
    expect(res.status).toBe(200);
    expect(res.body.clips[0]!.imageUrl).toBeNull();
    expect(JSON.stringify(res.body)).not.toContain(victim.id);
  });

  /** DELETE /v1/tasks/:id at Runway, as the operator would: cancels a task that has not ended, deletes one that has. */
  const runwayDelete = (taskId: string) =>
    fetch(`${b.runway.url}/v1/tasks/${taskId}`, { method: 'DELETE', headers: { authorization: `Bearer ${b.runway.apiKey}`, 'x-runway-version': '2024-11-06' } });
  /** Every take of a clip with its clip's state, oldest first. */
  const takesOf = async (clipId: string) =>
    (
      await b.pool.query(
        `select t.id, t.status, t.failure_code, t.failure_message, t.prompt, t.create_request_id::text as request_id, t.create_started_at,
                c.status as clip, c.failure_code as clip_failure, c.prompt as clip_prompt
         from public.clip_takes t join public.clips c on c.id = t.clip_id where t.clip_id = $1 order by t.created_at`,
        [clipId],
      )
    ).rows;
  /** The task Runway made for the clip's (first) take, found by the request id its create carried. */
  const taskOf = async (clipId: string) => {
    const [take] = await takesOf(clipId);
    return [...b.runway.tasks.values()].find((t) => t.requestId === take.request_id)!;
  };
  const eventRows = async (takeId: string) =>
    (await b.pool.query('select event, task_id, detail from public.take_events where take_id = $1 order by created_at', [takeId])).rows;
  /** clip-status answering as of `at` (its request's clock, not a wait): a take's window has passed or not. */
  const pollAt = (user: TestUser, takeId: string, at: number) =>
    b.call<TakeBody>(createClipStatusHandler({ ...b.generationDeps, now: () => new Date(at) }), { method: 'GET', path: `/clip-status?takeId=${takeId}`, token: user.token });
  const RECONCILE_MS = 10 * 60 * 1000;
  const STALE_SUBMIT_MS = 5 * 60 * 1000;

  describe('clip-generation when a create fails or answers late: what the creator, the ledger and the log see', () => {
    const logs: Array<{ message: string; error: unknown }> = [];
    /** A clip-generation made here, logging into `logs` (emptied). */
    function generateLogged() {
      logs.length = 0;
      const h = createClipGenerationHandler({ ...b.generationDeps, log: (message, error) => logs.push({ message, error }) });
      return (user: TestUser, body: unknown) => b.call<TakeBody>(h, { method: 'POST', token: user.token, body });
    }
    /** Refunds the clip's take as unconfirmed, as a clip-status call just past the reconcile window does. */
    async function refundAsUnconfirmed(user: TestUser, clipId: string) {
      const [take] = await takesOf(clipId);
      const res = await pollAt(user, take.id, new Date(take.create_started_at).getTime() + RECONCILE_MS + 1);
      expect(res.body).toMatchObject({ status: 'failed', failure: { code: 'PROVIDER_UNCONFIRMED' } });
    }

    it('a 5xx: logged with Runway\'s words, the event names the status; refunded only once the reconcile window has fully passed', async () => {
      const user = await b.newUser(1);
      b.runway.script({ httpStatus: 500, error: 'Internal server error' });
      const body = request(user);
      const res = await generateLogged()(user, body);
      expect(res.status).toBe(202);
      expect(logs.map((l) => l.message)).toEqual(['runway create outcome unknown: the take waits to be reconciled']);
      expect(logs[0]!.error).toMatchObject({ status: 500, message: 'Internal server error' });
      expect(await eventRows(res.body.takeId)).toEqual([{ event: 'create_unknown', task_id: null, detail: 'create failed with 500' }]);

      const started = new Date((await takesOf(body.clipId))[0].create_started_at).getTime();
      // at the end of the window an answer could still be on its way: charged, waiting
      expect((await pollAt(user, res.body.takeId, started + RECONCILE_MS)).body).toMatchObject({ status: 'queued', stage: 'unknown' });
      expect(await b.balance(user.id)).toEqual({ balance: 0, ledger: 0 });
      const later = await pollAt(user, res.body.takeId, started + RECONCILE_MS + 1);
      expect(later.body).toMatchObject({ status: 'failed', stage: 'failed', failure: { code: 'PROVIDER_UNCONFIRMED', retryable: true } });
      expect((await eventRows(res.body.takeId)).at(-1)).toEqual({ event: 'refunded_unconfirmed', task_id: null, detail: 'no task confirmed within 600 s of the create' });
      expect(await b.balance(user.id)).toEqual({ balance: 1, ledger: 1 });
    });

    it('a create Runway refuses: our words to the creator, Runway\'s to the log, the code on the take and the clip, the credit back', async () => {
      const user = await b.newUser(1);
      b.runway.script({ httpStatus: 429, error: 'You have exceeded your daily task limit.' });
      const body = request(user);
      const res = await generateLogged()(user, body);
      expect(res).toMatchObject({ status: 429, body: { error: { code: 'provider_busy', message: PROVIDER_BUSY } } });
      expect(logs.map((l) => l.message)).toEqual(['runway refused the create: You have exceeded your daily task limit.']);
      expect(await takesOf(body.clipId)).toEqual([
        expect.objectContaining({ status: 'failed', failure_code: 'PROVIDER_BUSY', failure_message: PROVIDER_BUSY, clip: 'failed', clip_failure: 'PROVIDER_BUSY' }),
      ]);
      expect(await ledgerRows(`gen:${body.clipId}:${body.requestId}`)).toEqual([
        { type: 'spend', amount: -1 },
        { type: 'refund', amount: 1 },
      ]);
    });

    it('a photo that is not an image: 422 in our words, nothing sent to Runway, the take failed IMAGE_UNUSABLE and refunded', async () => {
      const user = await b.newUser(1);
      const projectId = randomUUID();
      const imagePath = `${user.id}/${projectId}/notes.jpg`;
      b.supabase.putObject('private-photos', imagePath, new TextEncoder().encode('not a photo at all'), 'image/jpeg');
      const before = creates().length;
      const body = request(user, { projectId, imagePath });
      const res = await postGenerate(user, body);
      expect(res).toMatchObject({
        status: 422,
        body: { error: { code: 'image_unusable', message: 'The photo for this clip cannot be sent to the AI service (not a JPEG, PNG or WebP). Your credit was refunded.' } },
      });
      expect(creates().length).toBe(before);
      expect(await takesOf(body.clipId)).toEqual([expect.objectContaining({ status: 'failed', failure_code: 'IMAGE_UNUSABLE', clip: 'failed' })]);
      expect(await b.balance(user.id)).toEqual({ balance: 1, ledger: 1 });
    });

    it('a task that arrives after its take was refunded is cancelled at Runway and recorded; the creator sees the refunded take', async () => {
      const user = await b.newUser(1);
      const body = request(user);
      b.runway.script({ beforeAnswer: () => refundAsUnconfirmed(user, body.clipId) });
      const res = await generateLogged()(user, body);
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ status: 'failed', taskId: null, failure: { code: 'PROVIDER_UNCONFIRMED', retryable: true } });
      const task = await taskOf(body.clipId);
      expect(b.runway.statusOf(task.id)).toBe('CANCELLED');
      expect(await eventRows(res.body.takeId)).toEqual([
        { event: 'refunded_unconfirmed', task_id: null, detail: 'no task confirmed within 600 s of the create' },
        { event: 'cancelled_after_refund', task_id: task.id, detail: 'the take was already refunded: task cancelled' },
      ]);
      expect(logs).toEqual([]);
      expect(await ledgerRows(`gen:${body.clipId}:${body.requestId}`)).toEqual([
        { type: 'spend', amount: -1 },
        { type: 'refund', amount: 1 },
      ]);
      expect(await b.balance(user.id)).toEqual({ balance: 1, ledger: 1 });
    });

    it('a late task Runway no longer has when we cancel it: the failed cancel is recorded with Runway\'s words and logged', async () => {
      const user = await b.newUser(1);
      const body = request(user);
      b.runway.script({
        beforeAnswer: async (task) => {
          await refundAsUnconfirmed(user, body.clipId);
          // meanwhile the task was cancelled and then deleted at Runway
          for (let i = 0; i < 2; i++) expect((await runwayDelete(task!.id)).status).toBe(204);
        },
      });
      const res = await generateLogged()(user, body);
      expect(res).toMatchObject({ status: 202, body: { status: 'failed', failure: { code: 'PROVIDER_UNCONFIRMED' } } });
      const task = await taskOf(body.clipId);
      expect(await eventRows(res.body.takeId)).toEqual([
        { event: 'refunded_unconfirmed', task_id: null, detail: 'no task confirmed within 600 s of the create' },
        { event: 'cancelled_after_refund', task_id: task.id, detail: 'the take was already refunded; cancelling the task failed (Task not found)' },
      ]);
      expect(logs.map((l) => l.message)).toEqual(['runway cancel of a late task failed']);
      expect(logs[0]!.error).toMatchObject({ status: 404 });
      expect(await b.balance(user.id)).toEqual({ balance: 1, ledger: 1 });

      // the same where no log is set: the creator still gets the refunded take, not an error
      const other = request(user);
      b.runway.script({
        beforeAnswer: async (task) => {
          await refundAsUnconfirmed(user, other.clipId);
          for (let i = 0; i < 2; i++) expect((await runwayDelete(task!.id)).status).toBe(204);
        },
      });
      expect(await postGenerate(user, other)).toMatchObject({ status: 202, body: { status: 'failed', failure: { code: 'PROVIDER_UNCONFIRMED' } } });
      expect(await b.balance(user.id)).toEqual({ balance: 1, ledger: 1 });
    });

    it('a create refused after its take was refunded and the clip generated again meanwhile: the new take keeps the clip; one refund', async () => {
      const user = await b.newUser(2);
      const body = request(user);
      let second: Awaited<ReturnType<typeof postGenerate>> | undefined;
      b.runway.script({
        httpStatus: 400,
        error: 'Validation of body failed',
        beforeAnswer: async () => {
          await refundAsUnconfirmed(user, body.clipId);
          second = await postGenerate(user, { ...body, requestId: randomUUID() });
        },
      });
      const res = await postGenerate(user, body);
      expect(res).toMatchObject({ status: 422, body: { error: { code: 'provider_rejected' } } });
      expect(second).toMatchObject({ status: 202, body: { status: 'queued', stage: 'pending' } });
      const takes = await takesOf(body.clipId);
      expect(takes.map((t) => [t.status, t.failure_code])).toEqual([
        ['failed', 'PROVIDER_UNCONFIRMED'],
        ['pending', null],
      ]);
      expect(takes[1]).toMatchObject({ clip: 'generating', clip_failure: null });
      expect(await ledgerRows(`gen:${body.clipId}:${body.requestId}`)).toEqual([
        { type: 'spend', amount: -1 },
        { type: 'refund', amount: 1 },
      ]);
      expect(await b.balance(user.id)).toEqual({ balance: 1, ledger: 1 });
    });

    /**
     * What a crash between the charge and the create leaves (claimTake's transaction committed, the
     * create never started): a charged take without a create start, made at `createdAt`.
     */
    async function lostSubmit(user: TestUser, body: ReturnType<typeof request>, createdAt: Date): Promise<string> {
      const reference = `gen:${body.clipId}:${body.requestId}`;
      const client = await b.pool.connect();
      try {
        await client.query('begin');
        await client.query('insert into public.projects (id, user_id) values ($1, $2) on conflict do nothing', [body.projectId, user.id]);
        await client.query(
          `insert into public.clips (id, project_id, position, image_file_path, status) values ($1, $2, 0, $3, 'generating')
           on conflict (id) do update set status = 'generating'`,
          [body.clipId, body.projectId, body.imagePath],
        );
        await client.query('select * from public.spend_credits($1, 1, $2)', [user.id, reference]);
        const { rows } = await client.query<{ id: string }>(
          `insert into public.clip_takes (clip_id, user_id, reference, model, duration, ratio, credits, created_at)
           values ($1, $2, $3, 'gen4_turbo', 5, '1280:720', 1, $4) returning id`,
          [body.clipId, user.id, reference, createdAt],
        );
        await client.query('commit');
        return rows[0]!.id;
      } finally {
        client.release();
      }
    }

    it('a take charged but never sent (a crash before the create) waits 5 minutes, then is refunded as SUBMIT_LOST', async () => {
      const user = await b.newUser(1);
      const body = request(user);
      const createdAt = new Date(b.clock.now - 60_000);
      const takeId = await lostSubmit(user, body, createdAt);
      const waiting = await pollAt(user, takeId, createdAt.getTime() + STALE_SUBMIT_MS);
      expect(waiting.body).toEqual({ takeId, clipId: body.clipId, projectId: body.projectId, taskId: null, status: 'queued', stage: 'submitting', progress: null, credits: 1 });
      expect(await b.balance(user.id)).toEqual({ balance: 0, ledger: 0 });

      const lost = await pollAt(user, takeId, createdAt.getTime() + STALE_SUBMIT_MS + 1);
      expect(lost.body).toMatchObject({ status: 'failed', stage: 'failed', failure: { code: 'SUBMIT_LOST', retryable: true } });
      expect(await takesOf(body.clipId)).toEqual([
        expect.objectContaining({
          failure_code: 'SUBMIT_LOST',
          failure_message: 'The generation request was lost before it reached the provider.',
          clip: 'failed',
          clip_failure: 'SUBMIT_LOST',
        }),
      ]);
      expect(await eventRows(takeId)).toEqual([]);
      expect(await b.balance(user.id)).toEqual({ balance: 1, ledger: 1 });
    });

    it('a new request for a clip whose take was never sent: refused while that one may still go out, after 5 minutes it is refunded and the new one runs', async () => {
      const user = await b.newUser(2);
      const body = request(user);
      const lostId = await lostSubmit(user, body, new Date(b.clock.now - 4 * 60 * 1000));
      const retry = { ...body, requestId: randomUUID() };
      const refused = await postGenerate(user, retry);
      expect(refused).toMatchObject({ status: 409, body: { error: { code: 'generation_in_progress' } } });
      expect(await b.balance(user.id)).toEqual({ balance: 1, ledger: 1 });

      const twoMinutesLater = createClipGenerationHandler({ ...b.generationDeps, now: () => new Date(b.clock.now + 2 * 60 * 1000) });
      const res = await b.call<TakeBody>(twoMinutesLater, { method: 'POST', token: user.token, body: retry });
      expect(res).toMatchObject({ status: 202, body: { status: 'queued', stage: 'pending' } });
      expect((await takesOf(body.clipId)).map((t) => [t.id === lostId, t.status, t.failure_code])).toEqual([
        [true, 'failed', 'SUBMIT_LOST'],
        [false, 'pending', null],
      ]);
      expect(await b.balance(user.id)).toEqual({ balance: 1, ledger: 1 });
    });

    it('a clip id of another of the creator\'s projects is not found there, and nothing is charged', async () => {
      const user = await b.newUser(2);
      const first = request(user);
      expect((await postGenerate(user, first)).status).toBe(202);
      const res = await postGenerate(user, request(user, { clipId: first.clipId, projectId: randomUUID() }));
      expect(res).toMatchObject({ status: 404, body: { error: { code: 'not_found', message: 'No such clip in your projects.' } } });
      expect(await takesOf(first.clipId)).toHaveLength(1);
      expect(await b.balance(user.id)).toEqual({ balance: 1, ledger: 1 });
    });

    it('an image path that is empty or too long is refused by name; one outside the project names the folder it must be in', async () => {
      const user = await b.newUser(1);
      const projectId = randomUUID();
      for (const imagePath of ['', `${user.id}/${projectId}/${'p'.repeat(500)}.jpg`]) {
        const res = await postGenerate(user, request(user, { projectId, imagePath }));
        expect(res.status, imagePath).toBe(400);
        expect(res.body.error).toMatchObject({ code: 'invalid_request', field: 'imagePath' });
      }
      const elsewhere = await postGenerate(user, request(user, { projectId, imagePath: `${user.id}/${randomUUID()}/photo.jpg` }));
      expect(elsewhere).toMatchObject({ status: 403, body: { error: { code: 'forbidden_path', message: `imagePath must be one of your photos under ${user.id}/${projectId}/` } } });
      expect(await b.balance(user.id)).toEqual({ balance: 1, ledger: 1 });
    });

    it('the prompt is kept on the take and the clip; without one the take has an empty prompt, the clip none, and Runway gets the system prompt alone', async () => {
      const user = await b.newUser(2);
      const system = (await b.pool.query<{ value: string }>("select value from public.admin_config where key = 'system_prompt'")).rows[0]!.value;
      const before = creates().length;
      const withPrompt = request(user);
      expect((await postGenerate(user, withPrompt)).status).toBe(202);
      const withoutPrompt: Record<string, unknown> = request(user);
      delete withoutPrompt.prompt;
      expect((await postGenerate(user, withoutPrompt)).status).toBe(202);

      const sent = creates().slice(before);
      expect(sent.map((r) => (r.body as { promptText?: string }).promptText)).toEqual([`Slow push in, leaves moving ${system}`, system]);
      const [a] = await takesOf(withPrompt.clipId);
      const [c] = await takesOf(withoutPrompt.clipId as string);
      expect([a.prompt, a.clip_prompt]).toEqual(['Slow push in, leaves moving', 'Slow push in, leaves moving']);
      expect([c.prompt, c.clip_prompt]).toEqual(['', null]);
      // each create carries its take's request id, so Runway's logs and ours can be matched
      expect(sent.map((r) => r.headers['x-echoes-request-id'])).toEqual([a.request_id, c.request_id]);
    });
  });

  describe('clip-status: the states a take reaches and how it is asked', () => {
    it('a task cancelled at Runway: the take is cancelled and says so, refunded once, the clip failed as CANCELLED', async () => {
      const user = await b.newUser(1);
      b.runway.script({ steps: [{ status: 'PENDING' }] });
      const body = request(user);
      const takeId = (await postGenerate(user, body)).body.takeId;
      const taskId = (await taskOf(body.clipId)).id;
      expect((await runwayDelete(taskId)).status).toBe(204);
      const res = await poll(user, takeId);
      expect(res.body).toEqual({
        takeId,
        clipId: body.clipId,
        projectId: body.projectId,
        taskId,
        status: 'cancelled',
        stage: 'cancelled',
        progress: null,
        credits: 1,
        failure: { code: 'CANCELLED', retryable: true, message: 'The generation was cancelled.' },
      });
      expect(await takesOf(body.clipId)).toEqual([expect.objectContaining({ status: 'cancelled', failure_code: 'CANCELLED', clip: 'failed', clip_failure: 'CANCELLED' })]);
      expect((await poll(user, takeId)).body.status).toBe('cancelled');
      expect(await ledgerRows(`gen:${body.clipId}:${body.requestId}`)).toEqual([
        { type: 'spend', amount: -1 },
        { type: 'refund', amount: 1 },
      ]);
    });

    it('answers a POST with the take id in its body like a GET, a CORS preflight, and an unknown take in our words', async () => {
      // made here: a handler's options are read when it is made
      const fresh = createClipStatusHandler(b.generationDeps);
      const user = await b.newUser(1);
      const takeId = (await postGenerate(user, request(user))).body.takeId;
      const viaPost = await b.call<TakeBody>(fresh, { method: 'POST', token: user.token, body: { takeId } });
      expect(viaPost.status).toBe(200);
      expect(viaPost.body.takeId).toBe(takeId);
      const pre = await b.call(fresh, { method: 'OPTIONS' });
      expect(pre.status).toBe(204);
      expect(pre.headers.get('access-control-allow-origin')).toBe('*');
      const unknown = await b.call(fresh, { method: 'POST', token: user.token, body: { takeId: randomUUID() } });
      expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'not_found', message: 'No such generation.' } } });
    });

    it('an expired output link whose re-read fails other than with a 404: a retryable 502, nothing refunded, the cause logged; the next check copies it', async () => {
      const user = await b.newUser(1);
      b.runway.script({ steps: [{ status: 'SUCCEEDED' }] });
      const body = request(user);
      const takeId = (await postGenerate(user, body)).body.takeId;
      const real = b.generationDeps.runway;
      const refused = runwayFromSdk(new RunwayML({ apiKey: 'key_not_ours', baseURL: b.runway.url, maxRetries: 0 }));
      // the first read is answered; the read for a fresh link is refused (401)
      let reads = 0;
      const runway = { ...real, tasks: { ...real.tasks, retrieve: (id: string) => (reads++ === 0 ? real : refused).tasks.retrieve(id) } };
      const logs: string[] = [];
      const h = createClipStatusHandler({
        ...b.generationDeps,
        runway,
        fetch: (() => Promise.resolve(new Response(null, { status: 403 }))) as unknown as typeof fetch,
        log: (message) => logs.push(message),
      });
      const res = await b.call<TakeBody>(h, { method: 'GET', path: `/?takeId=${takeId}`, token: user.token });
      expect(res).toMatchObject({ status: 502, body: { error: { code: 'provider_unavailable', message: 'The AI service could not be reached. Try again shortly.' } } });
      expect(logs).toEqual(['runway retrieve failed']);
      expect(await takesOf(body.clipId)).toEqual([expect.objectContaining({ status: 'pending', failure_code: null, clip: 'generating' })]);
      expect(await eventRows(takeId)).toEqual([]);
      expect(await b.balance(user.id)).toEqual({ balance: 0, ledger: 0 });
      expect((await poll(user, takeId)).body.status).toBe('succeeded');
    });
  });

  describe('the HTTP contract', () => {
    it('answers CORS preflight and puts CORS headers on errors', async () => {
      // made here: a handler's options are read when it is made
      const fresh = createClipGenerationHandler(b.generationDeps);
      const pre = await b.call(fresh, { method: 'OPTIONS' });
      expect(pre.status).toBe(204);
      expect(pre.headers.get('access-control-allow-origin')).toBe('*');
      const err = await b.call(fresh, { method: 'POST', body: {} });
      expect(err.headers.get('access-control-allow-origin')).toBe('*');
    });

    it('refuses bodies over the size limit with 413', async () => {
      const user = await b.newUser(1);
      const res = await postGenerate(user, { ...request(user), prompt: 'x'.repeat(20_000) });
      expect(res.status).toBe(413);
      expect(res.body.error).toMatchObject({ code: 'payload_too_large' });
    });

    it('hides unexpected errors: stable code, no stack, no detail', async () => {
      const logged: unknown[] = [];
      const broken = createClipStatusHandler({
        ...b.generationDeps,
        verifyUser: async () => {
          throw new Error('connection to 10.0.0.7 failed: password=hunter2');
        },
        log: (_m, e) => logged.push(e),
      });
      const res = await b.call(broken, { method: 'GET', path: `/?takeId=${randomUUID()}`, token: 'x' });
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ error: { code: 'internal_error', message: expect.any(String) } });
      expect(JSON.stringify(res.body)).not.toMatch(/hunter2|10\.0\.0\.7|at /);
      expect(logged).toHaveLength(1);
    });

    it('rejects other methods with 405', async () => {
      const res = await b.call(generate, { method: 'DELETE' });
      expect(res.status).toBe(405);
      expect(res.body.error).toMatchObject({ code: 'method_not_allowed' });
    });
  });
});

describeWithDatabase('clip generation over the provider concurrency limit', (databaseUrl) => {
  let b: Backend;
  beforeAll(async () => {
    // each task runs long enough that the second is surely seen waiting behind the first
    b = await startBackend(databaseUrl, 'edge_throttle', { concurrency: 1, runMs: 1500 });
  });
  afterAll(async () => {
    await b?.close();
  });

  it('a THROTTLED task shows as queued, then runs when a slot frees', async () => {
    const generate = createClipGenerationHandler(b.generationDeps);
    const status = createClipStatusHandler(b.generationDeps);
    const user = await b.newUser(3);
    const start = async () => {
      const projectId = randomUUID();
      const body = { clipId: randomUUID(), projectId, requestId: randomUUID(), imagePath: uploadPhoto(b, user.id, projectId), duration: 5, ratio: '960:960' };
      return (await b.call<TakeBody>(generate, { method: 'POST', token: user.token, body })).body.takeId;
    };
    const poll = async (takeId: string) => (await b.call<TakeBody>(status, { method: 'GET', path: `/?takeId=${takeId}`, token: user.token })).body;
    const first = await start();
    const second = await start();
    const throttledTask = [...b.runway.tasks.values()].find((t) => b.runway.statusOf(t.id) === 'THROTTLED');
    expect(throttledTask).toBeDefined();

    expect((await poll(second)).status).toBe('queued');
    const row = await b.pool.query('select status from public.clip_takes where id = $1', [second]);
    expect(row.rows[0]).toEqual({ status: 'throttled' });

    const until = async (takeId: string) => {
      for (let i = 0; i < 100; i++) {
        const body = await poll(takeId);
        if (body.status === 'succeeded') return body;
        await new Promise((r) => setTimeout(r, 50));
      }
      return poll(takeId);
    };
    expect((await until(first)).status).toBe('succeeded');
    expect((await until(second)).status).toBe('succeeded');
  });
});
