const byExtension: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
  gif: 'image/gif',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  opus: 'audio/ogg',
};

/** Content type of a media-store id by its extension (the store names files by what they are). */
export function contentTypeOf(id: string): string {
  const ext = id.slice(id.lastIndexOf('.') + 1).toLowerCase();
  return byExtension[ext] ?? 'application/octet-stream';
}
