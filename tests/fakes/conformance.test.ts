/**
 * Stand-in conformance: each stand-in of a paid service (tests/fakes/runway, tests/fakes/stripe) must
 * answer like the recorded answers of the real service (tests/fakes/<service>/recorded, taken from the
 * service's docs, OpenAPI fixtures and official SDK tests, each naming its source): the same status
 * codes, no field the service does not have, the same JSON types, every field the service always
 * sends. The real SDK then reads the stand-in's answer exactly as it reads the recorded one (same
 * result kind, same error class), so a stand-in cannot drift from the service while no key is present.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import RunwayML, { AuthenticationError, NotFoundError, RateLimitError, TaskFailedError } from '@runwayml/sdk';
import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recorded, recordedNames, shapeDiff, type Recorded } from './recorded';
import { RUNWAY_VERSION, startRunwayFake, type RunwayFake, type RunwayFakeOptions, type Step } from './runway';
import { startStripeFake, type StripeFake } from './stripe';

/** A server that answers every request with one recorded answer (what the real service sent). */
async function replay(rec: Recorded): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(rec.status ?? 200, { 'content-type': 'application/json', 'request-id': 'req_replay' }).end(JSON.stringify(rec.body)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const closeLater: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const c of closeLater.splice(0)) await c.close();
});

describe('the recorded answers', () => {
  it.each([...recordedNames('runway').map((n) => ['runway', n] as const), ...recordedNames('stripe').map((n) => ['stripe', n] as const)])('%s %s names its source', (service, name) => {
    const rec = recorded(service, name);
    expect(rec.source.length).toBeGreaterThan(0);
    for (const source of rec.source) expect(source).toMatch(/^(https:\/\/|github\.com\/[\w.-]+\/[\w.-]+@[0-9a-f]{8}|DESIGN\.md)/);
  });

  it('the shape comparison finds an invented field, a field of another type, a missing field and an unexpected null', () => {
    const rec = { body: { id: 'x', progress: 0.5, output: ['https://a'] }, nullable: [] };
    expect(shapeDiff({ id: 'y', progress: 0.1, output: ['https://b', 'https://c'] }, rec)).toEqual([]);
    expect(shapeDiff({ id: 'y', progress: '10%', output: [1], extra: true }, rec)).toEqual([
      'progress: string, the service sends number',
      'output[]: number, the service sends string',
      'extra: not a field of the service',
    ]);
    expect(shapeDiff({ id: null, progress: 0.1 }, rec)).toEqual(['id: null, the service sends string', 'output: missing (the service always sends it)']);
    expect(shapeDiff({ amount_total: 1.5 }, { body: { amount_total: null }, types: { amount_total: 'integer' }, required: [] })).toEqual(['amount_total: number, the service sends integer']);
  });
});

