import { describe, expect, it } from 'vitest';
import type { ClipMeta } from '../../../electron/services/export/compile/clip-meta';
import { findFailingClip } from '../../../electron/services/export/compile/failing-clip';

const clips = ['/media/ab/one.mp4', '/media/cd/two.mp4', '/media/ef/three.mp4'].map(
  (p, i) => ({ path: p, label: `Clip ${i + 1}` }) as ClipMeta,
);
const banner = clips.map((c, i) => `Input #${i}, mov,mp4,m4a,3gp,3g2,mj2, from '${c.path}':\n  Duration: 00:00:05.00`).join('\n');

describe('findFailingClip', () => {
  it('does not blame a clip that is only named in the input banner', () => {
    const stderr = `${banner}\nStream mapping:\n[aost#0:1 @ 0x1] No space left on device\nConversion failed!`;
    expect(findFailingClip(stderr, clips)).toBeNull();
  });

  it('maps "Error while decoding stream #k" to the k-th clip input', () => {
    const stderr = `${banner}\n[h264 @ 0x2] error while decoding MB 6 0\nError while decoding stream #1:0: Invalid data found when processing input\nConversion failed!`;
    expect(findFailingClip(stderr, clips)?.label).toBe('Clip 2');
  });

  it('ignores a decoding error on an input past the clips (the music)', () => {
    expect(findFailingClip(`${banner}\nError while decoding stream #3:0: Invalid data`, clips)).toBeNull();
  });

  it('recognizes "<path>: error" and FFmpeg 6 "Error opening input file <path>"', () => {
    expect(findFailingClip(`${banner}\n${clips[2]!.path}: Invalid data found when processing input`, clips)?.label).toBe('Clip 3');
    expect(findFailingClip(`Error opening input file ${clips[0]!.path}.\nError opening input files: Invalid data`, clips)?.label).toBe('Clip 1');
  });
});
