// The desktop app in the cloud, end to end: Google sign-in through the stand-in's PKCE
// authorize redirect and the echoes:// deep link, the free credit, a Runway clip through the
// real generation queue (queued -> running -> ready), the video downloaded into the local media
// store, a refused second generation with an offer to buy, a signed Stripe webhook raising the
// balance, and the approved clip compiling with the backend gone.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StudioEvent } from '../../shared/contract';
import { describeWithDatabase } from '../db/scratch';
import { exportFinished } from '../editor/support';
import { call, projectWithClips, watchJobs } from '../generate/support/studio';
import { ffprobe, makeTempDir, makeTestClip } from '../support/ffmpeg-fixtures';
import { completeSignInInBrowser, openCloudStudio, startCloudBackend, untilStatus, WEBHOOK_SECRET, type CloudBackend, type CloudStudio } from './support';

describeWithDatabase('cloud end to end: sign-in, credits, a Runway clip, checkout, offline compile', (databaseUrl) => {
  let backend: CloudBackend;
  let app: CloudStudio;
  let temp: { dir: string; cleanup: () => Promise<void> };
  let runwayVideo: Buffer;
  const events: StudioEvent[] = [];
  // what went over the network (test-side, around the real fetch): the credentials and signed URLs the log must not hold
  const sent: Array<{ url: string; authorization: string | null }> = [];
  const recordingFetch: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    sent.push({ url, authorization: new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)).get('authorization') });
    return fetch(input, init);
  };

  beforeAll(async () => {
    temp = await makeTempDir('echoes-cloud-e2e-');
    // what Runway delivers: a real (small) MP4, so the compile at the end is a real one
    runwayVideo = readFileSync(await makeTestClip(join(temp.dir, 'runway-output.mp4'), { width: 320, height: 180, fps: 24, durationS: 2 }));
    backend = await startCloudBackend(databaseUrl, 'cloud_e2e', { runway: { outputBytes: runwayVideo } });
    app = openCloudStudio(join(temp.dir, 'studio'), backend, { fetch: recordingFetch });
    app.studio.events.subscribe((e) => events.push(e));
    await app.studio.cloud.ready;
  }, 180_000);

  afterAll(async () => {
    if (app) {
      await app.studio.exports.stop();
      app.studio.close();
    }
    await backend?.close();
    await temp?.cleanup();
  });

  let userId = '';
  let projectId = '';
  let clipId = '';

  it('signs in with Google through the system browser and the deep link, and shows 1 free credit', async () => {
    const before = await call(app.studio, 'cloud.status', {});
    expect(before).toMatchObject({ configured: true, source: 'build', signedIn: false, projectUrl: backend.supabase.url });

    const { opened } = await call(app.studio, 'auth.signIn', {});
    expect(opened).toBe(true);
    const authorize = new URL(app.opened.at(-1)!);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${backend.supabase.url}/auth/v1/authorize`);
    expect(authorize.searchParams.get('provider')).toBe('google');
    expect(authorize.searchParams.get('redirect_to')).toMatch(/^echoes:\/\/auth\/callback\?state=[\w-]{22}$/);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('s256');
    expect((await call(app.studio, 'cloud.status', {})).signingIn).toBe(true);

    backend.supabase.nextGoogleEmail('maya@example.test');
    const deepLink = await completeSignInInBrowser(app.studio, authorize.toString());
    expect(deepLink).toMatch(/^echoes:\/\/auth\/callback\?state=[\w-]+&code=/);

    await untilStatus(app.studio, (s) => s.signedIn && s.balance === 1);
    const status = await call(app.studio, 'cloud.status', {});
    expect(status.user?.email).toBe('maya@example.test');
    userId = status.user!.id;
    expect(await backend.balance(userId)).toBe(1);

    const credits = await call(app.studio, 'credits.get', { refresh: true });
    expect(credits.balance).toBe(1);
    expect(credits.transactions).toHaveLength(1);
    expect(credits.packs.map((p) => p.id)).toEqual(['starter', 'creator', 'studio']);

    // the session stays in the main process: persisted in the secret store, never in the status
    const secrets = readFileSync(join(temp.dir, 'studio', 'secrets.json'), 'utf8');
    expect(secrets).toContain('refresh_token');
    expect(JSON.stringify(status)).not.toContain('access_token');
  });

  it('generates one Runway clip through the generation queue: queued -> running -> ready, balance 0, video stored locally', async () => {
    const providers = await call(app.studio, 'generate.providers', {});
    expect(providers.map((p) => p.name).sort()).toEqual(['local', 'runway']);

    ({ projectId, clipIds: [clipId = ''] } = await projectWithClips(app.studio, temp.dir, 1));
    await call(app.studio, 'clips.update', { clipId, durationS: 2, prompt: 'the camera drifts slowly' });
    const jobs = watchJobs(app.studio);
    // Runway's task read by read, so every state the app shows is seen
    backend.runway.script({ steps: [{ status: 'PENDING' }, { status: 'RUNNING', progress: 0.5 }, { status: 'SUCCEEDED' }] });
    const { jobs: [job] } = await call(app.studio, 'generate.clips', { clipIds: [clipId], provider: 'runway' });
    await jobs.until(() => jobs.finished('succeeded').has(job!.id) || jobs.finished('failed').has(job!.id), 60_000);
    jobs.unsubscribe();
    const mine = jobs.events.filter((e) => e.jobId === job!.id);
    expect(mine.at(-1)).toMatchObject({ state: 'succeeded', errorKind: null });

    const states = mine.map((e) => e.state);
    const firstQueued = states.indexOf('queued');
    const firstRunning = states.indexOf('running', firstQueued + 1);
    const firstReady = states.indexOf('succeeded');
    expect(firstQueued).toBeGreaterThanOrEqual(0);
    expect(firstRunning).toBeGreaterThan(firstQueued);
    expect(firstReady).toBeGreaterThan(firstRunning);
    expect(mine.some((e) => e.state === 'queued' && e.providerState === 'PENDING')).toBe(true);
    expect(mine.some((e) => e.state === 'running' && e.providerState === 'RUNNING' && e.progress === 0.5)).toBe(true);

    // charged once: the balance the app shows and the ledger agree
    await untilStatus(app.studio, (s) => s.balance === 0);
    expect(await backend.balance(userId)).toBe(0);
    expect(backend.runway.tasks.size).toBe(1);
    const task = [...backend.runway.tasks.values()][0]!;
    expect(task.body).toMatchObject({ model: 'gen4_turbo', ratio: '1280:720', duration: 2 });
    expect(String(task.body.promptText)).toMatch(/^the camera drifts slowly /);

    // the photo went to private-photos/{user}/{project}/..., the video came back once into the media store
    const [take] = await call(app.studio, 'takes.list', { clipId });
    expect(take).toMatchObject({ provider: 'runway', clipId });
    const file = app.studio.media.store.path(take!.mediaId);
    expect(readFileSync(file).equals(runwayVideo)).toBe(true);
    expect(take!.mediaId).toBe(`${createHash('sha256').update(runwayVideo).digest('hex')}.mp4`);
    const clipDir = join(backend.supabase.storageDir, 'private-photos', userId, projectId);
    expect(existsSync(clipDir)).toBe(true);
    expect(existsSync(join(clipDir, clipId))).toBe(true); // the function's copy of the video
  });

  it('refuses a second generation for lack of credits, with an offer to buy', async () => {
    const needed: StudioEvent[] = [];
    const off = app.studio.events.subscribe((e) => e.type === 'credits.needed' && needed.push(e));
    const jobs = watchJobs(app.studio);
    const { jobs: [job] } = await call(app.studio, 'generate.clips', { clipIds: [clipId], provider: 'runway' });
    await jobs.until(() => jobs.finished('failed').has(job!.id) || jobs.finished('succeeded').has(job!.id), 30_000);
    jobs.unsubscribe();
    off();
    const last = jobs.events.filter((e) => e.jobId === job!.id).at(-1)!;
    expect(last).toMatchObject({ state: 'failed', errorCode: 'INSUFFICIENT_CREDITS' });
    expect(last.message).toMatch(/Not enough credits: this clip needs 1 credit\. Buy a credit pack/);
    expect(needed).toEqual([{ type: 'credits.needed', payload: { clipId, needed: 1, message: last.message } }]);
    expect(backend.runway.tasks.size).toBe(1);
    expect(await backend.balance(userId)).toBe(0);
  });

  it('buys a pack: Checkout opens in the browser, a signed webhook grants it, the return link refreshes the balance', async () => {
    const { opened } = await call(app.studio, 'credits.buy', { packId: 'starter' });
    expect(opened).toBe(true);
    const checkout = app.opened.at(-1)!;
    expect(checkout).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_/);
    const sessionId = checkout.split('/').pop()!;

    const payload = JSON.stringify(backend.stripe.event('checkout.session.completed', sessionId));
    const signature = backend.stripeSdk.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    const hook = await fetch(`${backend.supabase.url}/functions/v1/stripe-webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
      body: payload,
    });
    expect(hook.status).toBe(200);
    expect(await backend.balance(userId)).toBe(10);

    const updates = events.length;
    expect(await app.studio.cloud.handleDeepLink(`echoes://checkout/done?session_id=${sessionId}`)).toBe(true);
    expect((await call(app.studio, 'cloud.status', {})).balance).toBe(10);
    expect(events.slice(updates)).toContainEqual({ type: 'credits.updated', payload: { balance: 10 } });
    const credits = await call(app.studio, 'credits.get', {});
    expect(credits.transactions.map((t) => t.amount)).toEqual([10, -1, 1]);
  });

  it('with the backend gone, the approved Runway clip still compiles', async () => {
    const [take] = await call(app.studio, 'takes.list', { clipId });
    await call(app.studio, 'takes.approve', { clipId, takeId: take!.id });
    await backend.supabase.stop();
    expect((await fetch(`${backend.supabase.url}/auth/v1/user`).catch((e: Error) => e)) instanceof Error).toBe(true);

    const started = await call(app.studio, 'exports.start', { projectId });
    const done = await exportFinished(app.studio, started.id);
    expect(done.state).toBe('succeeded');
    const probed = await ffprobe(app.studio.media.store.path(done.mediaId!));
    expect(Number(probed.video?.duration)).toBeCloseTo(2, 0);
    await backend.supabase.start();
  });

  it('the log holds the journey (cloud calls, FFmpeg command lines) but no session token, anon key, signed URL token or photo name', () => {
    const logDir = join(temp.dir, 'studio', 'logs');
    const log = readdirSync(logDir).map((f) => readFileSync(join(logDir, f), 'utf8')).join('');
    expect(log).toMatch(/ INFO {2}cloud: POST http:\/\/127\.0\.0\.1:\d+\/functions\/v1\/clip-generation -> 202 in \d+ ms/);
    expect(log).toMatch(/ INFO {2}ffmpeg: .*-i <data>\/media\//);
    expect(log).toContain('token=[redacted]');

    const session = JSON.parse(Object.values(JSON.parse(readFileSync(join(temp.dir, 'studio', 'secrets.json'), 'utf8')) as Record<string, string>).find((v) => v.includes('refresh_token'))!) as {
      access_token: string;
      refresh_token: string;
    };
    const accessTokens = new Set(sent.map((r) => /^Bearer (.+)$/.exec(r.authorization ?? '')?.[1]).filter((t): t is string => !!t && t !== backend.supabase.anonKey));
    const signedTokens = new Set(sent.map((r) => new URL(r.url).searchParams.get('token')).filter((t): t is string => !!t));
    expect(accessTokens.size).toBeGreaterThan(0);
    expect(signedTokens.size).toBeGreaterThan(0);
    const secrets = [session.access_token, session.refresh_token, backend.supabase.anonKey, ...accessTokens, ...signedTokens];
    for (const secret of secrets) expect(log.includes(secret), `a secret (${secret.slice(0, 12)}...) is in the log`).toBe(false);
    // the photo's name and the folder it came from
    expect(log).not.toContain('photo-0');
    expect(log).not.toContain(temp.dir);
  });
});
