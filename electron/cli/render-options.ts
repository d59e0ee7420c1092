import { parseArgs } from 'node:util';
import { z } from 'zod';
import { type EncoderSetting, type Fit, FITS, type FocusMode, FOCUS_MODES, type Fps, FPS_VALUES, HW_ENCODERS, MAX_CLIP_S, MAX_TRANSITION_S, MIN_CLIP_S, MOTIONS, type Resolution, RESOLUTIONS, type Shape, SHAPES, TRANSITION_TYPES, type TransitionType } from '../../shared/values';
import { EncoderSettingSchema } from '../../shared/output';
import type { Motion } from '../../shared/contract/generate';
import { cleanText, MAX_RAW_TEXT_CHARS, TEXT_LIMITS } from '../../shared/text';
import { CliError, ExitCode } from './exit-codes';

export interface RenderOptions {
  inputs: string[];
  output: string;
  /** The video's shape (the studio's one list). */
  ratio: Shape;
  /** How a photo of another shape fills the frame: crop (on its subject), blur (whole photo over a blurred copy), pad (whole photo on black). */
  fit: Fit | undefined;
  /** subject (default): crops and camera moves aim at each photo's subject; center: the middle. */
  focus: FocusMode;
  resolution: Resolution;
  fps: Fps;
  clipDurationS: number;
  /** Undefined: each clip gets the project's default motion. */
  motion: Motion | undefined;
  transition: TransitionType;
  transitionDurationS: number;
  /** A music file path or a bundled track id; undefined: no music. */
  music: string | undefined;
  volume: number;
  encoder: EncoderSetting;
  seed: number | undefined;
  json: boolean;
  /** An opening title over the first clip; undefined: none. */
  title: string | undefined;
  /** An end card over the last clip; undefined: none. */
  endTitle: string | undefined;
  /** A text file with one caption per photo, in the photos' order; undefined: no captions. */
  captions: string | undefined;
  /** Fit the clip lengths so every transition lands on a beat of --music. */
  beatSync: boolean;
}

export const renderDefaults = {
  ratio: '16:9',
  focus: 'subject',
  resolution: '1080p',
  fps: 30,
  clipDurationS: 5,
  transition: 'fade',
  transitionDurationS: 0.5,
  volume: 80,
  encoder: 'auto',
} as const;

const numberOption = (flag: string, min: number, max: number, integer = false) =>
  z
    .string()
    .trim()
    .transform((text, ctx) => {
      const value = Number(text);
      const ok = text !== '' && Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value));
      if (!ok) {
        ctx.addIssue({ code: 'custom', message: `${flag} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got "${text}"` });
        return z.NEVER;
      }
      return value;
    });

const choiceOption = <T extends string>(flag: string, choices: readonly T[]) =>
  z.string().refine((v): v is T => (choices as readonly string[]).includes(v), {
    error: (issue) => `${flag} must be one of ${choices.join(', ')}, got "${String(issue.input)}"`,
  });

/** Words for the video: any text up to MAX_RAW_TEXT_CHARS (it is cleaned and cut by the shared rule). */
const textOption = (flag: string) =>
  z
    .string()
    .max(MAX_RAW_TEXT_CHARS, `${flag} is limited to ${MAX_RAW_TEXT_CHARS} characters`)
    .refine((t) => cleanText(t, TEXT_LIMITS.titleChars) !== '', { error: `${flag} needs words (it has only spaces or control characters)` });

