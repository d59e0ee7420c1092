import { describe, expect, it } from 'vitest';
import type { PreviewManifest, PreviewPiece } from '../../shared/contract';
import { pieceAt, planAppends } from '../../renderer/src/preview/append-plan';
import { proxyDimensions } from '../../electron/services/preview/proxy-format';

const key = (c: string) => c.repeat(64);
const piece = (k: string, startFrame: number, frames: number, state: PreviewPiece['state'] = 'ready', kind: PreviewPiece['kind'] = 'body'): PreviewPiece => ({
  key: key(k),
  kind,
  clipId: null,
  startFrame,
  frames,
  startS: startFrame / 10,
  durationS: frames / 10,
  state,
  mediaId: state === 'ready' ? `${key(k)}.mp4` : null,
  error: null,
});
const manifest = (video: PreviewPiece[], audio = piece('f', 0, 100, 'ready', 'audio')): Pick<PreviewManifest, 'fps' | 'video' | 'audio'> => ({ fps: 10, video, audio });

describe('planAppends: what the Media Source buffers must change', () => {
  it('appends every ready piece of an empty buffer, the sound first, then outward from the playhead (a second behind counts as two ahead)', () => {
    const plan = planAppends({ video: [], audio: [] }, manifest([piece('a', 0, 30), piece('b', 30, 10), piece('c', 40, 30), piece('d', 70, 30)]), 4.5);
    expect(plan.removes).toEqual([]);
    expect(plan.appends.map((a) => `${a.buffer}:${a.piece.key[0]}`)).toEqual(['audio:f', 'video:c', 'video:b', 'video:d', 'video:a']);
  });

  it('keeps pieces whose content sits where it sat, removes the rest first, and skips pieces not ready', () => {
    const have = { video: [{ key: key('a'), startFrame: 0, frames: 30 }, { key: key('b'), startFrame: 30, frames: 10 }, { key: key('c'), startFrame: 40, frames: 30 }], audio: [{ key: key('f'), startFrame: 0, frames: 70 }] };
    // b changed (a new window), c moved 5 frames later (a trim before it), the sound changed.
    const plan = planAppends(have, manifest([piece('a', 0, 30), piece('x', 30, 15, 'rendering'), piece('c', 45, 30)], piece('g', 0, 75, 'ready', 'audio')), 0);
    expect(plan.kept.video.map((p) => p.key[0])).toEqual(['a']);
    expect(plan.removes).toEqual([
      { buffer: 'audio', startS: 0, endS: 6.95 },
      { buffer: 'video', startS: 2.95, endS: 3.95 },
      { buffer: 'video', startS: 3.95, endS: 6.95 },
    ]);
    expect(plan.appends.map((a) => a.piece.key[0])).toEqual(['g', 'c']);
  });

  it('a piece listed twice in the buffer is kept once and its double removed', () => {
    const have = { video: [{ key: key('a'), startFrame: 0, frames: 10 }, { key: key('a'), startFrame: 0, frames: 10 }], audio: [] };
    const plan = planAppends(have, manifest([piece('a', 0, 10)]), 0);
    expect(plan.kept.video).toHaveLength(1);
    expect(plan.removes.filter((r) => r.buffer === 'video')).toHaveLength(1);
  });

  it('finds the piece under a time, and the last one past the end', () => {
    const m = manifest([piece('a', 0, 30), piece('b', 30, 10), piece('c', 40, 30)]);
    expect(pieceAt(m, 0)?.key[0]).toBe('a');
    expect(pieceAt(m, 2.99)?.key[0]).toBe('a');
    expect(pieceAt(m, 3)?.key[0]).toBe('b');
    expect(pieceAt(m, 99)?.key[0]).toBe('c');
    expect(pieceAt(manifest([]), 1)).toBeNull();
  });
});

describe('proxyDimensions', () => {
  it('scales the longer side to the proxy size in even numbers, never up', () => {
    expect(proxyDimensions({ width: 1920, height: 1080 })).toEqual({ width: 640, height: 360 });
    expect(proxyDimensions({ width: 1080, height: 1920 })).toEqual({ width: 360, height: 640 });
    expect(proxyDimensions({ width: 1080, height: 1350 })).toEqual({ width: 512, height: 640 });
    expect(proxyDimensions({ width: 480, height: 270 })).toEqual({ width: 480, height: 270 });
    expect(proxyDimensions({ width: 1280, height: 720 }, 320)).toEqual({ width: 320, height: 180 });
  });
});
