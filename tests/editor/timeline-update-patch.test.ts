import { afterEach, describe, expect, it } from 'vitest';
import type { Studio } from '../../electron/services/studio';
import { useTempDir } from '../support/temp-dir';
import { call, openStudio } from '../generate/support/studio';

const tempDir = useTempDir('echoes-timeline-patch-');
let studio: Studio | null = null;

afterEach(() => {
  studio?.close();
  studio = null;
});

describe('timeline.update output patches', () => {
  it('changes only the output fields it names, one control at a time as the export panel sends them', async () => {
    studio = openStudio(tempDir());
    const { id: projectId } = await call(studio, 'projects.create', { name: 'Patch' });
    await call(studio, 'timeline.update', { projectId, output: { resolution: '720p' } });
    await call(studio, 'timeline.update', { projectId, output: { quality: 'draft' } });
    const settings = await call(studio, 'timeline.update', { projectId, output: { fps: 24 } });
    expect(settings.output).toMatchObject({ resolution: '720p', quality: 'draft', fps: 24, aspect: '16:9' });
    expect((await call(studio, 'editor.open', { projectId })).settings.output).toEqual(settings.output);
  });
});
