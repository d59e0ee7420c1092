import type { PreviewManifest, PreviewPiece } from '../../../shared/contract';

/** A piece in a Media Source buffer: where it sits and which content it is. */
export interface Appended {
  key: string;
  startFrame: number;
  frames: number;
}

export type BufferName = 'video' | 'audio';

export interface RemoveOp {
  buffer: BufferName;
  startS: number;
  endS: number;
}

export interface AppendOp {
  buffer: BufferName;
  piece: PreviewPiece;
}

export interface AppendPlan {
  removes: RemoveOp[];
  appends: AppendOp[];
  /** What stays in each buffer once the removes are done. */
  kept: Record<BufferName, Appended[]>;
}

const slot = (p: Pick<Appended, 'key' | 'startFrame'>) => `${p.startFrame}:${p.key}`;

/**
 * What to change in the two buffers so they hold the manifest's ready pieces (pure).
 * A piece stays when the same content sits at the same place; anything else there is removed first.
 * Removal ranges stop half a frame short of their end: Media Source removes up to the next keyframe
 * after the range, and every piece starts on one, so the neighbour stays whole.
 * Appends go nearest the playhead first, the pieces after it before those behind it.
 */
export function planAppends(
  buffered: { video: readonly Appended[]; audio: readonly Appended[] },
  manifest: Pick<PreviewManifest, 'fps' | 'video' | 'audio'>,
  playheadS: number,
): AppendPlan {
  const { fps } = manifest;
  const removes: RemoveOp[] = [];
  const appends: AppendOp[] = [];
  const keptPieces: Record<BufferName, Appended[]> = { video: [], audio: [] };
  const plan = (buffer: BufferName, have: readonly Appended[], want: readonly PreviewPiece[]) => {
    const wanted = new Set(want.map(slot));
    const kept = new Set<string>();
    for (const piece of have) {
      if (wanted.has(slot(piece)) && !kept.has(slot(piece))) {
        kept.add(slot(piece));
        keptPieces[buffer].push(piece);
        continue;
      }
      removes.push({ buffer, startS: Math.max(0, (piece.startFrame - 0.5) / fps), endS: (piece.startFrame + piece.frames - 0.5) / fps });
    }
    for (const piece of want) {
      if (piece.state === 'ready' && piece.mediaId && !kept.has(slot(piece))) appends.push({ buffer, piece });
    }
  };
  plan('audio', buffered.audio, [manifest.audio]);
  plan('video', buffered.video, manifest.video);
  const distance = (p: PreviewPiece) => {
    const end = p.startS + p.durationS;
    if (p.kind === 'audio') return -1;
    if (playheadS < p.startS) return p.startS - playheadS;
    return playheadS >= end ? (playheadS - end) * 2 + 1e-6 : 0;
  };
  appends.sort((a, b) => distance(a.piece) - distance(b.piece));
  return { removes, appends, kept: keptPieces };
}

/** The ready piece (or the one not ready) at a time, for the player's messages. */
export function pieceAt(manifest: Pick<PreviewManifest, 'video'>, timeS: number): PreviewPiece | null {
  return manifest.video.find((p) => timeS >= p.startS - 1e-6 && timeS < p.startS + p.durationS - 1e-6) ?? manifest.video.at(-1) ?? null;
}
