// Issue 23, faults 6 and 7: imports take the file the creator picked (absolute, not a link), and
// every refusal names the file and a cause a creator understands, never a path or Node's text.
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failureFromError } from '../../electron/services/media/import-failure';
import { makeTestAudio } from '../support/ffmpeg-fixtures';
import { useTempDir } from '../support/temp-dir';
import { call, closedAfterEach, openStudio } from '../generate/support/studio';
import { plainJpeg } from './fixtures';

const tempDir = useTempDir('echoes-hostile-paths-');
const studios = closedAfterEach();

function studioWithProject() {
  const studio = openStudio(tempDir());
  studios.push(studio);
  return { studio, project: call(studio, 'projects.create', { name: 'Paths' }) };
}

describe('imports take the file itself', () => {
  it('refuse a photo that is a link, wherever it points, and take the file it points at', async () => {
    const { studio, project } = studioWithProject();
    const { id: projectId } = await project;
    const outside = tempDir();
    const real = await plainJpeg(outside, 'private.jpg', { r: 10, g: 20, b: 30 });
    const chosen = tempDir();
    symlinkSync(real, join(chosen, 'holiday.jpg'));
    symlinkSync('/etc/passwd', join(chosen, 'notes.jpg'));
    const { results } = await call(studio, 'media.importPaths', { projectId, paths: [join(chosen, 'holiday.jpg'), join(chosen, 'notes.jpg'), real] });
    expect(results.map((r) => (r.ok ? 'ok' : r.error.message))).toEqual([
      'holiday.jpg: it is a link to another file; import the file itself',
      'notes.jpg: it is a link to another file; import the file itself',
      'ok',
    ]);
  });

  it('music.importPath refuses links and relative paths', async () => {
    const { studio } = studioWithProject();
    const dir = tempDir();
    const song = await makeTestAudio(join(dir, 'song.m4a'), { durationS: 1 });
    symlinkSync(song, join(dir, 'linked.m4a'));
    await expect(call(studio, 'music.importPath', { path: join(dir, 'linked.m4a') })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: 'linked.m4a: it is a link to another file; import the file itself',
    });
    // A relative path would be read against the studio's own working folder.
    await expect(call(studio, 'music.importPath', { path: 'resources/music/drift.m4a' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: 'drift.m4a: the file was not given with its full location',
    });
    await expect(call(studio, 'music.importPath', { path: join(dir, 'gone.m4a') })).rejects.toMatchObject({ message: 'gone.m4a: the file no longer exists' });
    await expect(call(studio, 'music.importPath', { path: song })).resolves.toMatchObject({ name: 'song.m4a' });
  });
});

describe('refusals in words a creator understands', () => {
  it('a name with a NUL byte, a vanished file and a folder each name the file', async () => {
    const { studio, project } = studioWithProject();
    const { id: projectId } = await project;
    const dir = tempDir();
    mkdirSync(join(dir, 'album.jpg'));
    const { results } = await call(studio, 'media.importPaths', { projectId, paths: [join(dir, 'bad\u0000name.jpg'), join(dir, 'gone.jpg'), join(dir, 'album.jpg')] });
    expect(results.map((r) => !r.ok && r.error)).toEqual([
      { code: 'UNREADABLE', message: 'badname.jpg: the file name contains a character that is not allowed in file names' },
      { code: 'UNREADABLE', message: 'gone.jpg: the file no longer exists (it was moved or deleted)' },
      { code: 'UNREADABLE', message: 'album.jpg: it is a folder, not a file' },
    ]);
    for (const r of results) expect(r.ok || r.error.message).not.toMatch(/ERR_|argument|null bytes|\//);
  });

  it('a decoder message that names a path (an upload’s temp file) is not passed on', () => {
    const temp = '/home/maya/.config/Echoes Studio/media/.tmp/1b2c.part';
    const heic = failureFromError(new Error(`VipsForeignLoad: "${temp}" is not a known file format`), 'heic');
    expect(heic.reason).toBe('this HEIC photo cannot be decoded here; export it as JPEG and import that');
    const jpeg = failureFromError(new Error(`VipsJpeg: "${temp}": premature end of JPEG image`), 'jpeg');
    expect(jpeg.reason).toBe('the image data is damaged or incomplete');
    const gone = failureFromError(new Error(`Input file is missing: ${temp}`), 'jpeg');
    expect(gone.reason).toBe('the file no longer exists (it was moved or deleted)');
    const nodeArg = Object.assign(new TypeError("The argument 'path' must be a string without null bytes"), { code: 'ERR_INVALID_ARG_VALUE' });
    expect(failureFromError(nodeArg, 'unknown').reason).toBe('the file name cannot be used on this computer');
  });
});
