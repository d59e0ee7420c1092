import { lstat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';

/**
 * Why a path the creator picked cannot be read as their file, or null when it can. Paths must be
 * absolute (never resolved against the studio's working folder), and the file itself must not be
 * a symbolic link: a link can point anywhere on the machine, and what is imported can be read back
 * through the media routes. Every link is refused, wherever it points (folders above the file may
 * be links: that is where the creator chose to look).
 */
export async function userFileProblem(path: string): Promise<string | null> {
  if (path.includes('\0')) return 'the file name contains a character that is not allowed in file names';
  if (!isAbsolute(path)) return 'the file was not given with its full location';
  let info;
  try {
    info = await lstat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'the file no longer exists';
    if (code === 'EACCES' || code === 'EPERM') return 'the file cannot be read (permission denied)';
    return 'the file cannot be read';
  }
  if (info.isSymbolicLink()) return 'it is a link to another file; import the file itself';
  if (info.isDirectory()) return 'it is a folder, not a file';
  if (!info.isFile()) return 'it is not a regular file';
  return null;
}
