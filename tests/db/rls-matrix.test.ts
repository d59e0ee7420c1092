// The RLS matrix: every table (and storage bucket, and credit function) x every operation x
// every kind of caller, run on a real PostgreSQL server as Supabase's request path runs it
// (SET ROLE + request.jwt.claims). Each case runs in a transaction that is rolled back, so
// cases never see each other's writes. A case is "allowed" when the statement affects or
// returns its row, "denied" when it errors with 42501 or touches no row; any other error
// fails the case. Every statement is also run as service_role, which must succeed, so a
// denial always comes from a policy or grant, never from a broken statement.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { actAs, createAuthUser, createScratchDatabase, describeWithDatabase, type ApiRole, type ScratchDatabase } from './scratch';

type Op = 'select' | 'insert' | 'update' | 'delete';
type Outcome = 'allowed' | 'denied';
/** owner: the row's owner; other: user A on user B's row; anon: not signed in. */
type Actor = 'owner' | 'other' | 'signed-in' | 'anon' | 'service_role';

const A = randomUUID();
const B = randomUUID();
const ids = {
  project: { [A]: randomUUID(), [B]: randomUUID() },
  clip: { [A]: randomUUID(), [B]: randomUUID() },
  take: { [A]: randomUUID(), [B]: randomUUID() },
  finalVideo: { [A]: randomUUID(), [B]: randomUUID() },
  payment: { [A]: randomUUID(), [B]: randomUUID() },
  ledger: { [A]: randomUUID(), [B]: randomUUID() },
  music: randomUUID(),
  adminConfig: randomUUID(),
};
const unique = () => randomUUID().replace(/-/g, '').slice(0, 12);

interface Statement {
  sql: string;
  params: unknown[];
  /** run as the database owner first, inside the same rolled-back transaction */
  prepare?: { sql: string; params: unknown[] };
}

/** An owned table: statements are built for the user whose row is targeted. */
interface OwnedTable {
  table: string;
  owner: Record<Op, Outcome>;
  build: Record<Op, (target: string) => Statement>;
}

const byId = (table: string, id: (t: string) => string, set: string) => ({
  select: (t: string): Statement => ({ sql: `select 1 from ${table} where id = $1`, params: [id(t)] }),
  update: (t: string): Statement => ({ sql: `update ${table} set ${set} where id = $1 returning 1`, params: [id(t)] }),
  delete: (t: string): Statement => ({ sql: `delete from ${table} where id = $1 returning 1`, params: [id(t)] }),
});

