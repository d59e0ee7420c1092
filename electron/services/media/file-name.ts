import { cleanName } from '../../../shared/clean-name';

/**
 * The name to show for a file: the last segment of a path (either separator, since a Windows path can
 * reach a POSIX bridge and back), without control, bidi or invisible characters (cleanName), at most
 * 200 characters (never cutting a character in two).
 */
export function displayName(raw: string): string {
  const last = raw.split(/[\\/]/).filter(Boolean).pop() ?? '';
  return cleanName([...cleanName(last)].slice(0, 200).join('')) || 'untitled';
}
