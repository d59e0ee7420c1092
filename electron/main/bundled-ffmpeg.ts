import nodePath from 'node:path';

/**
 * Where electron-builder's extraResources puts FFmpeg in a packaged app: <resources>/ffmpeg/ffmpeg(.exe)
 * (see electron-builder.yml; electron/build/verify-ffmpeg.ts checks it is there for the right CPU).
 */
export function bundledFfmpegPath(resourcesPath: string, platform: NodeJS.Platform, path: nodePath.PlatformPath = nodePath): string {
  return path.join(resourcesPath, 'ffmpeg', platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg');
}
