// What goes over the wire between the desktop app and the edge functions: request and response
// bodies, the limits both sides check, Runway's ratios and the bucket names. Free of imports
// (plain constants and types), so the desktop imports this very file; a deployed function can
// only bundle files under supabase/functions, so the one copy lives here.

// Storage -------------------------------------------------------------------------------------
/** {user_id}/{project_id}/... photos and the generated clip videos (private). */
export const PHOTOS_BUCKET = 'private-photos';
/** {user_id}/... compiled videos (private). */
export const FINAL_VIDEOS_BUCKET = 'final-videos';
/** The music catalogue (public read). */
export const MUSIC_BUCKET = 'music-tracks';

// Runway gen4_turbo -----------------------------------------------------------------------------
export const GEN4_TURBO_RATIOS = ['1280:720', '720:1280', '1104:832', '832:1104', '960:960', '1584:672'] as const;
export type Ratio = (typeof GEN4_TURBO_RATIOS)[number];
export const MAX_PROMPT_LENGTH = 1000;
export const CLIP_DURATION_SECONDS = { min: 2, max: 10 } as const;
export const RUNWAY_MODELS = ['gen4_turbo'] as const;

// Credit packs ----------------------------------------------------------------------------------
export const CREDIT_PACK_LIMITS = {
  maxPacks: 20,
  idMaxLength: 40,
  /** a-z, 0-9, _ and - */
  idPattern: '^[a-z0-9_-]+$',
  nameMaxLength: 80,
  /** Stripe's minimum charge */
  minPriceCents: 50,
  /** a 3-letter ISO code, lower case */
  currencyPattern: '^[a-z]{3}$',
} as const;
export const SYSTEM_PROMPT_MAX_LENGTH = 500;
export const REFERRAL_CODE_MAX_LENGTH = 20;

export interface CreditPackBody {
  id: string;
  name: string;
  credits: number;
  price_cents: number;
  currency: string;
}

// Errors ----------------------------------------------------------------------------------------
/** Every function's error answer. */
export interface ErrorBody {
  error: { code: string; message: string; field?: string; retryAfter?: number; needed?: number };
}

// clip-generation / clip-status -----------------------------------------------------------------
/** POST clip-generation */
export interface GenerationRequestBody {
  clipId: string;
  projectId: string;
  /** the same id for a resend of the same attempt: charged and started once */
  requestId: string;
  imagePath: string;
  prompt?: string;
  duration: number;
  ratio: Ratio;
  /** the project's name on the device: the cloud library shows it on the creator's other machines */
  projectTitle?: string;
}

/** What the app sees of a take. */
export const TAKE_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type TakeStatus = (typeof TAKE_STATUSES)[number];
/**
 * The take's own state: 'submitting' (charged, create under way), 'unknown' (the create's answer
 * was lost; being reconciled, still charged), Runway's pending / throttled / running, then the
 * end states.
 */
