import { z } from 'zod';
import { CREDIT_PACK_LIMITS, REFERRAL_CODE_MAX_LENGTH, RUNWAY_MODELS, SYSTEM_PROMPT_MAX_LENGTH } from '../../supabase/functions/_shared/wire';
import { defineMethods } from './define';
import { ExportId, MediaId, ProjectId } from './ids';
import { LIBRARY_LIMITS } from '../../supabase/functions/_shared/wire';

export const CloudUser = z.object({ id: z.string(), email: z.string().nullable() });
export type CloudUser = z.infer<typeof CloudUser>;

export const CloudStatus = z.object({
  /** A Supabase URL and anon key are known (from the build or Settings). */
  configured: z.boolean(),
  /** Where the configuration came from. */
  source: z.enum(['build', 'settings']).nullable(),
  /** The Supabase project URL in use (never the key). */
  projectUrl: z.string().nullable(),
  /** Without a configuration: what is missing and which features need it. */
  localOnlyMessage: z.string().nullable(),
  needsAccount: z.array(z.string()),
  signedIn: z.boolean(),
  user: CloudUser.nullable(),
  /** A sign-in was started in the browser and the app waits for its callback. */
  signingIn: z.boolean(),
  /** False after a network failure reaching the backend, until a call succeeds again. */
  online: z.boolean(),
  /** Last known balance (null when unknown or signed out). */
  balance: z.number().int().nullable(),
  /** The last sign-in or refresh problem, in words. */
  lastError: z.string().nullable(),
});
export type CloudStatus = z.infer<typeof CloudStatus>;

export const CreditPack = z.object({
  id: z.string(),
  name: z.string(),
  credits: z.number().int().positive(),
  priceCents: z.number().int().positive(),
  currency: z.string(),
});
export type CreditPack = z.infer<typeof CreditPack>;

export const CreditTransaction = z.object({
  id: z.string(),
  amount: z.number().int(),
  type: z.string(),
  balanceAfter: z.number().int().nullable(),
  createdAt: z.string(),
});
export type CreditTransaction = z.infer<typeof CreditTransaction>;

export const CreditsSummary = z.object({
  balance: z.number().int(),
  referralCode: z.string().nullable(),
  transactions: z.array(CreditTransaction),
  packs: z.array(CreditPack),
});
export type CreditsSummary = z.infer<typeof CreditsSummary>;

