import { existsSync, mkdirSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import { join, win32 } from 'node:path';
import { fileSystem, removePath, renameFile } from './file-ops';

/**
 * Where the library (studio.db and the media store, with the small settings beside them) lives.
 *
 * Windows: %LOCALAPPDATA%\Echoes Studio. Electron's userData is in Roaming AppData, which
 * Electron's docs advise against for large files, which roaming profiles copy at every sign-in,
 * and which managed PCs redirect to a network share (where SQLite's WAL cannot work). Local
 * AppData is never redirected or roamed. macOS and Linux: userData (~/Library/Application
 * Support/Echoes Studio, ~/.config/Echoes Studio) is already local.
 */
export function libraryFolder(input: { platform: NodeJS.Platform; env: NodeJS.ProcessEnv; userData: string }): string {
  const local = input.env.LOCALAPPDATA;
  if (input.platform !== 'win32' || !local) return input.userData;
  return win32.join(local, win32.basename(input.userData));
}

/** What the studio writes in its data folder; everything else in userData is Chromium's and stays. */
export const LIBRARY_ENTRIES = ['studio.db', 'studio.db-wal', 'studio.db-shm', 'media', 'settings.json', 'cloud.json', 'session.bin'] as const;

const JOURNAL = 'library-move.json';
const MOVED_NOTE = 'LIBRARY-MOVED.txt';

interface MoveJournal {
  from: string;
  entries: string[];
}

/**
 * Moves an existing library from `from` to `to` once, safely across interruption (power cut,
 * crash, killed process). A journal in `to`, written before anything moves, lists what to move;
 * each entry moves by one rename (or, across drives, a copy to `<name>.moving`, a rename, then
 * the removal of the original), and a step found half done is redone from the original. The
 * journal goes last, so a start that finds it finishes the move before the library is opened.
 * A library already at `to` is never overwritten.
 */
export async function moveLibrary(from: string, to: string): Promise<'moved' | 'nothing to move' | 'already there'> {
  const journalPath = join(to, JOURNAL);
  let journal: MoveJournal;
  if (existsSync(journalPath)) {
    journal = JSON.parse(readFileSync(journalPath, 'utf8')) as MoveJournal;
  } else {
    if (from === to || !existsSync(join(from, 'studio.db'))) return 'nothing to move';
    if (existsSync(join(to, 'studio.db'))) return 'already there';
    journal = { from, entries: LIBRARY_ENTRIES.filter((name) => existsSync(join(from, name))) };
    mkdirSync(to, { recursive: true });
    writeFileSync(`${journalPath}.tmp`, JSON.stringify(journal));
    await renameFile(`${journalPath}.tmp`, journalPath);
  }
  for (const name of journal.entries) await moveEntry(join(journal.from, name), join(to, name));
  writeFileSync(
    join(journal.from, MOVED_NOTE),
    `Echoes Studio moved its library (projects, media, settings) to\r\n${to}\r\n` +
      'Local AppData is not copied to other PCs or to network shares, which suits gigabytes of video and its database.\r\n',
  );
  await removePath(journalPath);
  return 'moved';
}

async function moveEntry(source: string, target: string): Promise<void> {
  // Only the original is known to be whole: while it exists, whatever is at the target is redone.
  if (!existsSync(source)) return;
  await removePath(`${target}.moving`, { recursive: true });
  await removePath(target, { recursive: true });
  try {
    await renameFile(source, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await fileSystem.cp(source, `${target}.moving`, { recursive: true, errorOnExist: true, force: false });
    await renameFile(`${target}.moving`, target);
    await removePath(source, { recursive: true });
  }
}

/**
 * The data folder for the desktop app: the library folder, with a library left in Roaming AppData
 * by an earlier version moved there first.
 */
export async function prepareLibraryFolder(input: { platform: NodeJS.Platform; env: NodeJS.ProcessEnv; userData: string }): Promise<string> {
  const folder = libraryFolder(input);
  if (folder !== input.userData) await moveLibrary(input.userData, folder);
  return folder;
}

export type JournalMode = 'WAL' | 'DELETE';

/** Linux statfs f_type values of network filesystems (linux/magic.h): NFS, SMB, CIFS, SMB2, Coda, AFS, 9p, Ceph, FUSE (sshfs, rclone...). */
const NETWORK_FS_TYPES = new Set([0x6969, 0x517b, 0xff534d42, 0xfe534d42, 0x73757245, 0x5346414f, 0x01021997, 0x00c36400, 0x65735546]);

/** Folder names of sync clients: files there are uploaded, locked and replaced behind SQLite's back. */
const SYNCED_FOLDER = /^(onedrive( - .+)?|onedrive-.+|dropbox( \(.+\))?|icloud ?drive|mobile documents|com~apple~clouddocs|google ?drive|googledrive-.+|my drive|cloudstorage|box|box sync|pcloud ?drive|mega)$/i;

/**
 * SQLite's WAL needs shared memory between processes on one machine, which network filesystems do
 * not give (SQLite's docs: "WAL does not work over a network filesystem"), and sync clients copy
 * the -wal and -shm files apart from the database. On a network share (a UNC path, a network
 * filesystem) or in a synced folder the library uses the rollback journal (DELETE) instead.
 * Mapped network drives (Z:) look local by path; `fsType` (statfs) names them on Linux only, so
 * Windows users who put a library on one are covered by the UNC form Windows resolves to only
 * when they use it.
 */
export function journalModeFor(folder: string, fsType: number | null = null): { mode: JournalMode; reason: string | null } {
  if (/^(\\\\|\/\/)(?![?.][\\/])/.test(folder) || /^\\\\\?\\UNC\\/i.test(folder)) {
    return { mode: 'DELETE', reason: `${folder} is on a network share` };
  }
  if (fsType !== null && NETWORK_FS_TYPES.has(fsType)) return { mode: 'DELETE', reason: `${folder} is on a network filesystem` };
  const synced = folder.split(/[\\/]+/).find((part) => SYNCED_FOLDER.test(part));
  if (synced) return { mode: 'DELETE', reason: `${folder} is in a synced folder (${synced})` };
  return { mode: 'WAL', reason: null };
}

/** journalModeFor with the folder's filesystem type read from the OS (where it tells). */
export function journalModeForFolder(folder: string): { mode: JournalMode; reason: string | null } {
  let fsType: number | null = null;
  try {
    if (process.platform === 'linux') fsType = Number(statfsSync(folder).type);
  } catch {
    fsType = null;
  }
  return journalModeFor(folder, fsType);
}
