// The cloud thumbnails kept on this machine are bounded: the oldest go first, a thumbnail shown
// again counts as new, and a file is deleted only when no kept photo uses it any more.
import { describe, expect, it } from 'vitest';
import { keepThumbs } from '../../electron/services/cloud/kept-thumbs';

describe('keepThumbs', () => {
  it('adds new thumbnails and drops nothing under the bound', () => {
    expect(keepThumbs({ a: 'A.webp' }, { b: 'B.webp' }, 3)).toEqual({ thumbs: { a: 'A.webp', b: 'B.webp' }, dropped: [] });
  });

  it('drops the oldest beyond the bound and names their files', () => {
    const { thumbs, dropped } = keepThumbs({ a: 'A.webp', b: 'B.webp', c: 'C.webp' }, { d: 'D.webp', e: 'E.webp' }, 3);
    expect(Object.keys(thumbs)).toEqual(['c', 'd', 'e']);
    expect(dropped).toEqual(['A.webp', 'B.webp']);
  });

  it('keeps a thumbnail shown again (it moves to the newest end)', () => {
    const { thumbs, dropped } = keepThumbs({ a: 'A.webp', b: 'B.webp', c: 'C.webp' }, { a: 'A.webp', d: 'D.webp' }, 3);
    expect(Object.keys(thumbs)).toEqual(['c', 'a', 'd']);
    expect(dropped).toEqual(['B.webp']);
  });

  it('never deletes a file another kept photo still uses (the same picture at two paths)', () => {
    const { thumbs, dropped } = keepThumbs({ a: 'same.webp', b: 'B.webp' }, { c: 'same.webp' }, 2);
    expect(thumbs).toEqual({ b: 'B.webp', c: 'same.webp' });
    expect(dropped).toEqual([]);
  });
});
