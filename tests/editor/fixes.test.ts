import { describe, expect, it } from 'vitest';
import { StudioError } from '../../shared/contract/errors';
import { locateFfmpeg } from '../../electron/services/ffmpeg';
import { clipNamedIn, describeExportFailure, fixesForError, fixesForExport, fixesForJob } from '../../renderer/src/stores/fixes';

const labels = (fixes: Array<{ label: string }>) => fixes.map((f) => f.label);
const noop = () => {};
const exportActions = (clips: string[], log: string[] = []) => ({
  retry: () => log.push('retry'),
  regenerate: (id: string) => log.push(`regenerate ${id}`),
  remove: (id: string) => log.push(`remove ${id}`),
  hasClip: (id: string) => clips.includes(id),
});

/** The message the studio really gives when FFmpeg is missing (locateFfmpeg with a FFMPEG_PATH that is not there). */
async function ffmpegMissingMessage(): Promise<string> {
  const error = await locateFfmpeg({ env: { FFMPEG_PATH: '/nowhere/ffmpeg', PATH: '' }, resolveFfmpegStatic: () => null }).catch((e: Error) => e);
  if (!(error instanceof Error)) throw new Error('expected FFmpeg to be missing');
  return error.message;
}

describe('error toasts offer the fix', () => {
  it('sends a missing FFmpeg to the install help, from a call, an export and a generation job', async () => {
    const message = await ffmpegMissingMessage();
    expect(labels(fixesForError(new Error(message), noop))).toEqual(['How to install FFmpeg']);
    expect(labels(fixesForExport(message, exportActions([])))).toEqual(['How to install FFmpeg']);
    expect(labels(fixesForJob('FFMPEG_MISSING'))).toEqual(['How to install FFmpeg']);
  });

  it('offers a retry when the studio or the cloud was not reachable, and only when a retry was given', () => {
    const offline = new StudioError('UNAVAILABLE', 'The studio is not reachable. Is `npm run studio` still running?');
    const log: string[] = [];
    const [fix] = fixesForError(offline, () => log.push('again'));
    expect(fix?.label).toBe('Try again');
    fix!.run();
    expect(log).toEqual(['again']);
    expect(fixesForError(offline)).toEqual([]);
    // Bad input will fail the same way again: no retry.
    expect(fixesForError(new StudioError('INVALID_INPUT', 'volume must be 0-100'), noop)).toEqual([]);
  });

  it('sells credits or asks to sign in when the cloud refuses for that reason', () => {
    expect(labels(fixesForError(new StudioError('FORBIDDEN', 'This needs 1 credit. Buy more credits to go on.'), noop))).toEqual(['Buy credits']);
    expect(labels(fixesForError(new StudioError('FORBIDDEN', 'Your Echoes session has expired. Sign in again.'), noop))).toEqual(['Sign in']);
    expect(labels(fixesForJob('INSUFFICIENT_CREDITS'))).toEqual(['Buy credits']);
    expect(labels(fixesForJob('SIGNED_OUT'))).toEqual(['Sign in']);
    expect(fixesForJob('SAFETY.INPUT.IMAGE')).toEqual([]);
  });

  it('names the clip a failed export blames and offers to regenerate or remove it', () => {
    const message = 'Clip 2 (c-42) "/data/media/ab.mp4" cannot be read: Invalid data found when processing input';
    expect(clipNamedIn(message)).toEqual({ number: 2, clipId: 'c-42' });
    const log: string[] = [];
    const fixes = fixesForExport(message, exportActions(['c-41', 'c-42'], log));
    expect(labels(fixes)).toEqual(['Regenerate clip 2', 'Remove clip 2']);
    for (const fix of fixes) fix.run();
    expect(log).toEqual(['regenerate c-42', 'remove c-42']);
    expect(describeExportFailure(message, (id) => (id === 'c-42' ? 'beach.jpg' : null))).toBe('Clip 2 (beach.jpg) cannot be read: Invalid data found when processing input');
    expect(describeExportFailure(message, () => null)).toBe('Clip 2 cannot be read: Invalid data found when processing input');
    // A clip that is gone already, or a failure that names none: export again.
    expect(labels(fixesForExport(message, exportActions(['c-41'])))).toEqual(['Try again']);
    expect(labels(fixesForExport('FFmpeg failed (exit code 1): Conversion failed!', exportActions(['c-41'])))).toEqual(['Try again']);
  });
});
