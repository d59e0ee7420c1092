import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';

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
