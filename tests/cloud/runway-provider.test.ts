// The runway provider in the real generation queue against the stand-in: Runway's THROTTLED
// shown as queued, a failed task (SAFETY) not retried and refunded, a generation that waits
// through an offline spell and resumes, charged once, and a studio reopened offline after its
// access token expired that stays signed in and finishes the job once the backend is back.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Studio } from '../../electron/services/studio';
import { describeWithDatabase } from '../db/scratch';
import type { Step } from '../fakes/runway';
import { call, projectWithClips, watchJobs } from '../generate/support/studio';
import { useTempDir } from '../support/temp-dir';
import { completeSignInInBrowser, openCloudStudio, startCloudBackend, untilStatus, type CloudBackend } from './support';

interface SavedSession {
  access_token: string;
  refresh_token: string;
  expires_at: number;
}

function savedSession(dataDir: string): SavedSession | null {
  try {
    const secrets = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
    const entry = Object.entries(secrets).find(([k]) => k.endsWith('-auth-token'));
    return entry ? (JSON.parse(entry[1]) as SavedSession) : null;
  } catch {
    return null;
  }
}

/** Waits until the saved access token has really expired (it lives accessTokenTtl seconds). */
async function untilSavedTokenExpired(dataDir: string): Promise<SavedSession> {
  for (;;) {
    const saved = savedSession(dataDir);
    if (!saved) throw new Error('no saved session');
    if (saved.expires_at * 1000 < Date.now() - 200) return saved;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describeWithDatabase('runway provider through the Echoes backend', (databaseUrl) => {
  let backend: CloudBackend;
  const tempDir = useTempDir('echoes-cloud-runway-');
  let studio: Studio | null = null;
  const dirs = new Map<Studio, string>();
  const tempDirOf = (s: Studio) => dirs.get(s)!;

  beforeAll(async () => {
    backend = await startCloudBackend(databaseUrl, 'cloud_runway', { runway: { concurrency: 1 }, functions: ['account', 'clip-generation', 'clip-status'] });
  }, 180_000);
  afterEach(async () => {
    backend.supabase.setAccessTokenTtl(3600);
    await backend.supabase.start();
    studio?.close();
    studio = null;
  });
  afterAll(async () => backend?.close());

  async function signedInWith(credits: number, cloud: Parameters<typeof openCloudStudio>[2] = {}) {
    const dir = tempDir();
    const app = openCloudStudio(dir, backend, cloud);
    studio = app.studio;
    dirs.set(app.studio, dir);
    await app.studio.cloud.ready;
    await call(app.studio, 'auth.signIn', {});
    await completeSignInInBrowser(app.studio, app.opened.at(-1)!);
    await untilStatus(app.studio, (s) => s.signedIn && s.balance === 1);
    const userId = app.studio.cloud.status().user!.id;
    if (credits > 1) {
      const client = await backend.scratch.connect();
      await client.query('select * from public.grant_credits($1, $2, $3)', [userId, credits - 1, `setup-${userId}`]);
      await client.end();
    }
    return { studio: app.studio, userId };
  }

  it('shows a task Runway holds THROTTLED as queued, then finishes both clips', async () => {
    const { studio, userId } = await signedInWith(2);
    const { clipIds } = await projectWithClips(studio, tempDir(), 2);
    for (const clipId of clipIds) await call(studio, 'clips.update', { clipId, durationS: 2 });
    // one task stays PENDING (holding Runway's only slot) until the other has been seen THROTTLED
    const held: Step[] = [{ status: 'PENDING' }];
    backend.runway.script({ steps: held });
    const jobs = watchJobs(studio);
    const { jobs: queued } = await call(studio, 'generate.clips', { clipIds, provider: 'runway' });
    try {
      await jobs.until(() => jobs.events.some((e) => e.providerState === 'THROTTLED'), 30_000);
    } finally {
      // released in any case, so a failure here does not keep the slot from the tests after it
      for (const task of backend.runway.tasks.values()) {
        if (task.steps === held) Object.assign(task, { steps: [{ status: 'RUNNING', progress: 0.5 }, { status: 'SUCCEEDED' }], reads: 0 });
      }
    }
    await jobs.until(() => queued.every((j) => jobs.finished('succeeded').has(j.id)), 60_000);
    const throttled = jobs.events.filter((e) => e.providerState === 'THROTTLED');
    expect(throttled.length).toBeGreaterThan(0);
    expect(throttled.every((e) => e.state === 'queued' && e.message === 'Queued at Runway: waiting for a free slot')).toBe(true);
    expect(await backend.balance(userId)).toBe(0);
  });

  it('does not retry a task the safety check failed, and the credit comes back', async () => {
    const { studio, userId } = await signedInWith(1);
    backend.runway.script({ steps: [{ status: 'PENDING' }, { status: 'FAILED', failureCode: 'SAFETY.INPUT.IMAGE' }] });
    const { clipIds } = await projectWithClips(studio, tempDir(), 1);
    const jobs = watchJobs(studio);
    const tasksBefore = backend.runway.tasks.size;
    const { jobs: [job] } = await call(studio, 'generate.clips', { clipIds, provider: 'runway' });
    await jobs.until(() => jobs.finished('failed').has(job!.id), 30_000);
    const last = jobs.events.at(-1)!;
    expect(last).toMatchObject({ errorKind: 'safety', retryable: false, attempt: 1 });
    expect(last.message).toMatch(/content policy \(SAFETY\.INPUT\.IMAGE\)/);
    expect(backend.runway.tasks.size).toBe(tasksBefore + 1);
    expect(await backend.balance(userId)).toBe(1);
  });

  it('resumes an in-flight generation after a restart, and a resend of the same attempt is charged once', async () => {
    const { studio: first, userId } = await signedInWith(2);
    const dataDir = tempDirOf(first);
    const { clipIds } = await projectWithClips(first, tempDir(), 1);
    await call(first, 'clips.update', { clipId: clipIds[0]!, durationS: 2 });
    backend.runway.script({ steps: [{ status: 'PENDING' }, { status: 'PENDING' }, { status: 'PENDING' }, { status: 'RUNNING', progress: 0.3 }, { status: 'SUCCEEDED' }] });
    const tasksBefore = backend.runway.tasks.size;
    const jobs = watchJobs(first);
    const { jobs: [job] } = await call(first, 'generate.clips', { clipIds, provider: 'runway' });
    await jobs.until(() => jobs.events.some((e) => e.jobId === job!.id && e.providerState === 'PENDING'), 30_000);
    first.close();
    studio = null;

    const again = openCloudStudio(dataDir, backend);
    studio = again.studio;
    await again.studio.cloud.ready;
    const resumed = watchJobs(again.studio);
    await resumed.until(() => resumed.finished('succeeded').has(job!.id) || resumed.finished('failed').has(job!.id), 30_000);
    expect(resumed.events.at(-1)).toMatchObject({ jobId: job!.id, state: 'succeeded' });
    expect(backend.runway.tasks.size).toBe(tasksBefore + 1);
    expect(await backend.balance(userId)).toBe(1);

    // the create of one job attempt, sent twice (a lost answer, a restart mid-send): one take, one charge
    const [clipId] = clipIds;
    const clip = again.studio.generation.settings.clip(clipId!);
    const request = {
      jobId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
      clipId: clipId!,
      image: { path: again.studio.media.store.path(clip.working_media_id!), mediaId: clip.working_media_id! },
      prompt: '',
      motion: 'zoom_in' as const,
      seed: 1,
      durationS: 2,
      fps: 24,
      aspect: '16:9' as const,
      width: 1280,
      height: 720,
    };
    const signal = new AbortController().signal;
    const one = await again.studio.cloud.provider.create(request, signal);
    const two = await again.studio.cloud.provider.create(request, signal);
    expect(two.taskId).toBe(one.taskId);
    expect(await backend.balance(userId)).toBe(0);
    expect(backend.runway.tasks.size).toBe(tasksBefore + 2);
    // follow it to the end, so Runway's single slot (concurrency 1 here) is free for the next test
    let state = '';
    // Bounded by polls spaced in time, not by a count: a loaded machine runs the stand-in's task slower.
    for (let i = 0; i < 600 && state !== 'SUCCEEDED'; i++) {
      state = (await again.studio.cloud.provider.poll(one.taskId, signal)).state;
      if (state !== 'SUCCEEDED') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(state).toBe('SUCCEEDED');
  });

  it('offline: waits and retries instead of failing, then generates once the backend is back', async () => {
    const { studio, userId } = await signedInWith(1);
    const { clipIds } = await projectWithClips(studio, tempDir(), 1);
    await call(studio, 'clips.update', { clipId: clipIds[0]!, durationS: 2 });
    const tasksBefore = backend.runway.tasks.size;
    await backend.supabase.stop();
    const jobs = watchJobs(studio);
    const { jobs: [job] } = await call(studio, 'generate.clips', { clipIds, provider: 'runway' });
    await untilStatus(studio, (s) => !s.online);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(jobs.events.filter((e) => e.jobId === job!.id).every((e) => e.state !== 'failed')).toBe(true);
    expect(backend.runway.tasks.size).toBe(tasksBefore);

    await backend.supabase.start();
    await jobs.until(() => jobs.finished('succeeded').has(job!.id) || jobs.finished('failed').has(job!.id), 30_000);
    expect(jobs.events.at(-1)).toMatchObject({ jobId: job!.id, state: 'succeeded', attempt: 1 });
    await untilStatus(studio, (s) => s.online);
    expect(backend.runway.tasks.size).toBe(tasksBefore + 1);
    expect(await backend.balance(userId)).toBe(0);
  });

  it('reopened offline after the access token expired: stays signed in, the in-flight job waits, then finishes charged once', async () => {
    // short-lived access tokens: they expire while the studio is closed
    backend.supabase.setAccessTokenTtl(4);
    const { studio: first, userId } = await signedInWith(1, { refreshMarginMs: 1_000 });
    const dataDir = tempDirOf(first);
    const { projectId, clipIds } = await projectWithClips(first, tempDir(), 1);
    await call(first, 'clips.update', { clipId: clipIds[0]!, durationS: 2 });
    backend.runway.script({ steps: [{ status: 'PENDING' }, { status: 'PENDING' }, { status: 'RUNNING', progress: 0.4 }, { status: 'SUCCEEDED' }] });
    const tasksBefore = backend.runway.tasks.size;
    const jobs = watchJobs(first);
    const { jobs: [job] } = await call(first, 'generate.clips', { clipIds, provider: 'runway' });
    await jobs.until(() => jobs.events.some((e) => e.jobId === job!.id && e.providerState === 'PENDING'), 30_000);
    expect(await backend.balance(userId)).toBe(0);
    first.close();
    studio = null;
    await backend.supabase.stop();
    const expired = await untilSavedTokenExpired(dataDir);
    // the next tokens live an hour again
    backend.supabase.setAccessTokenTtl(3600);

    const again = openCloudStudio(dataDir, backend);
    studio = again.studio;
    const resumed = watchJobs(again.studio);
    await again.studio.cloud.ready;
    expect(again.studio.cloud.status()).toMatchObject({ signedIn: true, online: false, user: { id: userId }, lastError: null });
    // a while offline: still signed in, the session kept on disk, the job neither failed nor sent again
    await new Promise((r) => setTimeout(r, 1_500));
    expect(again.studio.cloud.status()).toMatchObject({ signedIn: true, online: false });
    expect(savedSession(dataDir)?.refresh_token).toBe(expired.refresh_token);
    expect(resumed.events.filter((e) => e.jobId === job!.id).every((e) => e.state !== 'failed')).toBe(true);
    const [waiting] = await call(again.studio, 'jobs.list', { projectId });
    expect(waiting).toMatchObject({ id: job!.id, attempt: 1 });
    expect(['queued', 'running']).toContain(waiting!.state);

    await backend.supabase.start();
    await resumed.until(() => resumed.finished('succeeded').has(job!.id) || resumed.finished('failed').has(job!.id), 30_000);
    expect(resumed.events.at(-1)).toMatchObject({ jobId: job!.id, state: 'succeeded', attempt: 1 });
    await untilStatus(again.studio, (s) => s.signedIn && s.online);
    // the session was refreshed (a new refresh token saved), one task, one charge
    expect(savedSession(dataDir)?.refresh_token).not.toBe(expired.refresh_token);
    expect(savedSession(dataDir)!.expires_at * 1000).toBeGreaterThan(Date.now());
    expect(backend.runway.tasks.size).toBe(tasksBefore + 1);
    expect(await backend.balance(userId)).toBe(0);
  });

  it('a refresh token Auth refuses signs out on reopen (only a real rejection does)', async () => {
    backend.supabase.setAccessTokenTtl(3);
    const { studio: first } = await signedInWith(1, { refreshMarginMs: 0 });
    const dataDir = tempDirOf(first);
    first.close();
    studio = null;
    // the session is revoked at Auth (signed out on another device) while this studio is closed
    const saved = savedSession(dataDir)!;
    const revoked = await fetch(`${backend.supabase.url}/auth/v1/logout?scope=global`, {
      method: 'POST',
      headers: { apikey: backend.supabase.anonKey, authorization: `Bearer ${saved.access_token}` },
    });
    expect(revoked.status).toBe(204);
    await untilSavedTokenExpired(dataDir);

    const again = openCloudStudio(dataDir, backend);
    studio = again.studio;
    await again.studio.cloud.ready;
    expect(again.studio.cloud.status()).toMatchObject({ signedIn: false, user: null, online: true, lastError: 'Your session ended. Sign in again.' });
    expect(savedSession(dataDir)).toBeNull();
  });
});
