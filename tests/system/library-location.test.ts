import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/services/db/database';
import { fileSystem, setRetryPolicy } from '../../electron/services/system/file-ops';
import { journalModeFor, libraryFolder, moveLibrary, prepareLibraryFolder } from '../../electron/services/system/library-location';
import { createStudio } from '../../electron/services/studio';
import { useTempDir } from '../support/temp-dir';

const tempDir = useTempDir('echoes-library-');

afterEach(() => {
  fileSystem.rename = fsp.rename;
  fileSystem.cp = fsp.cp;
});

/** A Roaming userData as an earlier version left it: our library beside Chromium's own folders. */
function roamingLibrary(): string {
  const roaming = join(tempDir(), 'Roaming', 'Echoes Studio');
  const db = openDatabase(join(roaming, 'studio.db'));
  db.prepare("INSERT INTO projects (id, name, created_at, updated_at) VALUES ('p1', 'Holiday', 'x', 'x')").run();
  // Left open on purpose: a library whose last session ended in a crash has its -wal and -shm beside it.
  mkdirSync(join(roaming, 'media', '.tmp'), { recursive: true });
  for (let i = 0; i < 5; i++) writeFileSync(join(roaming, 'media', `${String(i).repeat(64)}.mp4`), `video ${i}`);
  writeFileSync(join(roaming, 'settings.json'), '{"encoder":"auto"}');
  mkdirSync(join(roaming, 'Local Storage'));
  writeFileSync(join(roaming, 'Local Storage', 'leveldb'), 'chromium');
  return roaming;
}

function expectWholeLibrary(folder: string) {
  const db = new Database(join(folder, 'studio.db'));
  expect(db.prepare('SELECT name FROM projects').pluck().all()).toEqual(['Holiday']);
  db.close();
  expect(readdirSync(join(folder, 'media')).filter((n) => n.endsWith('.mp4'))).toHaveLength(5);
  expect(readFileSync(join(folder, 'media', `${'3'.repeat(64)}.mp4`), 'utf8')).toBe('video 3');
  expect(readFileSync(join(folder, 'settings.json'), 'utf8')).toBe('{"encoder":"auto"}');
  expect(existsSync(join(folder, 'library-move.json'))).toBe(false);
}

describe('where the library lives', () => {
  it('is Local AppData on Windows, userData elsewhere', () => {
    const env = { LOCALAPPDATA: 'C:\\Users\\Ann\\AppData\\Local', APPDATA: 'C:\\Users\\Ann\\AppData\\Roaming' };
    expect(libraryFolder({ platform: 'win32', env, userData: 'C:\\Users\\Ann\\AppData\\Roaming\\Echoes Studio' })).toBe('C:\\Users\\Ann\\AppData\\Local\\Echoes Studio');
    expect(libraryFolder({ platform: 'win32', env: {}, userData: 'C:\\R\\Echoes Studio' })).toBe('C:\\R\\Echoes Studio');
    expect(libraryFolder({ platform: 'darwin', env, userData: '/Users/ann/Library/Application Support/Echoes Studio' })).toBe(
      '/Users/ann/Library/Application Support/Echoes Studio',
    );
  });

  it('moves a Roaming library once, leaving Chromium\'s folders and a note behind', async () => {
    const roaming = roamingLibrary();
    const local = join(tempDir(), 'Local', 'Echoes Studio');
    expect(await moveLibrary(roaming, local)).toBe('moved');
    expectWholeLibrary(local);
    expect(existsSync(join(roaming, 'studio.db'))).toBe(false);
    expect(existsSync(join(roaming, 'Local Storage', 'leveldb'))).toBe(true);
    expect(existsSync(join(local, 'Local Storage'))).toBe(false);
    expect(readFileSync(join(roaming, 'LIBRARY-MOVED.txt'), 'utf8')).toContain(local);
    expect(await moveLibrary(roaming, local)).toBe('nothing to move');
  });

  it('finishes a move interrupted between two steps on the next start', async () => {
    const roaming = roamingLibrary();
    const local = join(tempDir(), 'Local', 'Echoes Studio');
    // The process dies after the journal and two entries moved: the third rename never happens.
    let renames = 0;
    fileSystem.rename = async (from, to) => {
      if (++renames === 4) throw Object.assign(new Error('EIO: the process died here'), { code: 'EIO' });
      return fsp.rename(from, to);
    };
    await expect(moveLibrary(roaming, local)).rejects.toThrow(/EIO/);
    expect(existsSync(join(local, 'library-move.json'))).toBe(true);
    expect(existsSync(join(local, 'studio.db'))).toBe(true);
    expect(existsSync(join(roaming, 'media'))).toBe(true);
    fileSystem.rename = fsp.rename;

    // The next start: the journal says a move is under way, so it is finished before anything opens the library.
    expect(await moveLibrary(roaming, local)).toBe('moved');
    expectWholeLibrary(local);
    // Elsewhere than Windows the library stays in userData: nothing moves.
    expect(await prepareLibraryFolder({ platform: 'darwin', env: {}, userData: roaming })).toBe(roaming);
  });

  it('across drives, copies; a copy cut short is redone from the original', async () => {
    const roaming = roamingLibrary();
    const local = join(tempDir(), 'Local', 'Echoes Studio');
    const restore = setRetryPolicy({ budgetMs: 10, firstDelayMs: 1 });
    try {
      fileSystem.rename = async (from, to) => {
        if (String(from).startsWith(roaming)) throw Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' });
        return fsp.rename(from, to);
      };
      // The copy of media/ stops half way (the disk was unplugged, the PC lost power).
      fileSystem.cp = async (from, to, options) => {
        if (String(from).endsWith('media')) {
          mkdirSync(String(to), { recursive: true });
          writeFileSync(join(String(to), 'half'), 'x');
          throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
        }
        return fsp.cp(from, to, options);
      };
      await expect(moveLibrary(roaming, local)).rejects.toThrow(/EIO/);
      expect(existsSync(join(local, 'media.moving', 'half'))).toBe(true);
      fileSystem.cp = fsp.cp;
      expect(await moveLibrary(roaming, local)).toBe('moved');
      expectWholeLibrary(local);
      expect(existsSync(join(local, 'media.moving'))).toBe(false);
      expect(existsSync(join(roaming, 'media'))).toBe(false);
    } finally {
      setRetryPolicy(restore);
    }
  });

  it('never overwrites a library already in place', async () => {
    const roaming = roamingLibrary();
    const local = join(tempDir(), 'Local', 'Echoes Studio');
    mkdirSync(local, { recursive: true });
    writeFileSync(join(local, 'studio.db'), '');
    expect(await moveLibrary(roaming, local)).toBe('already there');
    expect(existsSync(join(roaming, 'studio.db'))).toBe(true);
  });
});

