// The Runway fake keeps the published contract, checked through the real @runwayml/sdk.
import RunwayML, { APIConnectionError, AuthenticationError, BadRequestError, InternalServerError, NotFoundError, RateLimitError } from '@runwayml/sdk';
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

  it('runs a task in real time: PENDING, RUNNING with progress from the clock, SUCCEEDED with an output URL', async () => {
    let now = 1_000_000;
    fake = await startRunwayFake({ now: () => now, runMs: 1000 });
    const runway = client();
    const { id } = await runway.imageToVideo.create(body);
    expect(fake.requests.at(-1)!.headers['x-runway-version']).toBe(RUNWAY_VERSION);
    // reading does not move it: only time does
    expect(await runway.tasks.retrieve(id)).toMatchObject({ status: 'RUNNING', progress: 0 });
    expect(await runway.tasks.retrieve(id)).toMatchObject({ status: 'RUNNING', progress: 0 });
    now += 400;
    expect(await runway.tasks.retrieve(id)).toMatchObject({ status: 'RUNNING', progress: 0.4 });
    now += 600;
    const done = await runway.tasks.retrieve(id);
    expect(done.status).toBe('SUCCEEDED');
    const output = (done as { output: string[] }).output[0]!;
    const video = await fetch(output);
    expect(video.headers.get('content-type')).toBe('video/mp4');
  });

  it('signs the output URL afresh on every read', async () => {
    let now = 1_000_000;
    fake = await startRunwayFake({ now: () => now, outputTtlMs: 1000 });
    fake.script({ steps: [{ status: 'SUCCEEDED' }] });
    const { id } = await client().imageToVideo.create(body);
    const first = ((await client().tasks.retrieve(id)) as { output: string[] }).output[0]!;
    now += 2000;
    expect((await fetch(first)).status).toBe(403);
    const fresh = ((await client().tasks.retrieve(id)) as { output: string[] }).output[0]!;
    expect(fresh).not.toBe(first);
    expect((await fetch(fresh)).status).toBe(200);
  });

  it('queues an organisation\'s tasks first in first out: THROTTLED while the slots are taken', async () => {
    let now = 1_000_000;
    fake = await startRunwayFake({ now: () => now, concurrency: 1, runMs: 1000 });
    const runway = client();
    const a = await runway.imageToVideo.create(body);
    now += 10;
    const b2 = await runway.imageToVideo.create(body);
    now += 10;
    const c = await runway.imageToVideo.create(body);
    expect((await runway.tasks.retrieve(b2.id)).status).toBe('THROTTLED');
    expect((await runway.tasks.retrieve(c.id)).status).toBe('THROTTLED');
    now = 1_000_000 + 1500;
    expect((await runway.tasks.retrieve(a.id)).status).toBe('SUCCEEDED');
    expect(await runway.tasks.retrieve(b2.id)).toMatchObject({ status: 'RUNNING', progress: 0.5 });
    expect((await runway.tasks.retrieve(c.id)).status).toBe('THROTTLED');
    // a cancel frees its slot when it happens
    await runway.tasks.delete(b2.id);
    expect((await runway.tasks.retrieve(b2.id)).status).toBe('CANCELLED');
    now += 100;
    expect((await runway.tasks.retrieve(c.id)).status).toBe('RUNNING');
    await runway.tasks.delete(a.id);
    await expect(runway.tasks.retrieve(a.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('bills the organisation at create and refuses a task it cannot pay for with a 400 naming the balance', async () => {
    fake = await startRunwayFake({ organizationCredits: 30 });
    await client().imageToVideo.create(body);
    expect(fake.organizationCredits()).toBe(5);
    const err = await client().imageToVideo.create(body).catch((e) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as BadRequestError).error).toEqual({ error: 'You do not have enough credits to run this task. It needs 25 credits and the organization has 5.' });
    expect(fake.tasks.size).toBe(1);
  });

  it('takes only https image URLs or inline images: a local http URL is refused', async () => {
    fake = await startRunwayFake();
    const local = await client().imageToVideo.create({ ...body, promptImage: 'http://127.0.0.1:9/photo.jpg' }).catch((e) => e);
    expect(local).toBeInstanceOf(BadRequestError);
    expect(JSON.stringify((local as BadRequestError).error)).toMatch(/HTTPS/);
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]).toString('base64');
    await expect(client().imageToVideo.create({ ...body, promptImage: `data:image/jpeg;base64,${jpeg}` })).resolves.toHaveProperty('id');
    const lying = await client().imageToVideo.create({ ...body, promptImage: `data:image/png;base64,${jpeg}` }).catch((e) => e);
    expect(lying).toBeInstanceOf(BadRequestError);
  });

  it('faults after the task exists: a dropped connection and a 5xx each leave a billed task and no answer', async () => {
    fake = await startRunwayFake();
    fake.script({ drop: 'after-create' }, { httpStatus: 502, afterCreate: true });
    const dropped = await client().imageToVideo.create(body).catch((e) => e);
    expect(dropped).toBeInstanceOf(APIConnectionError);
    const failed = await client().imageToVideo.create(body).catch((e) => e);
    expect(failed).toBeInstanceOf(InternalServerError);
    expect([...fake.tasks.values()].map((t) => t.answerLost)).toEqual([true, true]);
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

  it('scripted tasks report failures read by read', async () => {
    fake = await startRunwayFake();
    const runway = client();
    fake.script({ steps: [{ status: 'RUNNING', progress: 0.1 }, { status: 'FAILED', failureCode: 'SAFETY.INPUT.TEXT' }] });
    const first = await runway.imageToVideo.create(body);
    await runway.tasks.retrieve(first.id);
    expect(await runway.tasks.retrieve(first.id)).toMatchObject({ status: 'FAILED', failureCode: 'SAFETY.INPUT.TEXT' });
  });

  it('the SDK retries a failing create by default: why the functions pass maxRetries 0', async () => {
    fake = await startRunwayFake();
    fake.script({ httpStatus: 503 }, { httpStatus: 503 }, { httpStatus: 503 });
    await expect(client({ maxRetries: 2 }).imageToVideo.create(body)).rejects.toThrow();
    expect(fake.requests.filter((r) => r.path === '/v1/image_to_video')).toHaveLength(3);
  });
});
