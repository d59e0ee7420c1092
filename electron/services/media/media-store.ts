import { createHash, randomUUID, webcrypto } from 'node:crypto';
import { createReadStream, lstatSync, mkdirSync } from 'node:fs';
import { open, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MEDIA_ID_PATTERN } from '../../../shared/values';
import { StudioError } from '../../../shared/contract/errors';
import { copyFileTo, fileSystem, removePath, renameFile, withRetries } from '../system/file-ops';

export interface MediaStore {
  readonly root: string; // <dataDir>/media
  /**
   * Adds a file by content (sha256 name `<sha256>.<ext>`), atomically (temp + rename); idempotent.
   * move=true renames instead of copying when possible. durable=false skips flushing to disk, for
   * files that can be made again (a cache): their readers check the size they recorded. Returns the media id.
   */
  put(sourcePath: string, ext: string, options?: { move?: boolean; durable?: boolean }): Promise<string>;
  /** Absolute path of a media id; throws StudioError NOT_FOUND for unknown ids and INVALID_INPUT for malformed ones (anything not /^[0-9a-f]{64}\.[a-z0-9]{2,5}$/). */
  path(id: string): string;
  /** A fresh temp file path inside the store folder (same filesystem, so put(..., {move:true}) is a rename). */
  tempPath(ext: string): string;
}

/** What the importer and the garbage collector need beyond the shared interface. */
export interface LocalMediaStore extends MediaStore {
  /** Adds bytes already in memory; same naming and atomicity as put. */
  putBuffer(data: Buffer, ext: string): Promise<string>;
  has(id: string): boolean;
  /** Removes a stored file; a missing file is not an error. */
  remove(id: string): Promise<void>;
  /** Deletes temp files older than maxAgeMs (left by a crash mid-write). */
  sweepTemp(maxAgeMs: number, now?: number): Promise<number>;
}

const EXT_PATTERN = /^[a-z0-9]{2,5}$/;
const TEMP_FOLDER = '.tmp';

export function isMediaId(id: unknown): id is string {
  return typeof id === 'string' && MEDIA_ID_PATTERN.test(id);
}

function checkExt(ext: string): string {
  if (!EXT_PATTERN.test(ext)) throw new StudioError('INVALID_INPUT', `A media extension must be 2-5 lowercase letters or digits, got "${ext.slice(0, 20)}"`);
  return ext;
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Flushes a file to disk so the rename that follows can never publish a half-written file after a crash. */
async function flushToDisk(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/** Errors of opening or syncing a folder where the platform does not allow it (Windows): nothing to flush there. */
const UNSYNCABLE_FOLDER = new Set(['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'EBADF']);

/**
 * Flushes a folder's entries to disk, so a rename into it survives a power cut (the file's data
 * was flushed before). Where folders cannot be opened or synced (Windows) this does nothing.
 */
export async function syncFolder(folder: string): Promise<void> {
  const ignore = (error: unknown) => {
    if (!UNSYNCABLE_FOLDER.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  };
  const handle = await open(folder, 'r').catch(ignore);
  if (!handle) return;
  try {
    await handle.sync().catch(ignore);
  } finally {
    await handle.close();
  }
}

/** Whether a regular file (not a symlink) is at this path. */
function isPlainFile(file: string): boolean {
  try {
    return lstatSync(file).isFile();
  } catch {
    return false;
  }
}

export function createMediaStore(root: string): LocalMediaStore {
  const tempDir = join(root, TEMP_FOLDER);
  mkdirSync(tempDir, { recursive: true });

  const fileOf = (id: string) => join(root, id);

  function tempPath(ext: string): string {
    return join(tempDir, `${randomUUID()}.${checkExt(ext)}`);
  }

  /** Publishes a complete temp file under its content name; if that name exists the content is already stored. */
  async function publish(temp: string, id: string, durable = true): Promise<string> {
    if (isPlainFile(fileOf(id))) {
      await removePath(temp);
      return id;
    }
    if (durable) await flushToDisk(temp);
    // Retried while antivirus or the indexer holds the fresh temp file; a concurrent put of the
    // same content that won the race (Windows refuses to replace an open file) ends the retries.
    const published = await withRetries(async () => {
      if (isPlainFile(fileOf(id))) return false;
      await fileSystem.rename(temp, fileOf(id));
      return true;
    }).catch((error: unknown) => {
      if (!isPlainFile(fileOf(id))) throw error;
      return false;
    });
    if (!published) {
      await removePath(temp);
      return id;
    }
    if (durable) await syncFolder(root);
    return id;
  }

  return {
    root,
    tempPath,

    async put(sourcePath, ext, options = {}) {
      checkExt(ext);
      const id = `${await sha256OfFile(sourcePath)}.${ext}`;
      if (isPlainFile(fileOf(id))) {
        if (options.move) await removePath(sourcePath);
        return id;
      }
      const temp = tempPath(ext);
      if (options.move) {
        try {
          await renameFile(sourcePath, temp);
        } catch (error) {
          // Another filesystem: copy, then drop the source.
          if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
          await copyFileTo(sourcePath, temp);
          await removePath(sourcePath);
        }
      } else {
        await copyFileTo(sourcePath, temp);
      }
      return publish(temp, id, options.durable);
    },

    async putBuffer(data, ext) {
      checkExt(ext);
      // WebCrypto hashes on libuv's pool, so a few MB never hold up the event loop.
      const digest = Buffer.from(await webcrypto.subtle.digest('SHA-256', data)).toString('hex');
      const id = `${digest}.${ext}`;
      if (isPlainFile(fileOf(id))) return id;
      const temp = tempPath(ext);
      await writeFile(temp, data);
      return publish(temp, id);
    },

    path(id) {
      if (!isMediaId(id)) throw new StudioError('INVALID_INPUT', `Not a media id: "${String(id).slice(0, 80)}"`);
      const file = fileOf(id);
      if (!isPlainFile(file)) throw new StudioError('NOT_FOUND', `No media with id ${id}`);
      return file;
    },

    has(id) {
      return isMediaId(id) && isPlainFile(fileOf(id));
    },

    async remove(id) {
      if (!isMediaId(id)) throw new StudioError('INVALID_INPUT', `Not a media id: "${String(id).slice(0, 80)}"`);
      await removePath(fileOf(id));
    },

    async sweepTemp(maxAgeMs, now = Date.now()) {
      let removed = 0;
      for (const name of await readdir(tempDir).catch(() => [] as string[])) {
        const file = join(tempDir, name);
        const info = await stat(file).catch(() => null);
        if (info && now - info.mtimeMs > maxAgeMs) {
          // A temp file still held (a render cancelled a moment ago) waits for the next sweep.
          if (await removePath(file, { recursive: true }).then(() => true, () => false)) removed += 1;
        }
      }
      return removed;
    },
  };
}
