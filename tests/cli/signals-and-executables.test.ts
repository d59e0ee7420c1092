import { EventEmitter } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { handleStopSignals, STOP_SIGNALS } from '../../electron/cli/signals';
import { findOnPath, locateFfmpeg, windowsScriptsOnPath } from '../../electron/services/ffmpeg/locate';
import { useTempDir } from '../support/temp-dir';

const tempDir = useTempDir('echoes-cli-os-');

describe('stop signals', () => {
  it.each(STOP_SIGNALS)('%s cancels the render the first time and stops at once the second', (name) => {
    // The process as the OS drives it: an emitter of signal events.
    const os = new EventEmitter();
    const controller = new AbortController();
    const stoppedBy: string[] = [];
    handleStopSignals(os, controller, (signal) => stoppedBy.push(signal));
    os.emit(name, name);
    expect(controller.signal.aborted).toBe(true);
    expect(stoppedBy).toEqual([]);
    os.emit(name, name);
    expect(stoppedBy).toEqual([name]);
  });

  it('covers Ctrl+C, kill, a closed console and Ctrl+Break', () => {
    expect([...STOP_SIGNALS].sort()).toEqual(['SIGBREAK', 'SIGHUP', 'SIGINT', 'SIGTERM']);
  });
});

describe('only real executables are spawned', () => {
  /** A Windows PATH where a package manager's ffmpeg.cmd shim comes first. */
  function windowsPath(withExe: boolean) {
    const dir = tempDir();
    const shims = join(dir, 'shims');
    const bin = join(dir, 'bin');
    mkdirSync(shims);
    mkdirSync(bin);
    writeFileSync(join(shims, 'ffmpeg.cmd'), '@"%~dp0\\..\\apps\\ffmpeg\\bin\\ffmpeg.exe" %*\r\n');
    if (withExe) writeFileSync(join(bin, 'ffmpeg.exe'), 'MZ');
    return { shims, bin, env: { PATH: `${shims};${bin}`, PATHEXT: '.COM;.EXE;.BAT;.CMD' } };
  }

  it('skips a .cmd shim on PATH for the real ffmpeg.exe after it', () => {
    const { bin, shims, env } = windowsPath(true);
    expect(findOnPath('ffmpeg', env, 'win32')).toBe(join(bin, 'ffmpeg.exe'));
    expect(windowsScriptsOnPath('ffmpeg', env, 'win32')).toEqual([join(shims, 'ffmpeg.cmd')]);
  });

  it('says why when only a shim is there, or FFMPEG_PATH names one', async () => {
    const { env } = windowsPath(false);
    expect(findOnPath('ffmpeg', env, 'win32')).toBeNull();
    await expect(locateFfmpeg({ env, platform: 'win32', bundledPath: null, resolveFfmpegStatic: () => null })).rejects.toThrow(
      /ffmpeg\.cmd" skipped\. A \.cmd or \.bat script cannot be started without a shell; set FFMPEG_PATH to the ffmpeg\.exe it runs/,
    );
    await expect(locateFfmpeg({ env: { FFMPEG_PATH: 'C:\\tools\\ffmpeg.bat' }, platform: 'win32' })).rejects.toThrow(
      /FFMPEG_PATH is set to "C:\\tools\\ffmpeg\.bat"\. A \.cmd or \.bat script cannot be started/,
    );
  });
});
