// Issue 23, fault 8: names and prompts drop control, bidi-override, invisible and unpaired
// surrogate characters; the characters real names need (emoji joiners, other scripts) stay.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { cleanName, cleanText } from '../../shared/clean-name';
import { displayName } from '../../electron/services/media/file-name';
import { useTempDir } from '../support/temp-dir';
import { call, closedAfterEach, openStudio } from '../generate/support/studio';

const tempDir = useTempDir('echoes-names-');
const studios = closedAfterEach();

describe('cleanName', () => {
  it.each([
    ['bidi override', 'invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['isolates and marks', '\u2066a\u2069\u200Eb\u200Fc\u061C', 'abc'],
    ['lone surrogates', 'a\uD800b\uDC00c', 'abc'],
    ['C0, DEL and C1 controls', 'a\u0000b\u0007c\u007Fd\u0085e\u009Bf', 'abcdef'],
    ['invisible format characters', 'Tr\u200Bip\u2060 to\uFEFF Rome', 'Trip to Rome'],
    ['line breaks and tabs in a name', ' Summer\n2024\tfinal ', 'Summer 2024 final'],
  ])('drops %s', (_label, raw, clean) => {
    expect(cleanName(raw)).toBe(clean);
  });

  it('keeps emoji sequences, accents and right-to-left scripts', () => {
    for (const name of ['👩\u200D👩\u200D👧 Family ❤️', 'Café déjà vu', 'עברית', 'نامه\u200Cها', '日本の夏']) expect(cleanName(name)).toBe(name);
  });

  it('keeps line breaks in text that spans lines', () => {
    expect(cleanText('slow pan\n\u202Eover the sea\u0000')).toBe('slow pan\nover the sea');
  });

  it('cuts a file name at 200 characters without splitting one in two', () => {
    expect(displayName(`/x/${'😀'.repeat(250)}.jpg`)).toBe('😀'.repeat(200));
  });
});

describe('names through the studio', () => {
  it('projects, clip names and prompts are stored clean; a name of only such characters is empty', async () => {
    const studio = openStudio(tempDir());
    studios.push(studio);
    const project = await call(studio, 'projects.create', { name: '\u202EMy\uD800 trip\u0007' });
    expect(project.name).toBe('My trip');
    const renamed = await call(studio, 'projects.rename', { id: project.id, name: 'Rome\u2066 2024\u2069' });
    expect(renamed.name).toBe('Rome 2024');
    await expect(call(studio, 'projects.create', { name: '\u202E\u200B\uDC00' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: /name must not be empty/ });

    const dir = tempDir();
    const file = join(dir, 'beach\u202Egpj.png');
    writeFileSync(file, await sharp({ create: { width: 96, height: 64, channels: 3, background: '#2277aa' } }).png().toBuffer());
    const { results } = await call(studio, 'media.importPaths', { projectId: project.id, paths: [file] });
    expect(results[0]).toMatchObject({ ok: true, file: 'beachgpj.png', clip: { sourceName: 'beachgpj.png' } });
    const clipId = results[0]!.ok ? results[0]!.clip.id : '';
    const updated = await call(studio, 'clips.update', { clipId, prompt: 'waves\u202E roll\n\u0000in' });
    expect(updated.prompt).toBe('waves roll\nin');
  });
});
