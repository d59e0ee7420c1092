import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRenderArgs } from '../../electron/cli/render-options';
import { openDatabase } from '../../electron/services/db/database';
import { runMigrations } from '../../electron/services/db/migrate';
import { migrations } from '../../electron/services/db/migrations';
import { createTimelineSettingsRepository } from '../../electron/services/timeline/timeline-settings-repository';
import { GEN4_TURBO_RATIOS } from '../../supabase/functions/_shared/wire';
import { ShapeSchema } from '../../shared/output';
import { aspectSizes, CLIP_RATIOS, nearestShape, OUTPUT_PRESETS, outputDimensions, RESOLUTIONS, SHAPES, shapeRatio } from '../../shared/values';
import { call, watchJobs } from '../generate/support/studio';
import { DISC_PHOTOS, generateAndApprove, makeDiscPhoto, shapedProject, useFramingStudio } from './support';

const { open, tempDir } = useFramingStudio('echoes-shapes-');

describe('one list of shapes', () => {
  it('holds the social shapes and every Runway ratio, each shape mapped to the nearest Runway ratio', () => {
    expect(SHAPES.slice(0, 4)).toEqual(['16:9', '9:16', '1:1', '4:5']);
    const ratioOf = (r: string) => {
      const [w, h] = r.split(':').map(Number) as [number, number];
      return w / h;
    };
    // Every Runway ratio is some shape's own.
    for (const ratio of GEN4_TURBO_RATIOS) expect(Object.values(CLIP_RATIOS)).toContain(ratio);
    for (const shape of SHAPES) {
      const mine = Math.abs(Math.log(ratioOf(CLIP_RATIOS[shape]) / shapeRatio(shape)));
      for (const other of GEN4_TURBO_RATIOS) expect(mine).toBeLessThanOrEqual(Math.abs(Math.log(ratioOf(other) / shapeRatio(shape))));
    }
    expect(CLIP_RATIOS['4:5']).toBe('832:1104');
    expect(CLIP_RATIOS['16:9']).toBe('1280:720');
    // On-device clips: Runway's size where it has the shape, the exact shape otherwise.
    expect(aspectSizes['16:9']).toEqual({ width: 1280, height: 720 });
    expect(aspectSizes['4:5']).toEqual({ width: 864, height: 1080 });
  });

  it('gives every shape an even output size of its proportions at every resolution, and names each preset’s shape from the list', () => {
    for (const shape of SHAPES) {
      for (const resolution of RESOLUTIONS) {
        const { width, height } = outputDimensions(shape, resolution);
        expect(width % 2, `${shape} ${resolution}`).toBe(0);
        expect(height % 2).toBe(0);
        expect(Math.abs(width / height / shapeRatio(shape) - 1)).toBeLessThan(0.01);
        expect(nearestShape(width, height)).toBe(shape);
      }
      expect(ShapeSchema.parse(shape)).toBe(shape);
    }
    expect(outputDimensions('16:9', '1080p')).toEqual({ width: 1920, height: 1080 });
    expect(outputDimensions('4:5', '1080p')).toEqual({ width: 1080, height: 1350 });
    for (const preset of Object.values(OUTPUT_PRESETS)) expect(SHAPES).toContain(preset.aspect);
  });

  it('takes the same list on the command line, with --fit and --focus', () => {
    for (const shape of SHAPES) expect(parseRenderArgs(['p.jpg', '-o', 'o.mp4', '--ratio', shape]).ratio).toBe(shape);
    expect(() => parseRenderArgs(['p.jpg', '-o', 'o.mp4', '--ratio', '5:4'])).toThrow(/--ratio must be one of 16:9, 9:16, 1:1, 4:5, 4:3, 3:4, 21:9/);
    const defaults = parseRenderArgs(['p.jpg', '-o', 'o.mp4']);
    expect(defaults).toMatchObject({ ratio: '16:9', fit: undefined, focus: 'subject' });
    expect(parseRenderArgs(['p.jpg', '-o', 'o.mp4', '--fit', 'blur', '--focus', 'center'])).toMatchObject({ fit: 'blur', focus: 'center' });
    expect(() => parseRenderArgs(['p.jpg', '-o', 'o.mp4', '--fit', 'stretch'])).toThrow(/--fit must be one of crop, blur, pad/);
    expect(() => parseRenderArgs(['p.jpg', '-o', 'o.mp4', '--focus', 'faces'])).toThrow(/--focus must be one of subject, center/);
  });

  it('gives a project one shape: the clip shape and the export aspect are the same setting', async () => {
    const studio = open();
    const project = await call(studio, 'projects.create', { name: 'One shape' });
    await call(studio, 'generate.setDefaults', { projectId: project.id, defaultMotion: 'drift', aspect: '4:5' });
    let view = await call(studio, 'editor.open', { projectId: project.id });
    expect(view.settings.output.aspect).toBe('4:5');
    expect(view.defaults.aspect).toBe('4:5');
    await call(studio, 'timeline.update', { projectId: project.id, output: { aspect: '21:9' } });
    view = await call(studio, 'editor.open', { projectId: project.id });
    expect(view.defaults.aspect).toBe('21:9');
    await expect(call(studio, 'timeline.update', { projectId: project.id, output: { aspect: '5:4' as never } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('migration 10 gives old projects the shape their takes were made at and old takes the shape nearest their size', () => {
    const dir = tempDir();
    const file = join(dir, 'studio.db');
    const old = new Database(file);
    old.pragma('foreign_keys = ON');
    runMigrations(old, migrations.slice(0, 9));
    const at = '2025-01-01';
    old.prepare("INSERT INTO projects (id, name, created_at, updated_at, aspect) VALUES ('p1', 'Vertical', ?, ?, '9:16'), ('p2', 'Chosen', ?, ?, '3:4')").run(at, at, at, at);
    old.prepare(`UPDATE projects SET timeline_settings = '{"output":{"aspect":"1:1","fps":24}}' WHERE id = 'p2'`).run();
    old.prepare("INSERT INTO clips (id, project_id, position, created_at, updated_at) VALUES ('c1', 'p1', 0, ?, ?)").run(at, at);
    const take = old.prepare(
      "INSERT INTO takes (id, clip_id, provider, prompt, seed, duration_s, fps, width, height, media_id, created_at) VALUES (?, 'c1', 'local', '', 1, 5, 24, ?, ?, 'm', ?)",
    );
    take.run('t1', 832, 1104, at);
    take.run('t2', 1584, 672, at);
    take.run('t3', 720, 1280, at);
    old.close();

    const db = openDatabase(file);
    const settings = createTimelineSettingsRepository(db);
    expect(settings.get('p1').output.aspect).toBe('9:16');
    // A shape the creator chose for the export stays.
    expect(settings.get('p2').output).toMatchObject({ aspect: '1:1', fps: 24 });
    expect(db.prepare('SELECT id, aspect FROM takes ORDER BY id').all()).toEqual([
      { id: 't1', aspect: '3:4' },
      { id: 't2', aspect: '21:9' },
      { id: 't3', aspect: '9:16' },
    ]);
    db.close();
  });
});

describe('takes made for another shape', () => {
  it('are marked with the shape they were made for, and one remake makes the device takes again for the project’s shape', async () => {
    const studio = open();
    const dir = tempDir();
    const paths = await Promise.all(DISC_PHOTOS.slice(0, 2).map((p) => makeDiscPhoto(dir, p)));
    const { projectId, clipIds } = await shapedProject(studio, '16:9', paths, ['zoom_in', 'pan_left']);
    await generateAndApprove(studio, clipIds, 11);
    let view = await call(studio, 'editor.open', { projectId });
    const before = view.clips.map((c) => c.takes.find((t) => t.approved)!);
    expect(before.map((t) => [t.aspect, t.width, t.height])).toEqual([
      ['16:9', 1280, 720],
      ['16:9', 1280, 720],
    ]);

    await call(studio, 'timeline.update', { projectId, output: { aspect: '9:16' } });
    view = await call(studio, 'editor.open', { projectId });
    expect(view.clips.every((c) => c.takes.find((t) => t.approved)!.aspect !== view.settings.output.aspect)).toBe(true);

    const jobs = watchJobs(studio);
    const { jobs: queued } = await call(studio, 'generate.remake', { clipIds });
    expect(queued).toHaveLength(2);
    await jobs.until(() => queued.every((j) => jobs.finished('succeeded').has(j.id)), 120_000);
    jobs.unsubscribe();
    view = await call(studio, 'editor.open', { projectId });
    view.clips.forEach((clip, i) => {
      const approved = clip.takes.find((t) => t.approved)!;
      // The same move (motion, seed, length) made again for the new shape, approved in place of the old take.
      expect(approved).toMatchObject({ aspect: '9:16', width: 720, height: 1280, motion: before[i]!.motion, seed: before[i]!.seed, provider: 'local' });
      expect(clip.takes).toHaveLength(2);
    });
    // Nothing left to remake: takes of the project's shape are skipped.
    expect((await call(studio, 'generate.remake', { clipIds })).jobs).toEqual([]);
  }, 300_000);
});
