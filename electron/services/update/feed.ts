// The update feed electron-builder writes for a generic HTTPS host (publish: provider generic):
// latest.yml (Windows), latest-mac.yml, latest-linux.yml, and beta*.yml for the beta channel
// (generateUpdatesFilesForAllChannels: a stable release is in the beta feed too). Each names a
// version, its files with a base64 sha512 and size, and release notes. Validated with zod: the
// host is outside the app.
import { parse } from 'yaml';
import { z } from 'zod';

export const UPDATE_CHANNELS = ['stable', 'beta'] as const;
export type UpdateChannel = (typeof UPDATE_CHANNELS)[number];

const SHA512_BASE64 = /^[A-Za-z0-9+/]{86}==$/;

const FeedFile = z.object({
  url: z.string().min(1).max(500),
  sha512: z.string().regex(SHA512_BASE64, 'sha512 must be base64 (88 characters)'),
  size: z.number().int().positive().optional(),
});

export const UpdateFeed = z.object({
  version: z.string().regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/),
  files: z.array(FeedFile).min(1),
  releaseDate: z.union([z.string(), z.date()]).optional(),
  releaseNotes: z
    .union([z.string(), z.array(z.object({ version: z.string(), note: z.string().nullable() }))])
    .nullish()
    .transform((notes) => (Array.isArray(notes) ? notes.map((n) => n.note ?? '').join('\n\n') : (notes ?? null))),
});
export type UpdateFeed = z.infer<typeof UpdateFeed>;
export type FeedFile = z.infer<typeof FeedFile>;

/** The feed file's name for a channel and platform, as electron-builder names it. */
export function feedFileName(channel: UpdateChannel, platform: NodeJS.Platform): string {
  const base = channel === 'beta' ? 'beta' : 'latest';
  if (platform === 'darwin') return `${base}-mac.yml`;
  if (platform === 'linux') return `${base}-linux.yml`;
  return `${base}.yml`;
}

export function parseFeed(text: string): UpdateFeed {
  return UpdateFeed.parse(parse(text, { maxAliasCount: 10 }));
}

/** The file this platform installs: on macOS the .zip (what an in-place update uses), else the first. */
export function installable(feed: UpdateFeed, platform: NodeJS.Platform): FeedFile {
  if (platform === 'darwin') return feed.files.find((f) => f.url.endsWith('.zip')) ?? feed.files[0]!;
  return feed.files[0]!;
}

/** a.b.c[-pre]: negative when a < b. A prerelease is older than its release; prerelease parts compare numerically where both are numbers. */
export function compareVersions(a: string, b: string): number {
  const split = (v: string) => {
    const [core = '', pre] = v.split(/-(.*)/s, 2);
    return { core: core.split('.').map(Number), pre: pre ? pre.split('.') : [] };
  };
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.core[i] ?? 0) - (y.core[i] ?? 0);
    if (d) return Math.sign(d);
  }
  if (!x.pre.length || !y.pre.length) return x.pre.length === y.pre.length ? 0 : x.pre.length ? -1 : 1;
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i++) {
    const p = x.pre[i];
    const q = y.pre[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    const np = /^\d+$/.test(p);
    const nq = /^\d+$/.test(q);
    if (np && nq && Number(p) !== Number(q)) return Math.sign(Number(p) - Number(q));
    if (np !== nq) return np ? -1 : 1;
    if (p !== q) return p < q ? -1 : 1;
  }
  return 0;
}