describe('the Runway stand-in answers like Runway', () => {
  const image = { model: 'gen4_turbo' as const, promptImage: 'https://example.com/photo.jpg', promptText: 'a slow pan', ratio: '1280:720' as const, duration: 5 };

  async function fake(options: RunwayFakeOptions = {}): Promise<RunwayFake> {
    const f = await startRunwayFake(options);
    closeLater.push(f);
    return f;
  }

  const raw = async (f: RunwayFake, method: string, path: string, body?: unknown, apiKey = f.apiKey) => {
    const res = await fetch(`${f.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, 'x-runway-version': RUNWAY_VERSION, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const create = async (f: RunwayFake, steps?: Step[]) => {
    if (steps) f.script({ steps });
    return ((await raw(f, 'POST', '/v1/image_to_video', image)).body as { id: string }).id;
  };

  /** How to make the stand-in give each recorded answer: the request the recording was the answer to. */
  const cases: Record<string, () => Promise<{ status: number; body: unknown; f: RunwayFake; id?: string; apiKey?: string }>> = {
    'image-to-video-create': async () => {
      const f = await fake();
      return { ...(await raw(f, 'POST', '/v1/image_to_video', image)), f };
    },
    'task-pending': async () => {
      const f = await fake();
      const id = await create(f, [{ status: 'PENDING' }]);
      return { ...(await raw(f, 'GET', `/v1/tasks/${id}`)), f, id };
    },
    'task-throttled': async () => {
      // one task at a time, on a clock that stands still: the second waits its turn
      const f = await fake({ concurrency: 1, now: () => 1_000_000 });
      await create(f);
      const id = await create(f);
      return { ...(await raw(f, 'GET', `/v1/tasks/${id}`)), f, id };
    },
    'task-running': async () => {
      const f = await fake();
      const id = await create(f, [{ status: 'RUNNING', progress: 0.4 }]);
      return { ...(await raw(f, 'GET', `/v1/tasks/${id}`)), f, id };
    },
    'task-succeeded': async () => {
      const f = await fake();
      const id = await create(f, [{ status: 'SUCCEEDED' }]);
      return { ...(await raw(f, 'GET', `/v1/tasks/${id}`)), f, id };
    },
    'task-failed': async () => {
      const f = await fake();
      const id = await create(f, [{ status: 'FAILED', failureCode: 'SAFETY.INPUT.IMAGE' }]);
      return { ...(await raw(f, 'GET', `/v1/tasks/${id}`)), f, id };
    },
    'task-cancelled': async () => {
      const f = await fake({ runMs: 60_000 });
      const id = await create(f);
      expect((await fetch(`${f.url}/v1/tasks/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${f.apiKey}`, 'x-runway-version': RUNWAY_VERSION } })).status).toBe(204);
      return { ...(await raw(f, 'GET', `/v1/tasks/${id}`)), f, id };
    },
    'error-401': async () => {
      const f = await fake();
      return { ...(await raw(f, 'GET', '/v1/tasks/17f20503-6c24-4c16-946b-35dbbce2af2f', undefined, 'key_wrong')), f, apiKey: 'key_wrong' };
    },
    'error-429': async () => {
      const f = await fake({ dailyTaskLimit: 0 });
      return { ...(await raw(f, 'POST', '/v1/image_to_video', image)), f };
    },
    'error-404': async () => {
      const f = await fake();
      return { ...(await raw(f, 'GET', '/v1/tasks/17f20503-6c24-4c16-946b-35dbbce2af2f')), f, id: '17f20503-6c24-4c16-946b-35dbbce2af2f' };
    },
  };

  it('has a way to produce every recorded answer, and a recording for every case', () => {
    expect(Object.keys(cases).sort()).toEqual(recordedNames('runway'));
  });

  /** What the real SDK makes of an answer: the call the recording belongs to, through @runwayml/sdk. */
  async function throughSdk(baseURL: string, rec: Recorded, id = '17f20503-6c24-4c16-946b-35dbbce2af2f', apiKey = 'key_fake_runway') {
    const runway = new RunwayML({ apiKey, baseURL, maxRetries: 0 });
    try {
      const value = rec.request?.method === 'POST' ? await runway.imageToVideo.create(image) : await runway.tasks.retrieve(id);
      return { ok: true, fields: Object.keys(value).sort(), status: (value as { status?: string }).status ?? null };
    } catch (error) {
      const e = error as { constructor: { name: string }; status?: number; error?: { error?: unknown } };
      return { ok: false, error: e.constructor.name, status: e.status, readableText: typeof e.error?.error };
    }
  }

  it.each(recordedNames('runway'))('%s: same status and shape, read the same by @runwayml/sdk', async (name) => {
    const rec = recorded('runway', name);
    const answer = await cases[name]!();
    expect(answer.status).toBe(rec.status);
    expect(shapeDiff(answer.body, rec)).toEqual([]);
    const real = await replay(rec);
    closeLater.push(real);
    const fromStandIn = await throughSdk(answer.f.url, rec, answer.id, answer.apiKey ?? answer.f.apiKey);
    expect(fromStandIn).toEqual(await throughSdk(real.url, rec));
  });

  it('the SDK raises the same error classes for the recorded 401, 404 and 429 as for the stand-in', async () => {
    const classes = { 'error-401': AuthenticationError, 'error-404': NotFoundError, 'error-429': RateLimitError };
    for (const [name, errorClass] of Object.entries(classes)) {
      const rec = recorded('runway', name);
      const real = await replay(rec);
      closeLater.push(real);
      const answer = await cases[name]!();
      for (const baseURL of [real.url, answer.f.url]) {
        const runway = new RunwayML({ apiKey: answer.apiKey ?? answer.f.apiKey, baseURL, maxRetries: 0 });
        const call = rec.request?.method === 'POST' ? runway.imageToVideo.create(image) : runway.tasks.retrieve(answer.id ?? '17f20503-6c24-4c16-946b-35dbbce2af2f');
        const error = await call.then(
          () => null,
          (e: unknown) => e,
        );
        expect(error, `${name} from ${baseURL}`).toBeInstanceOf(errorClass);
        // Runway's body is {error}: the readable text is err.error.error
        expect(typeof (error as { error: { error: unknown } }).error.error, `${name} from ${baseURL}`).toBe('string');
      }
    }
  });

  it('a FAILED task makes waitForTaskOutput throw TaskFailedError carrying the failure code, for the recording and the stand-in alike', async () => {
    const rec = recorded('runway', 'task-failed');
    const real = await replay(rec);
    closeLater.push(real);
    const answer = await cases['task-failed']!();
    for (const [baseURL, id] of [
      [real.url, '17f20503-6c24-4c16-946b-35dbbce2af2f'],
      [answer.f.url, answer.id!],
    ] as const) {
      const runway = new RunwayML({ apiKey: answer.f.apiKey, baseURL, maxRetries: 0 });
      const error = await runway.tasks
        .retrieve(id)
        .waitForTaskOutput()
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(TaskFailedError);
      expect((error as TaskFailedError).taskDetails).toMatchObject({ status: 'FAILED', failureCode: 'SAFETY.INPUT.IMAGE', failure: expect.any(String) });
    }
  });
});

describe('the Stripe stand-in answers like Stripe', () => {
  let fake: StripeFake;
  beforeAll(async () => {
    fake = await startStripeFake();
  });
  afterAll(async () => {
    await fake?.close();
  });

  const sdk = (port: number, key = fake.secretKey) => new Stripe(key, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
  // what supabase/functions/create-checkout sends
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: 'payment',
    line_items: [{ quantity: 1, price_data: { currency: 'usd', unit_amount: 999, product_data: { name: 'Starter: 10 Echoes credits' } } }],
    client_reference_id: '5f0c2a55-0f1b-4c4a-9d8e-2f7d1b0a6c11',
    metadata: { user_id: '5f0c2a55-0f1b-4c4a-9d8e-2f7d1b0a6c11', pack_id: 'starter', credits: '10' },
    success_url: 'https://project-ref.supabase.co/functions/v1/checkout-return?status=success&session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'https://project-ref.supabase.co/functions/v1/checkout-return?status=cancelled',
  };

  const rawCreate = async (key = fake.secretKey) => {
    const form = new URLSearchParams({
      mode: 'payment',
      'line_items[0][quantity]': '1',
      'line_items[0][price_data][currency]': 'usd',
      'line_items[0][price_data][unit_amount]': '999',
      'line_items[0][price_data][product_data][name]': 'Starter: 10 Echoes credits',
      client_reference_id: params.client_reference_id!,
      'metadata[pack_id]': 'starter',
      success_url: params.success_url!,
      cancel_url: params.cancel_url!,
    });
    const res = await fetch(`${fake.url}/v1/checkout/sessions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('checkout.session create: same status and shape; the SDK reads it as it reads the recorded session', async () => {
    const rec = recorded('stripe', 'checkout-session-create');
    const answer = await rawCreate();
    expect(answer.status).toBe(rec.status);
    expect(shapeDiff(answer.body, rec)).toEqual([]);

    const real = await replay(rec);
    closeLater.push(real);
    const [fromStandIn, fromRecording] = await Promise.all([sdk(fake.port).checkout.sessions.create(params), sdk(real.port).checkout.sessions.create(params)]);
    expect(shapeDiff(fromStandIn, rec)).toEqual([]);
    expect(fromStandIn.object).toBe(fromRecording.object);
    expect(fromStandIn.lastResponse.statusCode).toBe(fromRecording.lastResponse.statusCode);
    expect(fromStandIn.url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    expect(fromRecording.url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
  });

  it('a wrong key: 401 {error: {message, type}}, StripeAuthenticationError from both', async () => {
    const rec = recorded('stripe', 'error-401');
    const answer = await rawCreate('sk_test_wrong');
    expect(answer.status).toBe(rec.status);
    expect(shapeDiff(answer.body, rec)).toEqual([]);
    const real = await replay(rec);
    closeLater.push(real);
    for (const port of [fake.port, real.port]) {
      const error = await sdk(port, 'sk_test_wrong')
        .checkout.sessions.create(params)
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
      expect(error).toMatchObject({ statusCode: 401, rawType: 'authentication_error' });
    }
  });

  describe('webhook events', () => {
    const secret = 'whsec_test_conformance';
    let sessionId = '';
    beforeAll(async () => {
      sessionId = (await rawCreate()).body.id as string;
    });

    /** What the webhook handler gets from the SDK for a payload, signed as the harness signs deliveries. */
    const delivered = (payload: string) => sdk(fake.port).webhooks.constructEventAsync(payload, sdk(fake.port).webhooks.generateTestHeaderString({ payload, secret }), secret);

    it.each([
      ['event-checkout-session-completed', () => fake.event('checkout.session.completed', sessionId)],
      ['event-charge-refunded', () => fake.refundEvent(sessionId)],
      ['event-charge-dispute-created', () => fake.disputeEvent(sessionId, 'created')],
    ] as const)('%s: same shape as the recorded event, read the same by the SDK', async (name, make) => {
      const rec = recorded('stripe', name);
      const event = make();
      expect(shapeDiff(event, rec)).toEqual([]);
      const [fromStandIn, fromRecording] = await Promise.all([delivered(JSON.stringify(event)), delivered(JSON.stringify(rec.body))]);
      expect(fromStandIn.type).toBe(fromRecording.type);
      expect(Object.keys(fromStandIn).sort()).toEqual(Object.keys(fromRecording).sort());
      expect((fromStandIn.data.object as { object: string }).object).toBe((fromRecording.data.object as { object: string }).object);
    });

    it('the Stripe-Signature header the tests deliver has the documented form and signature', () => {
      const documented = recorded('stripe', 'webhook-signature-header').header as string;
      const grammar = /^t=(\d+)(,v[01]=[0-9a-f]{64})+$/;
      expect(documented).toMatch(grammar);
      const payload = JSON.stringify(fake.event('checkout.session.completed', sessionId));
      const header = sdk(fake.port).webhooks.generateTestHeaderString({ payload, secret, timestamp: 1_700_000_000 });
      expect(header).toMatch(grammar);
      // the v1 signature, computed as Stripe's docs describe: HMAC-SHA256 of "<t>.<payload>" with the endpoint secret, hex
      const byTheDocs = createHmac('sha256', secret).update(`1700000000.${payload}`).digest('hex');
      expect(header).toBe(`t=1700000000,v1=${byTheDocs}`);
    });

    it('the SDK reads the documented header: it finds the timestamp and signatures, and only the signature does not match', async () => {
      const documented = recorded('stripe', 'webhook-signature-header').header as string;
      const error = await sdk(fake.port)
        .webhooks.constructEventAsync('{"id":"evt_test_webhook","object":"event"}', documented, secret)
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(Stripe.errors.StripeSignatureVerificationError);
      expect((error as Error).message).toMatch(/No signatures found matching the expected signature/);
      expect((error as Error).message).not.toMatch(/Unable to extract timestamp and signatures/);
    });
  });
});
