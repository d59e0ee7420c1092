import sharp from 'sharp';

let configured = false;

/**
 * Process-wide sharp settings for batch import: no operation cache (every photo is decoded once, so
 * the cache only holds memory) and one libvips thread per image, since the importer already runs
 * images side by side. Together they keep 50 x 12 MP well under 600 MB RSS.
 */
export function configureSharp(): void {
  if (configured) return;
  configured = true;
  sharp.cache(false);
  sharp.concurrency(1);
}