const RenderFlags = z.object({
  output: z.string({ error: 'missing -o/--output: where to write the video, e.g. -o out.mp4' }).refine((p) => /\.(mp4|m4v|mov)$/i.test(p), {
    error: (issue) => `-o/--output must end in .mp4, .m4v or .mov, got "${String(issue.input)}"`,
  }),
  ratio: choiceOption('--ratio', SHAPES).default(renderDefaults.ratio),
  fit: choiceOption('--fit', FITS).optional(),
  focus: choiceOption('--focus', FOCUS_MODES).default(renderDefaults.focus),
  resolution: choiceOption('--resolution', RESOLUTIONS).default(renderDefaults.resolution),
  fps: choiceOption(
    '--fps',
    FPS_VALUES.map((f) => String(f)),
  )
    .transform((v) => Number(v) as Fps)
    .optional(),
  'clip-duration': numberOption('--clip-duration', MIN_CLIP_S, MAX_CLIP_S).optional(),
  motion: choiceOption('--motion', MOTIONS).optional(),
  transition: choiceOption('--transition', TRANSITION_TYPES).default(renderDefaults.transition),
  'transition-duration': numberOption('--transition-duration', 0.1, MAX_TRANSITION_S).optional(),
  music: z.string().min(1, '--music needs a file or a bundled track name').optional(),
  volume: numberOption('--volume', 0, 100).optional(),
  encoder: z
    .string()
    .refine((v) => EncoderSettingSchema.safeParse(v).success, {
      error: (issue) => `--encoder must be auto, software or one of ${HW_ENCODERS.join(', ')}, got "${String(issue.input)}"`,
    })
    .transform((v) => v as EncoderSetting)
    .default(renderDefaults.encoder),
  seed: numberOption('--seed', 0, 4_294_967_295, true).optional(),
  json: z.boolean().default(false),
  title: textOption('--title').optional(),
  'end-title': textOption('--end-title').optional(),
  captions: z.string().min(1, '--captions needs a text file: one caption per photo, one line each').optional(),
  'beat-sync': z.boolean().default(false),
});

/** Parses `echoes render` arguments; throws CliError(USAGE) naming the bad option. */
export function parseRenderArgs(argv: string[]): RenderOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        output: { type: 'string', short: 'o' },
        ratio: { type: 'string' },
        fit: { type: 'string' },
        focus: { type: 'string' },
        resolution: { type: 'string' },
        fps: { type: 'string' },
        'clip-duration': { type: 'string' },
        motion: { type: 'string' },
        transition: { type: 'string' },
        'transition-duration': { type: 'string' },
        music: { type: 'string' },
        volume: { type: 'string' },
        encoder: { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'boolean' },
        title: { type: 'string' },
        'end-title': { type: 'string' },
        captions: { type: 'string' },
        'beat-sync': { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new CliError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''), ExitCode.USAGE);
  }
  if (parsed.positionals.length === 0) {
    throw new CliError('name at least one photo or folder to render, e.g. `echoes render photos/ -o out.mp4`', ExitCode.USAGE);
  }
  const result = RenderFlags.safeParse(parsed.values);
  if (!result.success) {
    throw new CliError(result.error.issues.map((i) => i.message).join('\n'), ExitCode.USAGE);
  }
  const f = result.data;
  const transitionDurationS = f['transition-duration'] ?? renderDefaults.transitionDurationS;
  const clipDurationS = f['clip-duration'] ?? renderDefaults.clipDurationS;
  if (f.transition !== 'cut' && transitionDurationS >= clipDurationS) {
    throw new CliError(`--transition-duration (${transitionDurationS} s) must be shorter than --clip-duration (${clipDurationS} s)`, ExitCode.USAGE);
  }
  const music = f.music === 'none' ? undefined : f.music;
  if (f['beat-sync'] && !music) {
    throw new CliError('--beat-sync fits the cuts to the music: name a track with --music (a bundled track or an audio file)', ExitCode.USAGE);
  }
  return {
    inputs: parsed.positionals,
    output: f.output,
    ratio: f.ratio,
    fit: f.fit,
    focus: f.focus,
    resolution: f.resolution,
    fps: f.fps ?? renderDefaults.fps,
    clipDurationS,
    motion: f.motion,
    transition: f.transition,
    transitionDurationS,
    music,
    volume: f.volume ?? renderDefaults.volume,
    encoder: f.encoder,
    seed: f.seed,
    json: f.json,
    title: f.title,
    endTitle: f['end-title'],
    captions: f.captions,
    beatSync: f['beat-sync'],
  };
}
