import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { configFromEnv, createCloudSettingsFile, resolveCloudConfig } from '../services/cloud/config';
import { createBundledMusic } from '../services/timeline/bundled-music';
import { defaultDataDir } from '../services/data-dir';
import { detectHardwareEncoders, FfmpegNotFoundError, locateFfmpeg, textSupport } from '../services/ffmpeg';
import { textFontsProblem } from '../services/studio';
import { defaultResourcesDir } from '../services/resources-dir';
import { LOG_FILE_NAME, logDirOf } from '../services/log/logger';
import { APP_VERSION, updateChannelOf } from '../services/version';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface Check {
  name: string;
  status: CheckStatus;
  detail: string;
  /** What to do about a warn or fail. */
  fix?: string;
}

export interface DoctorEnvironment {
  env: NodeJS.ProcessEnv;
  resourcesDir: string;
}

/** Everything `echoes render` and the app rely on, each with what to do when it is missing. */
export async function runDoctor(environment: DoctorEnvironment = { env: process.env, resourcesDir: defaultResourcesDir() }): Promise<Check[]> {
  const checks: Check[] = [];
  const dataDir = defaultDataDir(environment.env);
  checks.push({ name: 'Version', status: 'ok', detail: `${APP_VERSION} (${updateChannelOf(dataDir)} channel)` });
  let ffmpegPath: string | null = null;
  try {
    const ffmpeg = await locateFfmpeg({ env: environment.env });
    ffmpegPath = ffmpeg.ffmpegPath;
    checks.push({ name: 'FFmpeg', status: 'ok', detail: `${ffmpeg.ffmpegPath} (version ${ffmpeg.version}, found via ${ffmpeg.source})` });
    checks.push({ name: 'xfade transitions', status: 'ok', detail: 'supported' });
  } catch (error) {
    if (!(error instanceof FfmpegNotFoundError)) throw error;
    checks.push({ name: 'FFmpeg', status: 'fail', detail: 'not usable', fix: error.message });
  }

  if (ffmpegPath) {
    const hardware = await detectHardwareEncoders(ffmpegPath);
    checks.push(
      hardware.length
        ? { name: 'Hardware encoders', status: 'ok', detail: `${hardware.join(', ')} (passed a test encode)` }
        : {
            name: 'Hardware encoders',
            status: 'warn',
            detail: 'none working; exports use the software encoder (libx264)',
            fix: 'Nothing to do unless exports feel slow: a GPU driver with VideoToolbox, NVENC, Quick Sync or AMF support speeds them up.',
          },
    );
  }

  checks.push(dataFolderCheck(environment.env));
  checks.push({ name: 'Log folder', status: 'ok', detail: `${logDirOf(dataDir)} (${LOG_FILE_NAME}, rotated)` });

  const heif = sharp.format.heif?.input.file === true;
  checks.push({
    name: 'Photo formats',
    status: 'ok',
    detail: `JPEG, PNG, WebP${heif ? ', AVIF (HEIC when its codec is present)' : ''} (libvips ${sharp.versions.vips})`,
  });

  const tracks = createBundledMusic(join(environment.resourcesDir, 'music')).list();
  checks.push(
    tracks.length
      ? { name: 'Bundled music', status: 'ok', detail: tracks.map((t) => t.id).join(', ') }
      : { name: 'Bundled music', status: 'warn', detail: `no tracks in ${join(environment.resourcesDir, 'music')}`, fix: 'Run `npm run make:music`, or pass --music with your own file.' },
  );

  checks.push(await textCheck(environment.resourcesDir, ffmpegPath));
  checks.push(cloudCheck(environment.env));
  return checks;
}

/** Titles and captions: the bundled fonts, and an FFmpeg that draws text (and orders right-to-left scripts). */
async function textCheck(resourcesDir: string, ffmpegPath: string | null): Promise<Check> {
  const name = 'Titles and captions';
  const problem = textFontsProblem(join(resourcesDir, 'fonts'));
  if (problem) return { name, status: 'fail', detail: problem, fix: 'Reinstall Echoes Studio (the fonts ship in its resources/fonts).' };
  if (!ffmpegPath) return { name, status: 'warn', detail: 'fonts present; FFmpeg is needed to draw them' };
  const support = await textSupport(ffmpegPath);
  if (!support.drawtext) return { name, status: 'warn', detail: 'this FFmpeg has no drawtext (libfreetype): videos with text cannot be exported', fix: 'Install a full FFmpeg build.' };
  return support.shaping
    ? { name, status: 'ok', detail: 'DejaVu Sans; right-to-left scripts (Arabic, Hebrew) ordered and joined' }
    : { name, status: 'warn', detail: 'DejaVu Sans; this FFmpeg has no libfribidi, so Arabic and Hebrew show unjoined, left to right', fix: 'An FFmpeg built with --enable-libfribidi draws them right.' };
}

function dataFolderCheck(env: NodeJS.ProcessEnv): Check {
  const dir = defaultDataDir(env);
  try {
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return { name: 'Data folder', status: 'ok', detail: dir };
  } catch (error) {
    return {
      name: 'Data folder',
      status: 'fail',
      detail: `${dir} is not writable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      fix: 'Fix the folder permissions, or set ECHOES_DATA_DIR to a writable folder.',
    };
  }
}

/**
 * The cloud project the app would use: the Settings one (<data folder>/cloud.json, read only here)
 * wins over ECHOES_SUPABASE_URL / ECHOES_SUPABASE_ANON_KEY, as in the app.
 */
export function cloudCheck(env: NodeJS.ProcessEnv): Check {
  const settings = createCloudSettingsFile(join(defaultDataDir(env), 'cloud.json')).get();
  const resolved = resolveCloudConfig(configFromEnv(env), settings);
  if (resolved.configured) {
    const from = resolved.source === 'settings' ? 'in Settings' : 'by ECHOES_SUPABASE_URL / ECHOES_SUPABASE_ANON_KEY';
    return { name: 'Cloud', status: 'ok', detail: `configured ${from} (${resolved.config.supabaseUrl})` };
  }
  return {
    name: 'Cloud',
    status: 'warn',
    detail: 'not configured: the studio runs local-only (on-device animation, editing and export all work)',
    fix: 'For Runway clips and credits, set ECHOES_SUPABASE_URL and ECHOES_SUPABASE_ANON_KEY at build time or enter them in Settings.',
  };
}

export function formatChecks(checks: readonly Check[]): string {
  const mark: Record<CheckStatus, string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };
  return checks.map((c) => `[${mark[c.status]}] ${c.name}: ${c.detail}${c.fix ? `\n       -> ${c.fix}` : ''}`).join('\n');
}
