import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clearFfmpegLocationCache, locateFfmpeg } from '../../electron/services/ffmpeg';
import type { Studio } from '../../electron/services/studio';
import { useTempDir } from '../support/temp-dir';
import { call, openStudio } from '../generate/support/studio';
import { approvedProject, exportFinished } from './support';

const tempDir = useTempDir('echoes-editor-');
let studio: Studio | null = null;
const savedFfmpegPath = process.env.FFMPEG_PATH;

afterEach(async () => {
  await studio?.exports.stop();
  studio?.close();
  studio = null;
  if (savedFfmpegPath === undefined) delete process.env.FFMPEG_PATH;
  else process.env.FFMPEG_PATH = savedFfmpegPath;
  clearFfmpegLocationCache();
});

describe('bundled music preview', () => {
  it('puts a bundled track into the media store and names it by a media id the player can load', async () => {
    studio = openStudio(tempDir());
    const { mediaId } = await call(studio, 'music.preview', { trackId: 'sunrise' });
    expect(mediaId).toMatch(/^[0-9a-f]{64}\.m4a$/);
    const stored = studio.media.store.path(mediaId);
    expect(readFileSync(stored).equals(readFileSync(join('resources', 'music', 'sunrise.m4a')))).toBe(true);
    // Content-addressed: asking again stores nothing new.
    expect(await call(studio, 'music.preview', { trackId: 'sunrise' })).toEqual({ mediaId });
    // Clearing the cache does not take a preview away from a panel that shows it.
    await call(studio, 'system.clearCache', {});
    expect(existsSync(stored)).toBe(true);
  });

  it('names the tracks there are when asked for one that is not bundled', async () => {
    studio = openStudio(tempDir());
    await expect(call(studio, 'music.preview', { trackId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('drift') });
    await expect(call(studio, 'music.preview', { trackId: '../etc/passwd' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('export failure messages', () => {
  it('says "FFmpeg failed" once when FFmpeg exits with an error during the encode', async () => {
    studio = openStudio(tempDir());
    const { projectId } = await approvedProject(studio, tempDir(), 2);
    await call(studio, 'timeline.update', { projectId, output: { resolution: '720p', quality: 'draft' } });

    // The real FFmpeg for everything (version check, probing), except the encode, which fails as a
    // broken encoder would: the studio's own code runs unchanged.
    const real = (await locateFfmpeg()).ffmpegPath;
    const wrapper = join(tempDir(), 'ffmpeg');
    writeFileSync(
      wrapper,
      `#!/bin/sh
for arg in "$@"; do
  case "$arg" in
    -filter_complex|-filter_complex_script|-/filter_complex)
      echo "[vost#0:0/libx264] Error while opening encoder - maybe incorrect parameters such as bit_rate, rate, width or height" >&2
      echo "Conversion failed!" >&2
      exit 1;;
  esac
done
exec "${real}" "$@"
`,
    );
    chmodSync(wrapper, 0o755);
    process.env.FFMPEG_PATH = wrapper;
    clearFfmpegLocationCache();

    const started = await call(studio, 'exports.start', { projectId });
    const done = await exportFinished(studio, started.id);
    expect(done.state).toBe('failed');
    expect(done.message).toMatch(/^FFmpeg failed \(exit code 1\): .*Error while opening encoder/);
    expect(done.message.match(/FFmpeg failed/g)).toHaveLength(1);
    // What the editor shows after a reload is the same message.
    expect((await call(studio, 'editor.open', { projectId })).exports[0]).toMatchObject({ id: started.id, state: 'failed', message: done.message });
  });
});
