import { z } from 'zod';
import {
  FITS,
  FOCUS_MODES,
  FPS_VALUES,
  HW_ENCODERS,
  QUALITIES,
  RESOLUTIONS,
  SHAPES,
  type OutputSettings,
} from './values';

/** One of the shapes (the same list everywhere); a project has one. */
export const ShapeSchema = z.enum(SHAPES, { error: `shape must be one of ${SHAPES.join(', ')}` });
export const ResolutionSchema = z.enum(RESOLUTIONS);
export const FpsSchema = z.literal(FPS_VALUES);
export const QualitySchema = z.enum(QUALITIES);
export const FitSchema = z.enum(FITS);
export const FocusModeSchema = z.enum(FOCUS_MODES);
export const HwEncoderSchema = z.enum(HW_ENCODERS);
export const EncoderSettingSchema = z.union([z.literal('auto'), z.literal('software'), HwEncoderSchema]);

/** The output settings of an export: what the creator picks, validated wherever it crosses a boundary. */
export const OutputSettingsSchema = z.object({
  aspect: ShapeSchema.default('16:9'),
  resolution: ResolutionSchema.default('1080p'),
  fps: FpsSchema.default(30),
  quality: QualitySchema.default('standard'),
  fit: FitSchema.default('crop'),
  focus: FocusModeSchema.default('subject'),
  encoder: EncoderSettingSchema.default('auto'),
}) satisfies z.ZodType<OutputSettings>;
export type OutputSettingsInput = z.input<typeof OutputSettingsSchema>;

/**
 * Only the output fields a caller names. Not OutputSettingsSchema.partial(): zod 4 still applies the
 * defaults inside .partial(), so `{ quality: 'draft' }` would reset resolution, fps and the rest.
 */
export const OutputSettingsPatch = z
  .object({
    aspect: ShapeSchema.optional(),
    resolution: ResolutionSchema.optional(),
    fps: FpsSchema.optional(),
    quality: QualitySchema.optional(),
    fit: FitSchema.optional(),
    focus: FocusModeSchema.optional(),
    encoder: EncoderSettingSchema.optional(),
  })
  .strict();
