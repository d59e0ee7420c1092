import { z } from 'zod';
import { FitSchema } from '../output';
import { MAX_ZOOM, type ClipFraming as ClipFramingShape } from '../framing';

const Fraction = z.number().min(0, 'must be 0-1').max(1, 'must be 0-1');
/** A point of a picture in fractions of its width and height, from the top-left corner. */
export const FocusPointSchema = z.object({ x: Fraction, y: Fraction });

/** A clip's own framing: fill (crop), fit over a blurred copy, fit on a colour; and the reframe view's crop box. */
export const ClipFramingSchema = z
  .object({
    fit: FitSchema,
    color: z.string().regex(/^#[0-9a-f]{6}$/i, 'colour must be #rrggbb').default('#000000'),
    box: z
      .object({ cx: Fraction, cy: Fraction, zoom: z.number().min(1, 'zoom must be at least 1').max(MAX_ZOOM, `zoom must be at most ${MAX_ZOOM}`) })
      .nullable()
      .default(null),
  })
  .strict() satisfies z.ZodType<ClipFramingShape, unknown>;
export type ClipFraming = z.infer<typeof ClipFramingSchema>;
