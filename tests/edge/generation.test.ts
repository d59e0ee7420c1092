// clip-generation, clip-status and clip-details against the real PostgreSQL server (scratch
// database with the migrations), the Runway fake driven by the real @runwayml/sdk, and the
// Supabase Auth/Storage fake driven by the real supabase-js.
import { randomUUID } from 'node:crypto';
import RunwayML from '@runwayml/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClipDetailsHandler } from '../../supabase/functions/clip-details/handler';
import { createClipGenerationHandler } from '../../supabase/functions/clip-generation/handler';
import { createClipStatusHandler } from '../../supabase/functions/clip-status/handler';
import { runwayFromSdk } from '../../supabase/functions/_shared/runway';
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
    expect(started.body).toMatchObject({ status: 'queued', credits: 1, balance: 2, clipId: body.clipId });
    expect(started.body.taskId).toBeTruthy();

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
      expect(res.body.error).toMatchObject({ code: 'output_unavailable' });
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
        expect(res.body.error).toMatchObject({ code: 'output_copy_timeout' });
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
      expect(await events(takeId)).toEqual(['output_lost']);
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

  it('a create that times out is not retried and waits, charged, as unknown', async () => {
    const user = await b.newUser(1);
    const impatient = createClipGenerationHandler({
      ...b.generationDeps,
      runway: runwayFromSdk(new RunwayML({ apiKey: b.runway.apiKey, baseURL: b.runway.url, timeout: 300 })),
    });
    const before = creates().length;
    b.runway.script({ delayMs: 1500 });
    const res = await b.call<TakeBody>(impatient, { method: 'POST', token: user.token, body: request(user) });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'queued', stage: 'unknown' });
    await new Promise((r) => setTimeout(r, 1600));
    expect(creates().length - before).toBe(1);
    expect(await b.balance(user.id)).toEqual({ balance: 0, ledger: 0 });
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
    expect(other.body.error).toMatchObject({ code: 'generation_in_progress' });

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
    const res = await postGenerate(user, request(user, { projectId, imagePath: `${user.id}/${projectId}/never-uploaded.jpg` }));
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'image_not_found' });
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

  describe('the HTTP contract', () => {
    it('answers CORS preflight and puts CORS headers on errors', async () => {
      const pre = await b.call(generate, { method: 'OPTIONS' });
      expect(pre.status).toBe(204);
      expect(pre.headers.get('access-control-allow-origin')).toBe('*');
      const err = await b.call(generate, { method: 'POST', body: {} });
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
