// Private Storage, as the functions need it: short-lived signed URLs (batched) and uploads.
// The adapter wraps supabase-js' storage client (service role); the tests drive the same
// adapter against a local fake of the Storage API.

export interface Storage {
  createSignedUrl(bucket: string, path: string, expiresInSeconds: number): Promise<string>;
  /** One request for many paths; a path that cannot be signed maps to null. */
  createSignedUrls(bucket: string, paths: string[], expiresInSeconds: number): Promise<Map<string, string | null>>;
  upload(bucket: string, path: string, body: Uint8Array, contentType: string): Promise<void>;
  /** Deletes objects; a path that is not there is not an error (Storage answers the ones it removed). */
  remove(bucket: string, paths: string[]): Promise<void>;
  /** A URL the app PUTs one file to without further authentication (Storage: valid 2 hours). */
  createSignedUploadUrl(bucket: string, path: string): Promise<{ signedUrl: string; token: string; path: string }>;
}

/** The part of supabase-js' StorageClient used here. */
export interface SupabaseStorageLike {
  storage: {
    from(bucket: string): {
      createSignedUrl(path: string, expiresIn: number): Promise<{ data: { signedUrl: string } | null; error: unknown }>;
      createSignedUrls(
        paths: string[],
        expiresIn: number,
      ): Promise<{ data: Array<{ path: string | null; signedUrl: string | null; error: string | null }> | null; error: unknown }>;
      upload(
        path: string,
        body: Uint8Array | ArrayBuffer | Blob,
        options: { contentType: string; upsert: boolean },
      ): Promise<{ data: unknown; error: unknown }>;
      remove(paths: string[]): Promise<{ data: unknown; error: unknown }>;
      createSignedUploadUrl(path: string, options?: { upsert: boolean }): Promise<{ data: { signedUrl: string; token: string; path: string } | null; error: unknown }>;
    };
  };
}

export class StorageError extends Error {
  constructor(
    message: string,
    readonly notFound: boolean,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

function describe(error: unknown): { message: string; notFound: boolean } {
  const e = error as { message?: string; statusCode?: string | number; status?: number } | null;
  const status = Number(e?.statusCode ?? e?.status ?? 0);
  const message = e?.message ?? String(error);
  return { message, notFound: status === 404 || /not.?found/i.test(message) };
}

export function supabaseStorage(client: SupabaseStorageLike): Storage {
  return {
    async createSignedUrl(bucket, path, expiresIn) {
      const { data, error } = await client.storage.from(bucket).createSignedUrl(path, expiresIn);
      if (error || !data) {
        const d = describe(error);
        throw new StorageError(`signing ${bucket}/${path}: ${d.message}`, d.notFound);
      }
      return data.signedUrl;
    },
    async createSignedUrls(bucket, paths, expiresIn) {
      const out = new Map<string, string | null>();
      if (paths.length === 0) return out;
      const { data, error } = await client.storage.from(bucket).createSignedUrls(paths, expiresIn);
      if (error || !data) throw new StorageError(`signing ${paths.length} paths in ${bucket}: ${describe(error).message}`, false);
      for (const item of data) if (item.path) out.set(item.path, item.error ? null : item.signedUrl);
      for (const p of paths) if (!out.has(p)) out.set(p, null);
      return out;
    },
    async upload(bucket, path, body, contentType) {
      const { error } = await client.storage.from(bucket).upload(path, body, { contentType, upsert: true });
      if (error) throw new StorageError(`uploading ${bucket}/${path}: ${describe(error).message}`, false);
    },
    async remove(bucket, paths) {
      if (paths.length === 0) return;
      const { error } = await client.storage.from(bucket).remove(paths);
      if (error) throw new StorageError(`removing ${paths.length} objects from ${bucket}: ${describe(error).message}`, false);
    },
    async createSignedUploadUrl(bucket, path) {
      const { data, error } = await client.storage.from(bucket).createSignedUploadUrl(path, { upsert: true });
      if (error || !data) throw new StorageError(`signing an upload to ${bucket}/${path}: ${describe(error).message}`, false);
      return { signedUrl: data.signedUrl, token: data.token, path: data.path };
    },
  };
}