const ownedTables: OwnedTable[] = [
  {
    table: 'user_profiles',
    owner: { select: 'allowed', insert: 'denied', update: 'allowed', delete: 'denied' },
    build: {
      ...byId('public.user_profiles', (t) => t, `display_name = 'renamed'`),
      insert: (t) => ({
        prepare: { sql: 'delete from public.user_profiles where id = $1', params: [t] },
        sql: `insert into public.user_profiles (id, credit_balance, referral_code) values ($1, 100, 'ZZZZZZZZ')`,
        params: [t],
      }),
    },
  },
  {
    table: 'projects',
    owner: { select: 'allowed', insert: 'allowed', update: 'allowed', delete: 'allowed' },
    build: {
      ...byId('public.projects', (t) => ids.project[t]!, `title = 'renamed'`),
      insert: (t) => ({ sql: `insert into public.projects (user_id, title) values ($1, 'new')`, params: [t] }),
    },
  },
  {
    table: 'clips',
    owner: { select: 'allowed', insert: 'allowed', update: 'allowed', delete: 'allowed' },
    build: {
      ...byId('public.clips', (t) => ids.clip[t]!, 'approved = true'),
      insert: (t) => ({ sql: 'insert into public.clips (project_id, position) values ($1, 99)', params: [ids.project[t]] }),
    },
  },
  {
    table: 'clip_takes',
    owner: { select: 'allowed', insert: 'denied', update: 'denied', delete: 'denied' },
    build: {
      ...byId('public.clip_takes', (t) => ids.take[t]!, `status = 'failed'`),
      insert: (t) => ({
        sql: `insert into public.clip_takes (clip_id, user_id, reference, model, duration, ratio, credits)
              values ($1, $2, $3, 'gen4_turbo', 5, '1280:720', 1)`,
        params: [ids.clip[t], t, `gen:${unique()}`],
      }),
    },
  },
  {
    table: 'final_videos',
    owner: { select: 'allowed', insert: 'allowed', update: 'allowed', delete: 'allowed' },
    build: {
      ...byId('public.final_videos', (t) => ids.finalVideo[t]!, 'music_volume = 10'),
      insert: (t) => ({ sql: 'insert into public.final_videos (user_id, project_id) values ($1, $2)', params: [t, ids.project[t]] }),
    },
  },
  {
    table: 'credit_transactions',
    owner: { select: 'allowed', insert: 'denied', update: 'denied', delete: 'denied' },
    build: {
      ...byId('public.credit_transactions', (t) => ids.ledger[t]!, 'amount = 1000'),
      insert: (t) => ({
        sql: `insert into public.credit_transactions (user_id, amount, type, reference_id, balance_after)
              values ($1, 100, 'purchase', $2, 101)`,
        params: [t, `free-${unique()}`],
      }),
    },
  },
  {
    table: 'payments',
    owner: { select: 'allowed', insert: 'denied', update: 'denied', delete: 'denied' },
    build: {
      ...byId('public.payments', (t) => ids.payment[t]!, `status = 'paid'`),
      insert: (t) => ({
        sql: `insert into public.payments (user_id, stripe_session_id, pack_id, amount_cents, credits_purchased)
              values ($1, $2, 'starter', 999, 10)`,
        params: [t, `cs_${unique()}`],
      }),
    },
  },
];

/** Shared tables: no owner; what a signed-in user may do is listed. */
interface SharedTable {
  table: string;
  signedIn: Record<Op, Outcome>;
  anon: Record<Op, Outcome>;
  build: Record<Op, () => Statement>;
}

const denyAll: Record<Op, Outcome> = { select: 'denied', insert: 'denied', update: 'denied', delete: 'denied' };

