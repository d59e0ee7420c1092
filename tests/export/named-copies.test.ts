import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OutputSettingsSchema } from '../../shared/output';
import type { Studio } from '../../electron/services/studio';
import { call, openStudio } from '../generate/support/studio';
import { useTempDir } from '../support/temp-dir';

const tempDir = useTempDir('echoes-named-copies-');
let studio: Studio | null = null;
afterEach(() => {
  studio?.close();
  studio = null;
});

const KEPT = '00000000-0000-4000-8000-000000000001';
const FAILED = '00000000-0000-4000-8000-000000000002';
const UNKNOWN = '00000000-0000-4000-8000-000000000003';

describe('copies of exports named after their project (Show in folder, dragging out)', () => {
  it('go at start once their export is gone or has no video, and stay while it has one', async () => {
    const dataDir = tempDir();
    studio = openStudio(dataDir);
    const project = await call(studio, 'projects.create', { name: 'Trip' });
    const insert = studio.db.prepare("INSERT INTO exports (id, project_id, state, settings, media_id, created_at) VALUES (?, ?, ?, ?, ?, '2026-01-01T00:00:00Z')");
    const settings = JSON.stringify(OutputSettingsSchema.parse({}));
    insert.run(KEPT, project.id, 'succeeded', settings, `${'a'.repeat(64)}.mp4`);
    insert.run(FAILED, project.id, 'failed', settings, null);
    studio.close();

    const copies = join(dataDir, 'exports');
    for (const name of [KEPT, FAILED, UNKNOWN, 'not-an-export']) {
      mkdirSync(join(copies, name), { recursive: true });
      writeFileSync(join(copies, name, 'Trip.mp4'), 'video');
    }
    // the start prunes on its own; awaiting a prune here makes sure it is done (both end the same way)
    studio = openStudio(dataDir);
    await studio.exports.pruneNamedCopies();
    expect(existsSync(join(copies, KEPT, 'Trip.mp4'))).toBe(true);
    for (const gone of [FAILED, UNKNOWN, 'not-an-export']) expect(existsSync(join(copies, gone)), gone).toBe(false);

    // a project emptied from the trash takes its exports with it, and so their copies
    studio.db.prepare('DELETE FROM projects WHERE id = ?').run(project.id);
    expect(await studio.exports.pruneNamedCopies()).toBe(1);
    expect(existsSync(join(copies, KEPT))).toBe(false);
  });
});
