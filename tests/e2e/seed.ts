import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Export, MethodInput, MethodName, MethodOutput } from '../../shared/contract';
import { callStudio } from '../../electron/services/rpc/call';
import type { Studio } from '../../electron/services/studio';

const SAMPLES = resolve('resources/samples');

/** The bundled sample photos (1600x1067 JPEGs), in name order. */
export const samplePhotos: string[] = readdirSync(SAMPLES)
  .filter((f) => f.endsWith('.jpg'))
  .sort()
  .map((f) => join(SAMPLES, f));

export const call = <M extends MethodName>(studio: Studio, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> =>
  callStudio(studio.handlers, method, input);

function until<T>(studio: Studio, test: () => T | undefined, timeoutMs: number): Promise<T> {
  return new Promise((done, fail) => {
    const check = () => {
      const value = test();
      if (value === undefined) return false;
      clearTimeout(timer);
      off();
      done(value);
      return true;
    };
    const timer = setTimeout(() => {
      off();
      fail(new Error('seeding did not finish in time'));
    }, timeoutMs);
    const off = studio.events.subscribe(() => void check());
    check();
  });
}

export interface SeedOptions {
  name: string;
  photos?: number;
  /** Generate 2 s local clips and approve them. */
  approve?: boolean;
  /** Then export a small 720p draft. */
  exportVideo?: boolean;
}

/** A project made through the real services (importer, local provider, export), for screens that start mid-way. */
export async function seedProject(studio: Studio, options: SeedOptions): Promise<{ projectId: string; clipIds: string[]; exported: Export | null }> {
  const project = await call(studio, 'projects.create', { name: options.name });
  const paths = samplePhotos.slice(0, options.photos ?? 0);
  let clipIds: string[] = [];
  if (paths.length > 0) {
    const { results } = await call(studio, 'media.importPaths', { projectId: project.id, paths });
    clipIds = results.map((r) => {
      if (!r.ok) throw new Error(r.error.message);
      return r.clip.id;
    });
  }
  if (options.approve && clipIds.length > 0) {
    for (const clipId of clipIds) await call(studio, 'clips.update', { clipId, durationS: 2 });
    // Device takes are made at the project's export size: 720p keeps them quick.
    await call(studio, 'timeline.update', { projectId: project.id, output: { resolution: '720p' } });
    await call(studio, 'generate.clips', { clipIds, seed: 3 });
    await until(
      studio,
      () => (studio.generation.jobs.listByProject(project.id, false).filter((j) => j.state === 'succeeded').length === clipIds.length ? true : undefined),
      120_000,
    );
    for (const clipId of clipIds) {
      const [take] = await call(studio, 'takes.list', { clipId });
      await call(studio, 'takes.approve', { clipId, takeId: take!.id });
    }
  }
  let exported: Export | null = null;
  if (options.exportVideo) {
    await call(studio, 'timeline.update', { projectId: project.id, output: { resolution: '720p', quality: 'draft' } });
    const started = await call(studio, 'exports.start', { projectId: project.id });
    exported = await until(studio, () => studio.exports.list(project.id).find((e) => e.id === started.id && e.state !== 'running'), 120_000);
  }
  return { projectId: project.id, clipIds, exported };
}
