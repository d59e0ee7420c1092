import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bundledFfmpegPath } from '../../electron/main/bundled-ffmpeg';
import { asarUnpackedPath, findOnPath, locateFfmpeg, setBundledFfmpegPath } from '../../electron/services/ffmpeg/locate';
import { useTempDir } from '../support/temp-dir';

const tempDir = useTempDir('echoes-bundled-ffmpeg-');
const systemFfmpeg = findOnPath('ffmpeg', process.env, process.platform);
const noStatic = () => null;

afterEach(() => setBundledFfmpegPath(null));

describe('asar-unpacked path fix', () => {
  it.each([
    ['/Applications/Echoes Studio.app/Contents/Resources/app.asar/node_modules/ffmpeg-static/ffmpeg', '/Applications/Echoes Studio.app/Contents/Resources/app.asar.unpacked/node_modules/ffmpeg-static/ffmpeg'],
    ['/opt/Echoes/resources/app.asar/node_modules/x/bin', '/opt/Echoes/resources/app.asar.unpacked/node_modules/x/bin'],
    // already unpacked, not inside an archive, or a folder that merely ends in app.asar: unchanged
    ['/opt/Echoes/resources/app.asar.unpacked/node_modules/x/bin', '/opt/Echoes/resources/app.asar.unpacked/node_modules/x/bin'],
    ['/work/main/node_modules/ffmpeg-static/ffmpeg', '/work/main/node_modules/ffmpeg-static/ffmpeg'],
    ['/srv/myapp.asar/node_modules/x', '/srv/myapp.asar/node_modules/x'],
  ])('%s', (input, expected) => {
    expect(asarUnpackedPath(input, '/')).toBe(expected);
  });

  it('uses Windows separators on Windows', () => {
    expect(asarUnpackedPath('C:\\Program Files\\Echoes\\resources\\app.asar\\node_modules\\ffmpeg-static\\ffmpeg.exe', '\\')).toBe(
      'C:\\Program Files\\Echoes\\resources\\app.asar.unpacked\\node_modules\\ffmpeg-static\\ffmpeg.exe',
    );
    expect(asarUnpackedPath('C:\\a\\app.asar\\x', '/')).toBe('C:\\a\\app.asar\\x');
  });
});

describe('bundled FFmpeg in the packaged app', () => {
  it('lives in <resources>/ffmpeg, named for the platform', () => {
    expect(bundledFfmpegPath('/Applications/Echoes Studio.app/Contents/Resources', 'darwin', path.posix)).toBe('/Applications/Echoes Studio.app/Contents/Resources/ffmpeg/ffmpeg');
    expect(bundledFfmpegPath('/opt/Echoes Studio/resources', 'linux', path.posix)).toBe('/opt/Echoes Studio/resources/ffmpeg/ffmpeg');
    expect(bundledFfmpegPath('C:\\Program Files\\Echoes Studio\\resources', 'win32', path.win32)).toBe('C:\\Program Files\\Echoes Studio\\resources\\ffmpeg\\ffmpeg.exe');
  });

  describe.skipIf(!systemFfmpeg)('resolution order: FFMPEG_PATH, bundled binary, ffmpeg on PATH (skipped without ffmpeg on PATH)', () => {
    const ffmpeg = systemFfmpeg!;
    const pathEnv = { PATH: path.dirname(ffmpeg) };

    it('takes the bundled binary before ffmpeg on PATH', async () => {
      const found = await locateFfmpeg({ env: pathEnv, bundledPath: ffmpeg, resolveFfmpegStatic: noStatic });
      expect(found).toMatchObject({ source: 'bundled', ffmpegPath: ffmpeg });
    });

    it('uses the path the shell set with setBundledFfmpegPath when a call names none', async () => {
      setBundledFfmpegPath(ffmpeg);
      expect(await locateFfmpeg({ env: { PATH: '' }, resolveFfmpegStatic: noStatic })).toMatchObject({ source: 'bundled', ffmpegPath: ffmpeg });
      setBundledFfmpegPath(null);
      await expect(locateFfmpeg({ env: { PATH: '' }, resolveFfmpegStatic: noStatic })).rejects.toThrow(/FFmpeg was not found/);
    });

    it('lets FFMPEG_PATH win over the bundled binary', async () => {
      const bogus = path.join(tempDir(), 'ffmpeg');
      const found = await locateFfmpeg({ env: { ...pathEnv, FFMPEG_PATH: ffmpeg }, bundledPath: bogus, resolveFfmpegStatic: noStatic });
      expect(found.source).toBe('FFMPEG_PATH');
    });

    it('falls back to PATH when the bundled binary is missing or not executable', async () => {
      const dir = tempDir();
      expect((await locateFfmpeg({ env: pathEnv, bundledPath: path.join(dir, 'missing'), resolveFfmpegStatic: noStatic })).source).toBe('PATH');
      const broken = path.join(dir, 'ffmpeg');
      writeFileSync(broken, '#!/bin/sh\nexit 3\n');
      chmodSync(broken, 0o755);
      expect((await locateFfmpeg({ env: pathEnv, bundledPath: broken, resolveFfmpegStatic: noStatic })).source).toBe('PATH');
      await expect(locateFfmpeg({ env: { PATH: '' }, bundledPath: broken, resolveFfmpegStatic: noStatic })).rejects.toThrow(/bundled: ".*ffmpeg" exited with code 3/);
    });
  });
});