const sharedTables: SharedTable[] = [
  {
    table: 'music_tracks',
    signedIn: { select: 'allowed', insert: 'denied', update: 'denied', delete: 'denied' },
    anon: denyAll,
    build: {
      select: () => ({ sql: 'select 1 from public.music_tracks where id = $1', params: [ids.music] }),
      insert: () => ({
        sql: `insert into public.music_tracks (title, file_path, duration) values ('x', $1, 30)`,
        params: [`${unique()}.mp3`],
      }),
      update: () => ({ sql: `update public.music_tracks set title = 'renamed' where id = $1 returning 1`, params: [ids.music] }),
      delete: () => ({ sql: 'delete from public.music_tracks where id = $1 returning 1', params: [ids.music] }),
    },
  },
  {
    table: 'admin_config',
    signedIn: denyAll,
    anon: denyAll,
    build: {
      select: () => ({ sql: 'select 1 from public.admin_config where id = $1', params: [ids.adminConfig] }),
      insert: () => ({ sql: `insert into public.admin_config (key, value) values ($1, '1')`, params: [`k_${unique()}`] }),
      update: () => ({ sql: `update public.admin_config set value = '"x"' where id = $1 returning 1`, params: [ids.adminConfig] }),
      delete: () => ({ sql: 'delete from public.admin_config where id = $1 returning 1', params: [ids.adminConfig] }),
    },
  },
  {
    table: 'admin_auth_failures',
    signedIn: denyAll,
    anon: denyAll,
    build: {
      select: () => ({ sql: `select 1 from public.admin_auth_failures where client_key = 'fixture'`, params: [] }),
      insert: () => ({ sql: 'insert into public.admin_auth_failures (client_key, failures) values ($1, 1)', params: [`k_${unique()}`] }),
      update: () => ({ sql: `update public.admin_auth_failures set failures = 0 where client_key = 'fixture' returning 1`, params: [] }),
      delete: () => ({ sql: `delete from public.admin_auth_failures where client_key = 'fixture' returning 1`, params: [] }),
    },
  },
  {
    // decisions about a take's money: for the operator (service role) only
    table: 'take_events',
    signedIn: denyAll,
    anon: denyAll,
    build: {
      select: () => ({ sql: 'select 1 from public.take_events', params: [] }),
      insert: () => ({ sql: `insert into public.take_events (take_id, event) values ($1, 'create_unknown')`, params: [ids.take[A]] }),
      update: () => ({ sql: `update public.take_events set detail = 'x' returning 1`, params: [] }),
      delete: () => ({ sql: `delete from public.take_events where event = 'create_unknown' returning 1`, params: [] }),
    },
  },
  {
    // opt-in reports: no user reads any row, their own included (the admin function summarises them)
    table: 'telemetry_events',
    signedIn: denyAll,
    anon: denyAll,
    build: {
      select: () => ({ sql: 'select 1 from public.telemetry_events where user_id = $1', params: [A] }),
      insert: () => ({
        sql: `insert into public.telemetry_events (user_id, recorded_at, app_version, os, kind, name, value) values ($1, now(), '1.0.0', 'linux', 'kpi', 'calls_per_screen', 2)`,
        params: [A],
      }),
      update: () => ({ sql: 'update public.telemetry_events set value = 0 where user_id = $1 returning 1', params: [A] }),
      delete: () => ({ sql: 'delete from public.telemetry_events where user_id = $1 returning 1', params: [A] }),
    },
  },
  {
    table: 'telemetry_rate',
    signedIn: denyAll,
    anon: denyAll,
    build: {
      select: () => ({ sql: 'select 1 from public.telemetry_rate where user_id = $1', params: [A] }),
      insert: () => ({ sql: 'insert into public.telemetry_rate (user_id, window_started_at, batches, events) values ($1, now(), 0, 0)', params: [B] }),
      update: () => ({ sql: 'update public.telemetry_rate set batches = 0 where user_id = $1 returning 1', params: [A] }),
      delete: () => ({ sql: 'delete from public.telemetry_rate where user_id = $1 returning 1', params: [A] }),
    },
  },
];

/** Storage buckets whose objects live under {user_id}/... */
const privateBuckets = [
  { bucket: 'private-photos', path: (t: string) => `${t}/${ids.project[t]}/photo.jpg`, fresh: (t: string) => `${t}/${ids.project[t]}/${unique()}.jpg` },
  { bucket: 'final-videos', path: (t: string) => `${t}/final.mp4`, fresh: (t: string) => `${t}/${unique()}.mp4` },
];
const objectStatements = (bucket: string, path: (t: string) => string, fresh: (t: string) => string): Record<Op, (t: string) => Statement> => ({
  select: (t) => ({ sql: 'select 1 from storage.objects where bucket_id = $1 and name = $2', params: [bucket, path(t)] }),
  insert: (t) => ({ sql: 'insert into storage.objects (bucket_id, name) values ($1, $2)', params: [bucket, fresh(t)] }),
  update: (t) => ({
    sql: `update storage.objects set metadata = '{"touched": true}' where bucket_id = $1 and name = $2 returning 1`,
    params: [bucket, path(t)],
  }),
  delete: (t) => ({ sql: 'delete from storage.objects where bucket_id = $1 and name = $2 returning 1', params: [bucket, path(t)] }),
});

interface Case {
  name: string;
  role: ApiRole;
  userId?: string;
  statement: Statement;
  expected: Outcome;
}

const ops: Op[] = ['select', 'insert', 'update', 'delete'];
const cases: Case[] = [];
const add = (name: string, actor: Actor, statement: Statement, expected: Outcome) => {
  const role: ApiRole = actor === 'anon' ? 'anon' : actor === 'service_role' ? 'service_role' : 'authenticated';
  const userId = actor === 'owner' || actor === 'other' || actor === 'signed-in' ? A : undefined;
  cases.push({ name: `${name}: ${actor} -> ${expected}`, role, userId, statement, expected });
};

