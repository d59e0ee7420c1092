import type { ImportBatchResult, ImportErrorCode, ImportFileResult } from '../../../shared/contract/media';
import type { CallResult } from '../../../shared/contract/errors';

export interface UploadOptions {
  /** The bridge's per-run token. */
  token: string;
  /** '' (same origin) in the browser; the bridge's URL elsewhere. */
  baseUrl?: string;
  signal?: AbortSignal;
  /** Called as each file's result arrives, so clip cards can appear one by one. */
  onResult?(result: ImportFileResult): void;
  fetch?: typeof fetch;
}

function failed(index: number, file: string, code: ImportErrorCode, reason: string): ImportFileResult {
  return { index, file, ok: false, error: { code, message: reason.startsWith(`${file}:`) ? reason : `${file}: ${reason}` } };
}

async function uploadOne(projectId: string, file: File, index: number, options: UploadOptions): Promise<ImportFileResult> {
  const query = new URLSearchParams({ projectId, name: file.name });
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(`${options.baseUrl ?? ''}/api/upload?${query}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${options.token}`, 'Content-Type': 'application/octet-stream' },
      body: file,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch {
    return failed(index, file.name, 'FAILED', options.signal?.aborted ? 'the upload was cancelled' : 'the studio is not reachable');
  }
  let body: CallResult<ImportBatchResult>;
  try {
    body = (await response.json()) as CallResult<ImportBatchResult>;
  } catch {
    return failed(index, file.name, 'FAILED', `the studio answered ${response.status} without a result`);
  }
  if (!body.ok) return failed(index, file.name, response.status === 413 ? 'TOO_LARGE' : 'FAILED', body.error.message);
  const [result] = body.value.results;
  return result ? { ...result, index } : failed(index, file.name, 'FAILED', 'the studio returned no result');
}

/**
 * Imports File objects over the bridge, one request per file in order (so clips keep the files'
 * order), and returns one result per file. Never throws for a file's failure.
 */
export async function uploadFiles(projectId: string, files: readonly File[], options: UploadOptions): Promise<ImportFileResult[]> {
  const results: ImportFileResult[] = [];
  for (const [index, file] of files.entries()) {
    const result = await uploadOne(projectId, file, index, options);
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}

export interface UploadedMusic {
  mediaId: string;
  name: string;
  durationS: number;
}

/** Uploads the creator's own music file over the bridge (a browser has no file paths); throws with the studio's message. */
export async function uploadMusic(file: File, options: Omit<UploadOptions, 'onResult'>): Promise<UploadedMusic> {
  const query = new URLSearchParams({ name: file.name });
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(`${options.baseUrl ?? ''}/api/upload-music?${query}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${options.token}`, 'Content-Type': 'application/octet-stream' },
      body: file,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch {
    throw new Error(`${file.name}: ${options.signal?.aborted ? 'the upload was cancelled' : 'the studio is not reachable'}`);
  }
  const body = (await response.json().catch(() => null)) as CallResult<UploadedMusic> | null;
  if (!body) throw new Error(`${file.name}: the studio answered ${response.status} without a result`);
  if (!body.ok) throw new Error(body.error.message);
  return body.value;
}

export interface ImportEnvironment {
  /** Electron's path of a dropped file; null where files are uploaded. */
  pathForFile: ((file: File) => string) | null;
  /** studio.api['media.importPaths'] */
  importPaths(input: { projectId: string; paths: string[] }): Promise<ImportBatchResult>;
  /** For the bridge. */
  upload: Omit<UploadOptions, 'onResult'>;
  /** Each file's result as soon as it is known (per upload on the bridge, after the batch in Electron). */
  onResult?(result: ImportFileResult): void;
}

/**
 * Dropped or picked File objects, whichever transport: Electron imports them by path
 * (webUtils.getPathForFile through the preload), the browser uploads their bytes.
 */
export async function importFiles(projectId: string, files: readonly File[], env: ImportEnvironment): Promise<ImportFileResult[]> {
  const pathForFile = env.pathForFile;
  if (!pathForFile) {
    return uploadFiles(projectId, files, { ...env.upload, ...(env.onResult ? { onResult: env.onResult } : {}) });
  }
  const paths = files.map((file) => pathForFile(file));
  const onDisk = paths.flatMap((path, index) => (path ? [{ path, index }] : []));
  const results: ImportFileResult[] = files.map((file, index) =>
    failed(index, file.name, 'UNREADABLE', 'it is not a file on this computer; save it to a folder first'),
  );
  if (onDisk.length > 0) {
    const batch = await env.importPaths({ projectId, paths: onDisk.map((f) => f.path) });
    batch.results.forEach((result, i) => {
      const index = onDisk[i]!.index;
      results[index] = { ...result, index };
    });
  }
  for (const result of results) env.onResult?.(result);
  return results;
}