const SupabaseUrl = z
  .string()
  .trim()
  .url('supabaseUrl must be a URL such as https://<project>.supabase.co')
  .refine((u) => /^https:\/\//.test(u) || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(u), 'supabaseUrl must use https (http only for a local Supabase on 127.0.0.1)');
const AnonKey = z.string().trim().min(20, 'anonKey must be the project anon (public) key').max(4000, 'anonKey is too long');

/** The admin settings the admin function manages. */
export const AdminCreditPack = z
  .object({
    id: z
      .string()
      .max(CREDIT_PACK_LIMITS.idMaxLength, `pack id is at most ${CREDIT_PACK_LIMITS.idMaxLength} characters`)
      .regex(new RegExp(CREDIT_PACK_LIMITS.idPattern), 'pack id may use a-z, 0-9, _ and -'),
    name: z.string().trim().min(1, 'pack name is required').max(CREDIT_PACK_LIMITS.nameMaxLength),
    credits: z.number().int().positive('credits must be a positive whole number'),
    price_cents: z.number().int().min(CREDIT_PACK_LIMITS.minPriceCents, `price_cents must be at least ${CREDIT_PACK_LIMITS.minPriceCents} (Stripe minimum)`),
    currency: z.string().regex(new RegExp(CREDIT_PACK_LIMITS.currencyPattern), 'currency must be a 3-letter ISO code such as usd'),
  })
  .strict();
export const AdminGeneration = z
  .object({
    provider: z.literal('runway'),
    model: z.enum(RUNWAY_MODELS),
    credits_per_5s: z.number().int().positive(),
    credits_per_10s: z.number().int().positive(),
  })
  .strict();
export const AdminConfig = z.object({
  credit_packs: z.array(AdminCreditPack).optional(),
  system_prompt: z.string().optional(),
  generation: AdminGeneration.optional(),
});
export type AdminConfig = z.infer<typeof AdminConfig>;

/** The opt-in reports per app version over the last 7 days (the admin function's summary). */
export const AdminTelemetry = z.object({
  since: z.string(),
  versions: z.array(
    z.object({
      appVersion: z.string(),
      kpis: z.array(z.object({ name: z.string(), count: z.number().int(), p50: z.number(), p95: z.number() })),
      errors: z.object({ count: z.number().int(), top: z.array(z.object({ message: z.string(), count: z.number().int() })) }),
    }),
  ),
});
export type AdminTelemetry = z.infer<typeof AdminTelemetry>;

const AdminPassword = z.string().min(1, 'enter the admin password').max(200);

export const CloudMediaUrls = z.object({ urls: z.record(z.string(), z.string().nullable()) });

// The cloud library (issue 22) ------------------------------------------------------------------
const CloudId = z.string().uuid();

export const LibraryTake = z.object({
  id: CloudId,
  clipId: CloudId,
  position: z.number().int(),
  prompt: z.string(),
  durationS: z.number(),
  ratio: z.string(),
  credits: z.number().int(),
  createdAt: z.string(),
  /** A signed URL of the take's photo (null offline or when Storage could not sign it). */
  thumbUrl: z.string().nullable(),
  /** Brought into the local library: its clip's thumbnail there (shown offline too). */
  localThumbMediaId: MediaId.nullable(),
  local: z.boolean(),
});
export type LibraryTake = z.infer<typeof LibraryTake>;

export const LibraryProject = z.object({
  id: CloudId,
  title: z.string(),
  createdAt: z.string(),
  takes: z.array(LibraryTake),
  /** The local project it was brought into (null: not yet, or deleted since). */
  localProjectId: ProjectId.nullable(),
});
export type LibraryProject = z.infer<typeof LibraryProject>;

export const LibraryVideo = z.object({
  id: CloudId,
  projectId: CloudId,
  title: z.string().nullable(),
  durationS: z.number().nullable(),
  sizeBytes: z.number().nullable(),
  settings: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type LibraryVideo = z.infer<typeof LibraryVideo>;

export const LibraryPage = z.object({
  projects: z.array(LibraryProject),
  videos: z.array(LibraryVideo).nullable(),
  nextCursor: z.string().nullable(),
  /** true: the cloud could not be reached and this is what was cached (cachedAt) */
  offline: z.boolean(),
  cachedAt: z.string().nullable(),
  /** what the creator is told (offline: what is cached, what needs a connection) */
  message: z.string().nullable(),
});
export type LibraryPage = z.infer<typeof LibraryPage>;

export const CloudMusicTrack = z.object({
  id: CloudId,
  title: z.string(),
  artist: z.string().nullable(),
  durationS: z.number(),
  /** Kept in the local media store once used or previewed (works offline). */
  cachedMediaId: MediaId.nullable(),
});
export type CloudMusicTrack = z.infer<typeof CloudMusicTrack>;

/** Pushed while the library brings something down or backs a video up. */
export const LibraryProgress = z.object({
  operationId: z.string(),
  kind: z.enum(['import', 'backup']),
  state: z.enum(['running', 'succeeded', 'failed', 'cancelled']),
  doneBytes: z.number(),
  totalBytes: z.number().nullable(),
  message: z.string(),
});
export type LibraryProgress = z.infer<typeof LibraryProgress>;

const OperationId = z.string().uuid();

export const AdminMusic = z.object({
  tracks: z.array(z.object({ id: CloudId, title: z.string(), artist: z.string().nullable(), durationS: z.number(), position: z.number().int() })),
});
export type AdminMusic = z.infer<typeof AdminMusic>;

/** The cloud library's methods (electron/services/cloud/library.ts). */
export const cloudLibraryMethods = defineMethods({
  /** A screenful of the cloud library (projects newest first with their takes; videos with the first page). */
  'library.list': { input: z.object({ cursor: z.string().max(100).nullable().default(null) }).strict(), output: LibraryPage },
  /**
   * Thumbnails of listed takes as media ids (the page shows media-store files only: its CSP admits no
   * remote host). Downloaded through the page's signed URLs, made small and kept, so they show offline.
   */
  'library.thumbs': {
    input: z.object({ takeIds: z.array(CloudId).min(1).max(60) }).strict(),
    output: z.object({ thumbs: z.record(z.string(), MediaId.nullable()) }),
  },
  /** Brings a cloud project (or some of its takes) into the local library; never charges credits. */
  'library.import': {
    input: z.object({ projectId: CloudId, takeIds: z.array(CloudId).max(LIBRARY_LIMITS.maxTakesPerProject).optional(), operationId: OperationId.optional() }).strict(),
    output: z.object({ localProjectId: ProjectId, imported: z.number().int(), alreadyLocal: z.number().int(), failed: z.array(z.string()) }),
  },
  /** Uploads a finished export to final-videos (a final_videos row with its settings, duration and size). */
  'library.backup': { input: z.object({ exportId: ExportId, operationId: OperationId.optional() }).strict(), output: LibraryVideo },
  'library.cancel': { input: z.object({ operationId: OperationId }).strict(), output: z.object({ cancelled: z.boolean() }) },
  /** A share link: a signed URL of the backed-up video for the chosen lifetime. */
  'library.share': {
    input: z.object({ videoId: CloudId, lifetimeS: z.number().int().min(LIBRARY_LIMITS.shareMinSeconds).max(LIBRARY_LIMITS.shareMaxSeconds) }).strict(),
    output: z.object({ url: z.string(), expiresAt: z.string() }),
  },
  /** Deletes the backup: the object and its row. */
  'library.deleteVideo': { input: z.object({ videoId: CloudId }).strict(), output: z.object({ deleted: z.boolean() }) },
  /** The cloud music catalogue (the cached part only when offline). */
  'library.music': { input: z.object({}).strict(), output: z.object({ tracks: z.array(CloudMusicTrack), offline: z.boolean() }) },
  /** Settings › Admin: the music catalogue (through the admin function, behind the admin password). */
  'admin.music': { input: z.object({ password: AdminPassword }).strict(), output: AdminMusic },
  /** Adds a track from a file already in the media store (picked like the creator's own music), uploads it. */
  'admin.musicAdd': {
    input: z.object({ password: AdminPassword, mediaId: MediaId, title: z.string().trim().min(1).max(200), artist: z.string().trim().max(200).optional(), durationS: z.number().positive().max(3600) }).strict(),
    output: AdminMusic,
  },
  'admin.musicUpdate': {
    input: z.object({ password: AdminPassword, id: CloudId, title: z.string().trim().min(1).max(200).optional(), artist: z.string().trim().max(200).nullable().optional() }).strict(),
    output: AdminMusic,
  },
  'admin.musicOrder': { input: z.object({ password: AdminPassword, ids: z.array(CloudId).max(500) }).strict(), output: AdminMusic },
  'admin.musicRemove': { input: z.object({ password: AdminPassword, id: CloudId }).strict(), output: AdminMusic },
  /** A catalogue track in the local media store (downloaded once): for the preview and the project's music. */
  'library.musicTrack': { input: z.object({ trackId: CloudId }).strict(), output: z.object({ mediaId: MediaId, name: z.string(), durationS: z.number() }) },
});

export const cloudMethods = defineMethods({

  'cloud.status': { input: z.object({}).strict(), output: CloudStatus },
  /** Settings: use this Supabase project (replaces the build's), or clear:true to go back to the build's / local-only. */
  'cloud.configure': {
    input: z.union([z.object({ supabaseUrl: SupabaseUrl, anonKey: AnonKey }).strict(), z.object({ clear: z.literal(true) }).strict()]),
    output: CloudStatus,
  },
  /** Opens Google sign-in in the system browser; the app finishes it when the browser comes back. */
  'auth.signIn': { input: z.object({}).strict(), output: z.object({ opened: z.boolean(), status: CloudStatus }) },
  'auth.signOut': { input: z.object({}).strict(), output: CloudStatus },
  'credits.get': { input: z.object({ refresh: z.boolean().default(false) }).strict(), output: CreditsSummary },
  /** Opens Stripe Checkout for a pack in the system browser. */
  'credits.buy': { input: z.object({ packId: z.string().min(1).max(CREDIT_PACK_LIMITS.idMaxLength) }).strict(), output: z.object({ opened: z.boolean() }) },
  'credits.redeemReferral': { input: z.object({ code: z.string().trim().min(1).max(REFERRAL_CODE_MAX_LENGTH) }).strict(), output: CreditsSummary },
  /** Short-lived URLs for the creator's own files in the private bucket (cached, batched). */
  'cloud.mediaUrls': { input: z.object({ paths: z.array(z.string().min(1).max(500)).min(1).max(100) }).strict(), output: CloudMediaUrls },
  'admin.get': { input: z.object({ password: AdminPassword }).strict(), output: AdminConfig },
  'admin.telemetry': { input: z.object({ password: AdminPassword }).strict(), output: AdminTelemetry },
  'admin.update': {
    input: z.discriminatedUnion('key', [
      z.object({ password: AdminPassword, key: z.literal('credit_packs'), value: z.array(AdminCreditPack).min(1).max(CREDIT_PACK_LIMITS.maxPacks) }).strict(),
      z.object({ password: AdminPassword, key: z.literal('system_prompt'), value: z.string().max(SYSTEM_PROMPT_MAX_LENGTH, `the system prompt is at most ${SYSTEM_PROMPT_MAX_LENGTH} characters`) }).strict(),
      z.object({ password: AdminPassword, key: z.literal('generation'), value: AdminGeneration }).strict(),
    ]),
    output: AdminConfig,
  },
});

/** Push events of the cloud area. */
export const CreditsNeeded = z.object({ clipId: z.string().nullable(), needed: z.number().int().positive(), message: z.string() });
export const cloudEvents = {
  'cloud.status': CloudStatus,
  'credits.updated': z.object({ balance: z.number().int() }),
  /** A generation was refused for lack of credits: the app offers to buy a pack. */
  'credits.needed': CreditsNeeded,
  'library.progress': LibraryProgress,
};