for (const t of ownedTables) {
  for (const op of ops) {
    add(`${t.table} ${op} own row`, 'owner', t.build[op](A), t.owner[op]);
    add(`${t.table} ${op} B's row`, 'other', t.build[op](B), 'denied');
    add(`${t.table} ${op} B's row`, 'anon', t.build[op](B), 'denied');
    add(`${t.table} ${op}`, 'service_role', t.build[op](B), 'allowed');
  }
}
for (const t of sharedTables) {
  for (const op of ops) {
    add(`${t.table} ${op}`, 'signed-in', t.build[op](), t.signedIn[op]);
    add(`${t.table} ${op}`, 'anon', t.build[op](), t.anon[op]);
    add(`${t.table} ${op}`, 'service_role', t.build[op](), 'allowed');
  }
}

// Columns that belong to the server, even on the user's own rows.
const ownColumnWrites: Array<[string, Statement]> = [
  ['user_profiles.credit_balance', { sql: 'update public.user_profiles set credit_balance = 1000 where id = $1 returning 1', params: [A] }],
  ['user_profiles.referral_code', { sql: `update public.user_profiles set referral_code = 'AAAAAAAA' where id = $1 returning 1`, params: [A] }],
  ['user_profiles.referred_by', { sql: 'update public.user_profiles set referred_by = $2 where id = $1 returning 1', params: [A, B] }],
  ['clips.status', { sql: `update public.clips set status = 'ready' where id = $1 returning 1`, params: [ids.clip[A]] }],
  ['clips.video_url', { sql: `update public.clips set video_url = 'https://x' where id = $1 returning 1`, params: [ids.clip[A]] }],
  ['clips insert with status', { sql: `insert into public.clips (project_id, position, status) values ($1, 98, 'ready')`, params: [ids.project[A]] }],
  ['projects.user_id handed to B', { sql: 'update public.projects set user_id = $2 where id = $1 returning 1', params: [ids.project[A], B] }],
  ['final_videos.user_id handed to B', { sql: 'update public.final_videos set user_id = $2 where id = $1 returning 1', params: [ids.finalVideo[A], B] }],
  ['clips moved into B\'s project', { sql: 'update public.clips set project_id = $2 where id = $1 returning 1', params: [ids.clip[A], ids.project[B]] }],
];
for (const [name, statement] of ownColumnWrites) add(`${name} on own row`, 'owner', statement, 'denied');

for (const b of privateBuckets) {
  const build = objectStatements(b.bucket, b.path, b.fresh);
  for (const op of ops) {
    add(`storage ${b.bucket} ${op} own object`, 'owner', build[op](A), 'allowed');
    add(`storage ${b.bucket} ${op} B's object`, 'other', build[op](B), 'denied');
    add(`storage ${b.bucket} ${op} B's object`, 'anon', build[op](B), 'denied');
    add(`storage ${b.bucket} ${op}`, 'service_role', build[op](B), 'allowed');
  }
}
{
  const music = objectStatements('music-tracks', () => 'calm.mp3', () => `${unique()}.mp3`);
  for (const op of ops) {
    const reads: Outcome = op === 'select' ? 'allowed' : 'denied';
    add(`storage music-tracks ${op}`, 'signed-in', music[op](A), reads);
    add(`storage music-tracks ${op}`, 'anon', music[op](A), reads);
    add(`storage music-tracks ${op}`, 'service_role', music[op](A), 'allowed');
  }
}