describe('WAL only on local disks', () => {
  it.each([
    ['C:\\Users\\Ann\\AppData\\Local\\Echoes Studio', null, 'WAL'],
    ['/Users/ann/Library/Application Support/Echoes Studio', null, 'WAL'],
    ['\\\\?\\C:\\Users\\Ann\\AppData\\Local\\Echoes Studio', null, 'WAL'],
    ['\\\\fileserver\\profiles$\\ann\\AppData\\Roaming\\Echoes Studio', null, 'DELETE'],
    ['//fileserver/home/ann/Echoes', null, 'DELETE'],
    ['\\\\?\\UNC\\fileserver\\home\\ann\\Echoes', null, 'DELETE'],
    ['C:\\Users\\Ann\\OneDrive - Contoso\\Echoes Library', null, 'DELETE'],
    ['C:\\Users\\Ann\\OneDrive\\Documents\\Echoes', null, 'DELETE'],
    ['D:\\Dropbox (Personal)\\Echoes', null, 'DELETE'],
    ['/Users/ann/Library/Mobile Documents/com~apple~CloudDocs/Echoes', null, 'DELETE'],
    ['/Users/ann/Library/CloudStorage/GoogleDrive-ann@example.com/My Drive/Echoes', null, 'DELETE'],
    ['C:\\Users\\Ann\\iCloudDrive\\Echoes', null, 'DELETE'],
    ['/home/ann/.config/Echoes Studio', 0x6969, 'DELETE'], // NFS
    ['/home/ann/.config/Echoes Studio', 0xff534d42, 'DELETE'], // CIFS
    ['/home/ann/.config/Echoes Studio', 0xef53, 'WAL'], // ext4
    ['/home/ann/Dropboxes/Echoes', null, 'WAL'],
  ] as const)('%s (fs type %s) -> %s', (folder, fsType, mode) => {
    const decision = journalModeFor(folder, fsType);
    expect(decision.mode).toBe(mode);
    expect(decision.reason === null).toBe(mode === 'WAL');
  });

  it('a studio in a synced folder opens its database with the rollback journal', () => {
    const folder = join(tempDir(), 'Dropbox', 'Echoes');
    const studio = createStudio({ dataDir: folder, transport: 'cli', version: 'test' });
    try {
      expect(studio.db.pragma('journal_mode', { simple: true })).toBe('delete');
    } finally {
      studio.close();
    }
    const local = createStudio({ dataDir: join(tempDir(), 'Echoes'), transport: 'cli', version: 'test' });
    try {
      expect(local.db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      local.close();
    }
  });
});
