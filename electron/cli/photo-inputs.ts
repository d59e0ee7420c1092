import { readdir, stat } from 'node:fs/promises';
import { extname, join, relative, resolve } from 'node:path';
import { glob } from 'tinyglobby';

/** Names a folder's photos go by; files named on the command line are imported whatever their name (the importer checks content). */
const PHOTO_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.heic', '.heif', '.avif']);

export interface ExpandedInputs {
  /** Absolute paths in render order: arguments in the order given, a folder's photos by natural name order. */
  files: string[];
  /** Arguments that do not exist or cannot be read, with the reason. */
  missing: { input: string; reason: string }[];
  /** Folder entries left out because their name is not a photo's (LICENSE.md, .DS_Store, ...). */
  skipped: string[];
}

const naturalOrder = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export async function expandPhotoInputs(inputs: readonly string[], cwd = process.cwd()): Promise<ExpandedInputs> {
  const result: ExpandedInputs = { files: [], missing: [], skipped: [] };
  const seen = new Set<string>();
  const add = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    result.files.push(file);
  };
  for (const input of inputs) {
    const absolute = resolve(cwd, input);
    let info;
    try {
      info = await stat(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && isWildcard(input)) {
        const matches = await expandWildcard(input, cwd);
        if (matches.length === 0) result.missing.push({ input, reason: 'no file matches' });
        for (const file of matches) {
          if (PHOTO_EXTENSIONS.has(extname(file).toLowerCase())) add(file);
          else result.skipped.push(relative(cwd, file));
        }
        continue;
      }
      result.missing.push({ input, reason: code === 'ENOENT' ? 'no such file or folder' : `cannot be read (${code ?? 'error'})` });
      continue;
    }
    if (!info.isDirectory()) {
      add(absolute);
      continue;
    }
    const entries = await readdir(absolute, { withFileTypes: true });
    const names = entries
      .filter((e) => e.isFile() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort(naturalOrder.compare);
    for (const name of names) {
      if (PHOTO_EXTENSIONS.has(extname(name).toLowerCase())) add(join(absolute, name));
      else result.skipped.push(join(input, name));
    }
  }
  return result;
}

/** `*`, `?` or `[...]` in an argument that names no file as it stands. */
function isWildcard(input: string): boolean {
  return /[*?[]/.test(input);
}

/**
 * Expands a wildcard the shell left alone. cmd and PowerShell pass `photos\*.jpg` through as is
 * (and a quoted pattern reaches us on every OS), so the CLI expands it itself: `\` counts as a
 * folder separator in a pattern (Windows' own), the folders before the first wildcard are taken
 * literally, and the matches are files in natural name order, hidden ones left out.
 */
export async function expandWildcard(pattern: string, cwd = process.cwd()): Promise<string[]> {
  const parts = pattern.replace(/\\/g, '/').split('/');
  const firstWild = parts.findIndex((part) => isWildcard(part));
  const base = parts.slice(0, firstWild).join('/');
  // `C:` alone would mean the current folder of drive C: the slash makes it the drive's root.
  const root = resolve(cwd, firstWild === 0 ? '.' : `${base}/`);
  const rest = parts.slice(firstWild).join('/');
  const found = await glob(rest, { cwd: root, absolute: true, onlyFiles: true, dot: false, expandDirectories: false, caseSensitiveMatch: process.platform !== 'win32' });
  return found.map((file) => resolve(file)).sort(naturalOrder.compare);
}