// The cloud library's paths (issue 22). Storage signs a URL (createSignedUrl(s)) and serves an
// authenticated download only for objects the caller may select, so a denied select is also a
// denied signature and download. Take videos live deeper ({user}/{project}/takes/{take}.mp4),
// backups at final-videos/{user}/{video}.mp4, the catalogue at music-tracks/tracks/{id}.<ext>.
{
  const takeVideo = (t: string) => `${t}/${ids.project[t]}/takes/${ids.take[t]}.mp4`;
  const backup = (t: string) => `${t}/${ids.finalVideo[t]}.mp4`;
  for (const [bucket, path] of [
    ['private-photos', takeVideo],
    ['final-videos', backup],
  ] as const) {
    const build = objectStatements(bucket, path, path);
    for (const op of ['select', 'update', 'delete'] as const) {
      add(`storage ${bucket} library path ${op} own object`, 'owner', build[op](A), 'allowed');
      add(`storage ${bucket} library path ${op} B's object`, 'other', build[op](B), 'denied');
      add(`storage ${bucket} library path ${op} B's object`, 'anon', build[op](B), 'denied');
    }
    // nor can anyone put an object into another user's folder
    add(`storage ${bucket} library path insert into B's folder`, 'other', { sql: 'insert into storage.objects (bucket_id, name) values ($1, $2)', params: [bucket, `${B}/${unique()}.mp4`] }, 'denied');
  }
  const track = objectStatements('music-tracks', () => 'tracks/fixture.mp3', () => `tracks/${unique()}.mp3`);
  for (const op of ['insert', 'update', 'delete'] as const) add(`storage music-tracks catalogue path ${op}`, 'signed-in', track[op](A), 'denied');
  add('storage music-tracks catalogue path select', 'anon', track.select(A), 'allowed');
  // the catalogue's order and kind are the admin function's
  add('music_tracks.position', 'signed-in', { sql: 'update public.music_tracks set position = 0 where id = $1 returning 1', params: [ids.music] }, 'denied');
  add('music_tracks.content_type', 'signed-in', { sql: `update public.music_tracks set content_type = 'audio/wav' where id = $1 returning 1`, params: [ids.music] }, 'denied');
  // a backup's settings and title: its owner only
  add('final_videos.settings on B\'s row', 'other', { sql: `update public.final_videos set settings = '{"fps":1}' where id = $1 returning 1`, params: [ids.finalVideo[B]] }, 'denied');
  add('final_videos.settings on own row', 'owner', { sql: `update public.final_videos set settings = '{"fps":1}', title = 'mine' where id = $1 returning 1`, params: [ids.finalVideo[A]] }, 'allowed');
}

// The credit functions are for the service role (the edge functions) only.
const creditCalls: Array<[string, Statement]> = [
  ['spend_credits', { sql: 'select * from public.spend_credits($1, 1, $2)', params: [A, `rls-${unique()}`] }],
  ['refund_credits', { sql: `select * from public.refund_credits('rls-spent')`, params: [] }],
  ['grant_credits', { sql: 'select * from public.grant_credits($1, 100, $2)', params: [A, `cs_${unique()}`] }],
  ['telemetry_reserve', { sql: 'select public.telemetry_reserve($1, now(), 1, 100, 100, 60000) as allowed', params: [A] }],
  ['redeem_referral', { sql: 'select * from public.redeem_referral($1, (select referral_code from public.user_profiles where id = $2))', params: [A, B] }],
];
for (const [fn, statement] of creditCalls) {
  add(`rpc ${fn}`, 'signed-in', statement, 'denied');
  add(`rpc ${fn}`, 'anon', statement, 'denied');
  add(`rpc ${fn}`, 'service_role', statement, 'allowed');
}

async function outcomeOf(client: pg.Client, c: Case): Promise<Outcome | string> {
  await client.query('begin');
  try {
    if (c.statement.prepare) await client.query(c.statement.prepare.sql, c.statement.prepare.params);
    await actAs(client, c.role, c.userId);
    const result = await client.query(c.statement.sql, c.statement.params);
    // deferred constraints (clip positions) are checked here, still inside the case
    await client.query('set constraints all immediate');
    return (result.rowCount ?? 0) > 0 ? 'allowed' : 'denied';
  } catch (error) {
    const e = error as { code?: string; message: string };
    return e.code === '42501' ? 'denied' : `error ${e.code}: ${e.message}`;
  } finally {
    await client.query('rollback');
  }
}

