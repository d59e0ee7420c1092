import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planTargetPreparation } from '../../electron/build/prepare-target';

const root = '/repo';
const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;

describe('one platform and CPU per installer build', () => {
  it.each([
    ['dist:mac-arm64', 'darwin arm64', '--mac --arm64'],
    ['dist:mac-x64', 'darwin x64', '--mac --x64'],
    ['dist:win-x64', 'win32 x64', '--win --x64'],
    ['dist:win-arm64', 'win32 arm64', '--win --arm64'],
  ])('%s installs that CPU\'s natives, then packs that CPU alone', (name, target, flags) => {
    expect(scripts[name]).toBe(`tsx electron/build/prepare-target.ts ${target} && npm run dist -- ${flags}`);
  });

  it("installs sharp's package for the target, then downloads ffmpeg-static's FFmpeg for it", () => {
    const steps = planTargetPreparation(root, 'darwin', 'x64', undefined);
    expect(steps[0]).toMatchObject({ kind: 'run', command: 'npm', args: ['install', '--no-save', '--no-audit', '--no-fund', '--os=darwin', '--cpu=x64', 'sharp'] });
    expect(steps[1]).toEqual({ kind: 'remove', path: path.join(root, 'node_modules', 'ffmpeg-static', 'ffmpeg'), why: expect.any(String) });
    expect(steps[2]).toMatchObject({ kind: 'run', args: [path.join(root, 'node_modules', 'ffmpeg-static', 'install.js')], env: { npm_config_platform: 'darwin', npm_config_arch: 'x64' } });
    expect(planTargetPreparation(root, 'win32', 'x64', undefined)[1]).toMatchObject({ path: path.join(root, 'node_modules', 'ffmpeg-static', 'ffmpeg.exe') });
  });

  it('needs an arm64 FFmpeg for Windows arm64 (ffmpeg-static has none), and ships the one given', () => {
    expect(() => planTargetPreparation(root, 'win32', 'arm64', undefined)).toThrow(/ECHOES_FFMPEG_BINARY/);
    const steps = planTargetPreparation(root, 'win32', 'arm64', 'C:\\ffmpeg-arm64\\ffmpeg.exe');
    expect(steps.at(-1)).toEqual({ kind: 'copy', from: 'C:\\ffmpeg-arm64\\ffmpeg.exe', to: path.join(root, 'node_modules', 'ffmpeg-static', 'ffmpeg.exe'), why: expect.any(String) });
  });
});
