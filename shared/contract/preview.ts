import { z } from 'zod';
import { defineMethods } from './define';
import { ClipId, MediaId, ProjectId } from './ids';

export const PreviewPieceState = z.enum(['ready', 'queued', 'rendering', 'failed']);
export type PreviewPieceState = z.infer<typeof PreviewPieceState>;

/** A rendered piece of the edit: a clip's body, a transition window, or the whole sound. */
export const PreviewPiece = z.object({
  /** Content key: the same key is the same frames (or sound). */
  key: z.string().regex(/^[0-9a-f]{64}$/),
  kind: z.enum(['body', 'transition', 'audio']),
  /** The clip (body), the clip before the boundary (transition); null for the audio. */
  clipId: ClipId.nullable(),
  startFrame: z.number().int().nonnegative(),
  frames: z.number().int().positive(),
  startS: z.number().nonnegative(),
  durationS: z.number().positive(),
  state: PreviewPieceState,
  /** The piece's file (fragmented MP4) once ready: fetched like any media. */
  mediaId: MediaId.nullable(),
  /** Why the piece could not be made (shown over its part of the player); null otherwise. */
  error: z.string().nullable(),
});
export type PreviewPiece = z.infer<typeof PreviewPiece>;

/**
 * The edit as the export will make it, at a proxy size, in pieces that play as they become ready.
 * Every number here comes from the export's own frame plan, so the player's duration is the file's.
 */
export const PreviewManifest = z.object({
  projectId: ProjectId,
  fps: z.number().positive(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  totalFrames: z.number().int().positive(),
  durationS: z.number().positive(),
  /** Media Source types of the pieces (every video piece shares one, so they join in one buffer). */
  videoMime: z.string(),
  audioMime: z.string(),
  video: z.array(PreviewPiece),
  audio: PreviewPiece,
});
export type PreviewManifest = z.infer<typeof PreviewManifest>;

export const PreviewPieceUpdate = z.object({
  projectId: ProjectId,
  key: PreviewPiece.shape.key,
  state: PreviewPieceState,
  mediaId: MediaId.nullable(),
  error: z.string().nullable(),
});
export type PreviewPieceUpdate = z.infer<typeof PreviewPieceUpdate>;

export const previewMethods = defineMethods({
  /**
   * Plans the project's preview and renders the pieces it lacks in the background, nearest to
   * `focusS` first (each one announced by a `preview.piece` event). Call it again after an edit or a
   * seek: only pieces whose inputs changed are rendered again. Null when nothing is on the timeline.
   */
  'preview.open': {
    input: z.object({ projectId: ProjectId, focusS: z.number().min(0).max(86_400).optional() }).strict(),
    output: PreviewManifest.nullable(),
  },
});
