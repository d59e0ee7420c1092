// Issue 23, fault 2: a "music file" that is really a playlist or a script must not make FFmpeg
// read the files it names, whether it arrives by path, by upload, or straight at the engine.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../electron/bridge/server';
import { CompileInputError, compileTimeline } from '../../electron/services/export/compile';
import { locateFfmpeg, MediaProbeError, probeMedia } from '../../electron/services/ffmpeg';
import type { Studio } from '../../electron/services/studio';
import { uploadMusic } from '../../renderer/src/transport/upload';
import { makeTestAudio, makeTestClip } from '../support/ffmpeg-fixtures';
import { useTempDir } from '../support/temp-dir';
import { call, closedAfterEach, openStudio } from '../generate/support/studio';

const tempDir = useTempDir('echoes-hostile-music-');
const studios = closedAfterEach();
let bridge: Bridge | null = null;
afterEach(async () => {
  await bridge?.close();
  bridge = null;
});

let secret = '';
let hostile: Record<string, string> = {};
let filesDir = '';
beforeAll(async () => {
  const dir = (filesDir = mkdtempSync(join(tmpdir(), 'echoes-hostile-music-files-')));
  // A local file the creator never chose (raw ADTS AAC: the HLS demuxer plays it as a segment).
  secret = join(dir, 'secret.aac');
  await makeTestAudio(secret, { durationS: 2, kind: 'sine', frequency: 880 });
  const put = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  hostile = {
    'song.mp3': put('song.mp3', `#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:2,\n${secret}\n#EXT-X-ENDLIST\n`),
    'bom-song.m4a': put('bom-song.m4a', `\ufeff#EXTM3U\n#EXTINF:2,\n${secret}\n`),
    'list.flac': put('list.flac', `ffconcat version 1.0\nfile '${secret}'\n`),
    'bare-list.ogg': put('bare-list.ogg', `file ${secret}\n`),
    'radio.wav': put('radio.wav', `[playlist]\nFile1=${secret}\nNumberOfEntries=1\n`),
    'notes.mp3': put('notes.mp3', 'la la la, the words of my song\n'),
  };
}, 60_000);
afterAll(() => rmSync(filesDir, { recursive: true, force: true }));

const POINTS = ' (a text file that points at other files)';
const what: Record<string, string> = {
  'song.mp3': `a playlist${POINTS}`,
  'bom-song.m4a': `a playlist${POINTS}`,
  'list.flac': `a concat script${POINTS}`,
  'bare-list.ogg': `a concat script${POINTS}`,
  'radio.wav': `a playlist${POINTS}`,
  'notes.mp3': 'a text file',
};

describe('music.importPath', () => {
  it.each(['song.mp3', 'bom-song.m4a', 'list.flac', 'bare-list.ogg', 'radio.wav', 'notes.mp3'])('refuses %s, naming what it is', async (name) => {
    const studio = openStudio(tempDir());
    studios.push(studio);
    await expect(call(studio, 'music.importPath', { path: hostile[name]! })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: `${name}: not an audio file: it is ${what[name]}, whatever its name says`,
    });
    expect(readdirSync(join(studio.media.store.root, '.tmp'))).toEqual([]);
  });

  it('still takes real audio in every allowed container', async () => {
    const studio = openStudio(tempDir());
    studios.push(studio);
    const dir = tempDir();
    for (const name of ['a.m4a', 'b.mp3', 'c.wav', 'd.flac', 'e.ogg']) {
      const file = await makeTestAudio(join(dir, name), { durationS: 1 });
      await expect(call(studio, 'music.importPath', { path: file })).resolves.toMatchObject({ name });
    }
  });
});

describe('the bridge upload', () => {
  it('refuses a playlist uploaded as song.mp3 and keeps nothing', async () => {
    const studio: Studio = openStudio(tempDir());
    studios.push(studio);
    const staticDir = tempDir();
    bridge = await startBridge({ studio, staticDir, token: 'music-token' });
    const file = new File([new Uint8Array(readFileSync(hostile['song.mp3']!))], 'song.mp3');
    await expect(uploadMusic(file, { token: 'music-token', baseUrl: bridge.url })).rejects.toThrow(
      'song.mp3: not an audio file: it is a playlist (a text file that points at other files), whatever its name says',
    );
    expect(readdirSync(join(studio.media.store.root, '.tmp'))).toEqual([]);
  });
});

describe('FFmpeg itself (a playlist that got past the checks, e.g. in UTF-16 or already stored)', () => {
  it('probing reads it with the allowed demuxers only, so it is not media', async () => {
    const { ffmpegPath } = await locateFfmpeg();
    const stored = join(tempDir(), 'abc.mp3');
    copyFileSync(hostile['song.mp3']!, stored);
    await expect(probeMedia(ffmpegPath, stored)).rejects.toBeInstanceOf(MediaProbeError);
  });

  it('an export with it as music fails instead of carrying the listed file', async () => {
    const dir = tempDir();
    const clip = await makeTestClip(join(dir, 'clip.mp4'), { durationS: 1 });
    const music = join(dir, 'music.mp3');
    copyFileSync(hostile['song.mp3']!, music);
    await expect(
      compileTimeline({ timeline: { clips: [{ path: clip }], music: { path: music } }, output: { resolution: '720p', quality: 'draft', encoder: 'software' }, outputPath: join(dir, 'out.mp4') }),
    ).rejects.toBeInstanceOf(CompileInputError);
  });
});
