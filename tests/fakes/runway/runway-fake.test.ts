// The Runway fake keeps the published contract, checked through the real @runwayml/sdk.
import RunwayML, { AuthenticationError, BadRequestError, NotFoundError, RateLimitError } from '@runwayml/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { RUNWAY_VERSION, startRunwayFake, type RunwayFake } from './index';

const body = {
  model: 'gen4_turbo' as const,
  promptImage: 'https://example.com/photo.jpg',
  promptText: 'a slow pan',
  ratio: '1280:720' as const,
  duration: 5,
};

describe('Runway fake', () => {
  let fake: RunwayFake;
  afterEach(async () => {
    await fake?.close();
  });
  const client = (opts: Partial<ConstructorParameters<typeof RunwayML>[0]> = {}) =>
    new RunwayML({ apiKey: fake.apiKey, baseURL: fake.url, maxRetries: 0, ...opts });

  it('walks a task through PENDING, RUNNING with progress, SUCCEEDED with an output URL', async () => {
    fake = await startRunwayFake();
    const runway = client();
    const { id } = await runway.imageToVideo.create(body);
    expect(fake.requests.at(-1)!.headers['x-runway-version']).toBe(RUNWAY_VERSION);
    expect((await runway.tasks.retrieve(id)).status).toBe('PENDING');
    expect(await runway.tasks.retrieve(id)).toMatchObject({ status: 'RUNNING', progress: 0.5 });
    const done = await runway.tasks.retrieve(id);
    expect(done.status).toBe('SUCCEEDED');
    const output = (done as { output: string[] }).output[0]!;
    const video = await fetch(output);
    expect(video.headers.get('content-type')).toBe('video/mp4');
  });

  it('output URLs expire', async () => {
    let now = Date.now();
    fake = await startRunwayFake({ now: () => now, outputTtlMs: 1000 });
    const runway = client();
    fake.script({ steps: [{ status: 'SUCCEEDED' }] });
    const { id } = await runway.imageToVideo.create(body);
    const done = (await runway.tasks.retrieve(id)) as { output: string[] };
    now += 2000;
    expect((await fetch(done.output[0]!)).status).toBe(403);
  });

  it('refuses a wrong key (401), a missing version header (400) and a bad body (400 with issues)', async () => {
    fake = await startRunwayFake();
    await expect(client({ apiKey: 'key_wrong' }).imageToVideo.create(body)).rejects.toBeInstanceOf(AuthenticationError);
    const noVersion = await fetch(`${fake.url}/v1/tasks/x`, { headers: { authorization: `Bearer ${fake.apiKey}` } });
    expect(noVersion.status).toBe(400);
    const bad = await client().imageToVideo.create({ ...body, ratio: '1920:1080' as never, promptImage: 'http://example.com/a.jpg', promptText: 'x'.repeat(1001) }).catch((e) => e);
    expect(bad).toBeInstanceOf(BadRequestError);
    expect((bad as BadRequestError).error).toMatchObject({ error: 'Validation of body failed' });
    expect(JSON.stringify((bad as BadRequestError).error)).toMatch(/ratio.*promptImage|promptImage.*ratio/);
  });

  it('answers 429 past the daily cap, with Runway\'s {error} body', async () => {
    fake = await startRunwayFake({ dailyTaskLimit: 1 });
    await client().imageToVideo.create(body);
    const err = await client().imageToVideo.create(body).catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).error).toEqual({ error: 'You have exceeded your daily task limit.' });
  });

  it('keeps tasks THROTTLED over the concurrency limit, reports failures, cancels and deletes', async () => {
    fake = await startRunwayFake({ concurrency: 1 });
    const runway = client();
    fake.script({ steps: [{ status: 'RUNNING', progress: 0.1 }, { status: 'FAILED', failureCode: 'SAFETY.INPUT.TEXT' }] });
    const first = await runway.imageToVideo.create(body);
    const second = await runway.imageToVideo.create(body);
    expect((await runway.tasks.retrieve(second.id)).status).toBe('THROTTLED');
    await runway.tasks.retrieve(first.id);
    expect(await runway.tasks.retrieve(first.id)).toMatchObject({ status: 'FAILED', failureCode: 'SAFETY.INPUT.TEXT' });
    expect((await runway.tasks.retrieve(second.id)).status).toBe('PENDING');
    await runway.tasks.delete(second.id);
    expect((await runway.tasks.retrieve(second.id)).status).toBe('CANCELLED');
    await runway.tasks.delete(second.id);
    await expect(runway.tasks.retrieve(second.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('the SDK retries a failing create by default: why the functions pass maxRetries 0', async () => {
    fake = await startRunwayFake();
    fake.script({ httpStatus: 503 }, { httpStatus: 503 }, { httpStatus: 503 });
    await expect(client({ maxRetries: 2 }).imageToVideo.create(body)).rejects.toThrow();
    expect(fake.requests.filter((r) => r.path === '/v1/image_to_video')).toHaveLength(3);
  });
});
