// The photo as Runway takes it: an HTTPS URL, or a data URI of at most 5 MB. A signed Storage
// URL of a hosted project is https and goes as it is; a local Supabase (supabase start, the
// tests) serves plain http, which Runway refuses, so the photo is read and sent inline instead.
import { ApiError } from './http.ts';

/** Runway's limit for a data URI. */
export const MAX_INLINE_IMAGE_BYTES = 5 * 1024 * 1024;

const TYPES: Array<[string, number[]]> = [
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['image/png', [0x89, 0x50, 0x4e, 0x47]],
  ['image/webp', [0x52, 0x49, 0x46, 0x46]],
];

export function imageType(bytes: Uint8Array): string | undefined {
  return TYPES.find(([, magic]) => magic.every((v, i) => bytes[i] === v))?.[0];
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const unusable = (why: string) => new ApiError(422, 'image_unusable', `The photo for this clip cannot be sent to the AI service (${why}). Your credit was refunded.`);

export async function promptImageFor(signedUrl: string, fetchFn: typeof fetch): Promise<string> {
  if (new URL(signedUrl).protocol === 'https:') return signedUrl;
  const res = await fetchFn(signedUrl);
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw unusable(`storage answered ${res.status}`);
  }
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes.byteLength > MAX_INLINE_IMAGE_BYTES) throw unusable('over 5 MB');
  const type = imageType(bytes);
  if (!type) throw unusable('not a JPEG, PNG or WebP');
  return `data:${type};base64,${base64(bytes)}`;
}