export const TAKE_STAGES = ['submitting', 'unknown', 'pending', 'throttled', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type TakeStage = (typeof TAKE_STAGES)[number];

export interface FailureBody {
  code: string;
  message: string;
  retryable: boolean;
}

/** clip-generation (202, or 200 for a replay) and clip-status answers. */
export interface TakeBody {
  takeId: string;
  clipId: string;
  projectId: string;
  taskId: string | null;
  status: TakeStatus;
  stage: TakeStage;
  progress: number | null;
  credits: number;
  failure?: FailureBody;
  /** after a charge */
  balance?: number;
  replayed?: boolean;
  /** a signed URL of the stored video, once succeeded */
  videoUrl?: string;
}

// account ---------------------------------------------------------------------------------------
/** POST account */
export interface RedeemReferralBody {
  action: 'redeem_referral';
  code: string;
}

export interface AccountBody {
  userId: string;
  email: string | null;
  balance: number;
  referralCode: string;
  referred: boolean;
  transactions: Array<{ id: string; amount: number; type: string; balanceAfter: number; createdAt: string }>;
  packs: CreditPackBody[];
}

// create-checkout -------------------------------------------------------------------------------
export interface CheckoutRequestBody {
  packId: string;
  requestId?: string;
}

export interface CheckoutBody {
  url: string;
  sessionId: string;
  pack: CreditPackBody;
}

// clip-details ----------------------------------------------------------------------------------
export const MAX_DETAIL_CLIPS = 100;

export interface ClipDetailsRequestBody {
  clipIds: string[];
}

export interface ClipDetailsBody {
  clips: Array<{
    id: string;
    projectId: string;
    position: number;
    status: string;
    approved: boolean;
    prompt: string | null;
    duration: number | null;
    ratio: string | null;
    imageUrl: string | null;
    videoUrl: string | null;
    failure: FailureBody | null;
    latestTake: { id: string; status: TakeStatus; progress: number | null } | null;
    updatedAt: string;
  }>;
  missing: string[];
  /** seconds the signed URLs stay valid */
  expiresIn: number;
}

// telemetry ---------------------------------------------------------------------------------------
/** The KPIs the app measures on the device (opt-in reports). */
export const TELEMETRY_KPIS = [
  'dashboard_first_card_ms',
  'calls_per_screen',
  'signed_url_cache_hit_rate',
  'preview_first_frame_ms',
  'export_x_realtime',
] as const;
export type TelemetryKpi = (typeof TELEMETRY_KPIS)[number];

export const TELEMETRY_LIMITS = {
  /** events in one batch */
  maxEvents: 100,
  maxBodyBytes: 128 * 1024,
  /** per user per window (the function's defaults; TELEMETRY_MAX_BATCHES / TELEMETRY_MAX_EVENTS override) */
  maxBatchesPerWindow: 30,
  maxEventsPerWindow: 1000,
  windowMs: 60 * 60 * 1000,
  versionMax: 40,
  osMax: 60,
  nameMax: 60,
  messageMax: 500,
  stackMax: 4000,
} as const;

export type TelemetryEventBody =
  | { kind: 'kpi'; name: TelemetryKpi; value: number; at: string }
  | { kind: 'error'; name: string; message: string; stack?: string; at: string };

/** POST telemetry (signed in) */
export interface TelemetryBatchBody {
  appVersion: string;
  os: string;
  events: TelemetryEventBody[];
}

/** GET admin?view=telemetry: the last 7 days per app version. */
export interface TelemetrySummaryBody {
  since: string;
  versions: Array<{
    appVersion: string;
    kpis: Array<{ name: string; count: number; p50: number; p95: number }>;
    errors: { count: number; top: Array<{ message: string; count: number }> };
  }>;
}

// library (the cloud library, issue 22) ---------------------------------------------------------
export const LIBRARY_LIMITS = {
  /** projects in one page (a screenful) */
  maxPageProjects: 24,
  /** finished takes listed per project */
  maxTakesPerProject: 50,
  /** backed-up videos listed with the first page */
  maxVideos: 100,
  titleMax: 200,
  /** share links: one minute to seven days (Storage's signed URLs take any lifetime; the app offers these) */
  shareMinSeconds: 60,
  shareMaxSeconds: 7 * 24 * 3600,
} as const;

/** POST library {action:'list'} */
export interface LibraryListRequestBody {
  action: 'list';
  /** the last project of the previous page: `${createdAt}|${id}` */
  cursor?: string;
  limit?: number;
}

export interface LibraryTakeBody {
  id: string;
  clipId: string;
  position: number;
  prompt: string;
  durationS: number;
  ratio: string;
  /** private-photos paths, signed by the app in one batch */
  videoPath: string;
  photoPath: string | null;
  credits: number;
  createdAt: string;
}

export interface LibraryProjectBody {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  takes: LibraryTakeBody[];
}

export interface LibraryVideoBody {
  id: string;
  projectId: string;
  title: string | null;
  /** final-videos path */
  filePath: string;
  durationS: number | null;
  sizeBytes: number | null;
  settings: Record<string, unknown>;
  createdAt: string;
}

export interface LibraryListBody {
  projects: LibraryProjectBody[];
  /** with the first page only (no cursor) */
  videos: LibraryVideoBody[] | null;
  nextCursor: string | null;
}

/** POST library {action:'backup'}: after the upload of `${userId}/${id}.mp4` to final-videos. */
export interface LibraryBackupRequestBody {
  action: 'backup';
  id: string;
  projectId: string;
  title: string;
  durationS: number;
  sizeBytes: number;
  settings: Record<string, unknown>;
}

/** POST library {action:'delete_video'} */
export interface LibraryDeleteVideoRequestBody {
  action: 'delete_video';
  id: string;
}

/** POST library {action:'music'}: the catalogue, in order. */
export interface MusicTrackBody {
  id: string;
  title: string;
  artist: string | null;
  /** music-tracks path (public bucket) */
  filePath: string;
  durationS: number;
  contentType: string;
  position: number;
}

export const MUSIC_CONTENT_TYPES = ['audio/mpeg', 'audio/mp4', 'audio/aac', 'audio/wav', 'audio/x-wav'] as const;
export const MUSIC_LIMITS = { maxBytes: 50 * 1024 * 1024, titleMax: 200, artistMax: 200, maxTracks: 500 } as const;

/** POST admin {music:...}: manage the catalogue. 'add' answers a signed upload URL for the file. */
export type AdminMusicRequestBody =
  | { music: 'add'; title: string; artist?: string; durationS: number; contentType: (typeof MUSIC_CONTENT_TYPES)[number] }
  | { music: 'update'; id: string; title?: string; artist?: string | null; position?: number }
  | { music: 'order'; ids: string[] }
  | { music: 'remove'; id: string };

export interface AdminMusicBody {
  tracks: MusicTrackBody[];
  /** after 'add': where to PUT the file (valid 2 hours) */
  upload?: { path: string; signedUrl: string; token: string };
}
