import { z } from 'zod';
import {
  CARD_SECONDS,
  cleanText,
  DEFAULT_CAPTION_LOOK,
  MAX_RAW_TEXT_CHARS,
  TEXT_LIMITS,
  TEXT_POSITIONS,
  TEXT_SIZES,
  TEXT_STYLES,
  type ProjectText,
  type TextCard,
  type TextLook,
} from '../text';

/**
 * Text as it crosses a boundary: any string up to MAX_RAW_TEXT_CHARS is accepted and cleaned and cut
 * by the one rule (shared/text.ts cleanText), so what is stored is what the video shows; an empty
 * result (only spaces or control characters) means no text.
 */
const textOf = (maxChars: number) =>
  z
    .string()
    .max(MAX_RAW_TEXT_CHARS, `text is limited to ${MAX_RAW_TEXT_CHARS} characters`)
    .transform((raw) => cleanText(raw, maxChars));

export const TitleText = textOf(TEXT_LIMITS.titleChars);
/** A caption; null (or only spaces) removes it. */
export const CaptionText = textOf(TEXT_LIMITS.captionChars)
  .nullable()
  .transform((t) => (t ? t : null));

export const HexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is #rrggbb').transform((c) => c.toLowerCase());

export const TextLookSchema = z
  .object({
    style: z.enum(TEXT_STYLES),
    size: z.enum(TEXT_SIZES).default('medium'),
    color: HexColor.default('#ffffff'),
    position: z.enum(TEXT_POSITIONS).nullable().default(null),
  })
  .strict() satisfies z.ZodType<TextLook, unknown>;

export const TextCardSchema = z
  .object({
    text: TitleText,
    look: TextLookSchema,
    background: z.enum(['clip', 'color']).default('clip'),
    color: HexColor.default('#101418'),
    durationS: z.number().min(CARD_SECONDS.min).max(CARD_SECONDS.max).default(CARD_SECONDS.default),
  })
  .strict() satisfies z.ZodType<TextCard, unknown>;

export const ProjectTextSchema = z.object({
  title: TextCardSchema.nullable().default(null),
  endCard: TextCardSchema.nullable().default(null),
  captionLook: TextLookSchema.default(DEFAULT_CAPTION_LOOK),
}) satisfies z.ZodType<ProjectText, unknown>;
