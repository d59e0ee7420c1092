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
