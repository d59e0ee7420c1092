/**
 * The cloud library (issue 22), through the real studio and supabase-js against the Supabase
 * stand-in, with the `library` edge function under real Deno on real PostgreSQL, for a creator with
 * 200 cloud projects x 20 takes:
 *   - library_first_thumb_ms: library.list on a fresh start, then library.thumbs for the first row
 *     (downloaded through the page's signed URLs, made small, kept in the media store), until the
 *     first thumbnail is decoded (target <= 400)
 *   - calls_library: function and storage API calls to fill the first screen (target <= 3); the
 *     image downloads themselves (one GET per visible photo, as any <img>) are not API calls
 *   - cache_hit_pct: thumbnail URLs answered by the signed-URL cache on a second visit (>= 95)
 *   - url_calls_saved_pct: signing requests saved over one createSignedUrl per thumbnail, over
 *     the first visit (two screenfuls) and the second (>= 90)
 * Last line: that JSON.
 *
 * Run: npm run bench:cloud   (needs DATABASE_URL: eval "$(bash tests/db/start-postgres.sh)")
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { databaseUrl } from '../db/scratch';
import { call } from '../generate/support/studio';
import { completeSignInInBrowser, openCloudStudio, startCloudBackend, untilStatus } from '../cloud/support';
import { seedCloudLibrary } from '../cloud/library-seed';

const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 200);
const TAKES = Number(process.env.BENCH_TAKES ?? 20);

async function main(): Promise<void> {
  if (!databaseUrl) throw new Error('DATABASE_URL is not set: eval "$(bash tests/db/start-postgres.sh)" first');
  const dir = mkdtempSync(join(tmpdir(), 'echoes-bench-cloud-'));
  const started = Date.now();
  const backend = await startCloudBackend(databaseUrl, 'bench_cloud', { functions: ['library'] });
  console.log(`library function up under Deno in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const app = openCloudStudio(join(dir, 'studio'), backend);
  try {
    await app.studio.cloud.ready;
    await call(app.studio, 'auth.signIn', {});
    await completeSignInInBrowser(app.studio, app.opened.at(-1)!);
    await untilStatus(app.studio, (s) => s.signedIn);
    const userId = app.studio.cloud.status().user!.id;

    const thumb = await sharp({ create: { width: 320, height: 180, channels: 3, background: { r: 40, g: 90, b: 140 } } }).jpeg({ quality: 70 }).toBuffer();
    const seedStart = Date.now();
    const client = await backend.scratch.connect();
    try {
      await seedCloudLibrary(client, backend.supabase, userId, { projects: PROJECTS, takesPerProject: TAKES, photo: () => thumb, video: () => Buffer.from('not a video'), storeAll: false });
    } finally {
      await client.end();
    }
    console.log(`seeded ${PROJECTS} projects x ${TAKES} takes in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);

    const requests = backend.supabase.requests;
    const apiCalls = (from: number) => requests.slice(from).filter((r) => r.path.startsWith('/functions/v1/') || (r.path.startsWith('/storage/v1/') && !/^\/storage\/v1\/object\/(sign|public)\/[^/]+\/.+/.test(r.path)));
    const signRequests = (from: number) => requests.slice(from).filter((r) => r.method === 'POST' && /^\/storage\/v1\/object\/sign\//.test(r.path));
    const signedPaths = (from: number) => signRequests(from).reduce((n, r) => n + ((r.body as { paths?: string[] } | undefined)?.paths?.length ?? 1), 0);

    // first visit: open the library, draw the first thumbnail
    const mark1 = requests.length;
    const t0 = performance.now();
    const page1 = await call(app.studio, 'library.list', { cursor: null });
    // the page asks for the thumbnails in view (the first row), as its IntersectionObserver does
    const firstRow = page1.projects[0]!.takes.slice(0, 6).map((t) => t.id);
    const { thumbs } = await call(app.studio, 'library.thumbs', { takeIds: firstRow });
    const firstThumb = thumbs[firstRow[0]!];
    if (!firstThumb) throw new Error('the first screen has no thumbnail');
    const bytes = readFileSync(app.studio.media.store.path(firstThumb));
    await sharp(bytes).metadata(); // decoded, as the page would draw it
    const firstThumbMs = performance.now() - t0;
    const firstCalls = apiCalls(mark1);
    const callsLibrary = firstCalls.length;
    const shown1 = page1.projects.reduce((n, p) => n + p.takes.length, 0);
    // the creator scrolls one screenful further
    const page2 = await call(app.studio, 'library.list', { cursor: page1.nextCursor });
    const shown2 = page2.projects.reduce((n, p) => n + p.takes.length, 0);
    const firstVisitSigns = signRequests(mark1).length;

    // second visit within the expiry: the same two screenfuls
    const mark2 = requests.length;
    await call(app.studio, 'library.list', { cursor: null });
    await call(app.studio, 'library.list', { cursor: page1.nextCursor });
    const secondShown = shown1 + shown2;
    const secondSigned = signedPaths(mark2);
    const secondSigns = signRequests(mark2).length;
    const cacheHitPct = (1 - secondSigned / secondShown) * 100;

    const perItem = shown1 + shown2 + secondShown;
    const made = firstVisitSigns + secondSigns;
    const savedPct = (1 - made / perItem) * 100;

    console.log(`first screen: ${page1.projects.length} projects, ${shown1} thumbnails, ${callsLibrary} API calls (${firstCalls.map((r) => `${r.method} ${r.path}`).join(', ')})`);
    console.log(`first thumbnail drawn after ${firstThumbMs.toFixed(0)} ms (target <= 400)`);
    console.log(`second visit: ${secondSigned} of ${secondShown} thumbnail URLs signed again, ${secondSigns} signing calls`);
    console.log(`signing calls: ${made} made for ${perItem} thumbnails shown (one per item would be ${perItem})`);
    console.log(
      JSON.stringify({
        library_first_thumb_ms: Math.round(firstThumbMs),
        calls_library: callsLibrary,
        cache_hit_pct: Number(cacheHitPct.toFixed(1)),
        url_calls_saved_pct: Number(savedPct.toFixed(1)),
        projects: PROJECTS,
        takes_per_project: TAKES,
        thumbnails_first_screen: shown1,
      }),
    );
  } finally {
    app.studio.close();
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
