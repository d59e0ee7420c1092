import nodePath from 'node:path';

/** Content types of the built renderer's files (both transports serve them). */
export const RENDERER_CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * The file of the built renderer (under `root`) a URL path names, or null when it names none: bad
 * percent-encoding, a NUL byte, or a path that leaves root however it is spelled (../, %2e%2e, %2f,
 * backslashes, drive letters). Paths without an extension are the single-page app's routes:
 * index.html. `path` is injectable so Windows rules are tested on any OS.
 */
export function rendererFileFor(root: string, rawPathname: string, path: nodePath.PlatformPath = nodePath): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const base = path.resolve(root);
  const relative = path.normalize(decoded).replace(/^[/\\]+/, '');
  const file = path.resolve(base, relative || 'index.html');
  if (!file.startsWith(base + path.sep)) return null;
  return path.extname(file) ? file : path.join(base, 'index.html');
}
