import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandPhotoInputs } from '../../electron/cli/photo-inputs';
import { useTempDir } from '../support/temp-dir';

const tempDir = useTempDir('echoes-inputs-');

describe('expandPhotoInputs', () => {
  it('keeps argument order, sorts folders naturally, skips non-photo names and hidden files, and drops repeats', async () => {
    const dir = tempDir();
    const folder = join(dir, 'trip');
    mkdirSync(folder);
    for (const name of ['IMG_10.jpg', 'IMG_2.JPG', 'IMG_1.heic', '.DS_Store', 'LICENSE.md', 'clip.mov']) writeFileSync(join(folder, name), 'x');
    mkdirSync(join(folder, 'nested'));
    writeFileSync(join(dir, 'cover.txt'), 'named explicitly: the importer judges it by content');

    const result = await expandPhotoInputs(['cover.txt', 'trip', 'trip/IMG_2.JPG', 'gone.jpg'], dir);

    expect(result.files).toEqual([join(dir, 'cover.txt'), join(folder, 'IMG_1.heic'), join(folder, 'IMG_2.JPG'), join(folder, 'IMG_10.jpg')]);
    expect(result.skipped).toEqual([join('trip', 'clip.mov'), join('trip', 'LICENSE.md')]);
    expect(result.missing).toEqual([{ input: 'gone.jpg', reason: 'no such file or folder' }]);
  });
});

describe('wildcards the shell left alone (cmd and PowerShell expand none)', () => {
  function photosFolder() {
    const dir = tempDir();
    mkdirSync(join(dir, 'photos', 'day 2'), { recursive: true });
    for (const name of ['IMG_10.jpg', 'IMG_2.jpg', 'IMG_1.png', 'notes.txt', '.hidden.jpg', 'a[1].jpg']) writeFileSync(join(dir, 'photos', name), 'x');
    writeFileSync(join(dir, 'photos', 'day 2', 'IMG_3.jpg'), 'x');
    return dir;
  }

  it('expands Windows-style patterns with backslashes, in natural order, files only, hidden ones left out', async () => {
    const dir = photosFolder();
    const p = (name: string) => join(dir, 'photos', name);
    expect((await expandPhotoInputs(['photos\\*.jpg'], dir)).files).toEqual([p('a[1].jpg'), p('IMG_2.jpg'), p('IMG_10.jpg')]);
    expect((await expandPhotoInputs(['photos/IMG_?.*'], dir)).files).toEqual([p('IMG_1.png'), p('IMG_2.jpg')]);
    expect((await expandPhotoInputs(['photos\\*\\IMG_*.jpg'], dir)).files).toEqual([p(join('day 2', 'IMG_3.jpg'))]);
    // An absolute pattern, as `echoes render C:\Users\ann\photos\*.jpg` gives it.
    expect((await expandPhotoInputs([`${join(dir, 'photos').replace(/\//g, '\\')}\\IMG_1*`], '/')).files).toEqual([p('IMG_1.png'), p('IMG_10.jpg')]);
  });

  it('skips matches whose names are not photos, reports a pattern that matches nothing, and takes an existing name literally', async () => {
    const dir = photosFolder();
    const all = await expandPhotoInputs(['photos\\*', 'photos\\*.gif', 'photos/a[1].jpg'], dir);
    expect(all.skipped).toEqual([join('photos', 'notes.txt')]);
    expect(all.missing).toEqual([{ input: 'photos\\*.gif', reason: 'no file matches' }]);
    expect(all.files).toContain(join(dir, 'photos', 'a[1].jpg'));
    expect(all.files.filter((f) => f.endsWith('a[1].jpg'))).toHaveLength(1);
  });
});
