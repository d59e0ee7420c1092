/** Most cloud thumbnails kept on this machine (about 15 kB each: some 60 MB). */
export const MAX_KEPT_THUMBS = 4000;

/**
 * The kept thumbnails (photo path -> media-store file) after adding `made`, the oldest dropped
 * beyond `max` (an object keeps its keys in insertion order; a thumbnail made again moves to the
 * end). `dropped` lists the files no kept entry uses any more, to delete.
 */
export function keepThumbs(
  kept: Readonly<Record<string, string>>,
  made: Readonly<Record<string, string>>,
  max = MAX_KEPT_THUMBS,
): { thumbs: Record<string, string>; dropped: string[] } {
  const entries = [...Object.entries(kept).filter(([path]) => !(path in made)), ...Object.entries(made)];
  const keep = entries.slice(Math.max(0, entries.length - max));
  const thumbs = Object.fromEntries(keep);
  const used = new Set(Object.values(thumbs));
  const dropped = [...new Set(entries.slice(0, entries.length - keep.length).map(([, file]) => file))].filter((file) => !used.has(file));
  return { thumbs, dropped };
}