describeWithDatabase('RLS matrix', (url) => {
  let db: ScratchDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    db = await createScratchDatabase(url, 'rls_matrix');
    client = await db.connect();
    await createAuthUser(client, A);
    await createAuthUser(client, B);
    for (const u of [A, B]) {
      await client.query('insert into public.projects (id, user_id, title) values ($1, $2, $3)', [ids.project[u], u, `p-${u}`]);
      await client.query('insert into public.clips (id, project_id, position) values ($1, $2, 0)', [ids.clip[u], ids.project[u]]);
      await client.query(
        `insert into public.clip_takes (id, clip_id, user_id, reference, model, duration, ratio, credits, status)
         values ($1, $2, $3, $4, 'gen4_turbo', 5, '1280:720', 1, 'succeeded')`,
        [ids.take[u], ids.clip[u], u, `take-${u}`],
      );
      await client.query('insert into public.final_videos (id, user_id, project_id) values ($1, $2, $3)', [ids.finalVideo[u], u, ids.project[u]]);
      await client.query(
        `insert into public.payments (id, user_id, stripe_session_id, pack_id, amount_cents, credits_purchased)
         values ($1, $2, $3, 'starter', 999, 10)`,
        [ids.payment[u], u, `cs_fixture_${u}`],
      );
      await client.query(
        `update public.credit_transactions set id = $1 where user_id = $2 and type = 'signup_bonus'`,
        [ids.ledger[u], u],
      );
      for (const b of privateBuckets) {
        await client.query('insert into storage.objects (bucket_id, name, owner) values ($1, $2, $3)', [b.bucket, b.path(u), u]);
      }
      await client.query('insert into storage.objects (bucket_id, name, owner) values ($1, $2, $3), ($4, $5, $3)', [
        'private-photos',
        `${u}/${ids.project[u]}/takes/${ids.take[u]}.mp4`,
        u,
        'final-videos',
        `${u}/${ids.finalVideo[u]}.mp4`,
      ]);
    }
    await client.query('select * from public.spend_credits($1, 1, $2)', [B, 'rls-spent']);
    await client.query(`insert into public.music_tracks (id, title, file_path, duration) values ($1, 'Calm', 'calm.mp3', 120)`, [ids.music]);
    await client.query(`insert into storage.objects (bucket_id, name) values ('music-tracks', 'calm.mp3'), ('music-tracks', 'tracks/fixture.mp3')`);
    await client.query(`update public.admin_config set id = $1 where key = 'credit_packs'`, [ids.adminConfig]);
    await client.query(`insert into public.admin_auth_failures (client_key, failures) values ('fixture', 3)`);
    await client.query(`insert into public.take_events (take_id, event) values ($1, 'create_unknown')`, [ids.take[A]]);
    await client.query(
      `insert into public.telemetry_events (user_id, recorded_at, app_version, os, kind, name, value) values ($1, now(), '1.0.0', 'linux', 'kpi', 'calls_per_screen', 3)`,
      [A],
    );
    await client.query('insert into public.telemetry_rate (user_id, window_started_at, batches, events) values ($1, now(), 1, 1)', [A]);
    const counts = cases.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c.expected]: (acc[c.expected] ?? 0) + 1 }), {});
    console.log(`RLS matrix: ${cases.length} cases (${counts.allowed ?? 0} allowed, ${counts.denied ?? 0} denied)`);
  });

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it('covers every table of the public schema', async () => {
    const { rows } = await client.query<{ relname: string }>(
      `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind = 'r' order by 1`,
    );
    const covered = new Set([...ownedTables, ...sharedTables].map((t) => t.table));
    expect(rows.map((r) => r.relname).filter((t) => !covered.has(t))).toEqual([]);
  });

  for (const c of cases) {
    it(c.name, async () => {
      expect(await outcomeOf(client, c)).toBe(c.expected);
    });
  }
});
