/**
 * The name to show for a file: the last segment of a path (either separator, since a Windows path can
 * reach a POSIX bridge and back), without control characters, at most 200 characters.
 */
export function displayName(raw: string): string {
  const last = raw.split(/[\\/]/).filter(Boolean).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = last.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean.slice(0, 200) || 'untitled';
}
