import { join } from 'node:path';
import { afterEach } from 'vitest';
import { fileURLToPath } from 'node:url';
import type { JobUpdated, MethodInput, MethodName, MethodOutput } from '../../../shared/contract';
import { callStudio } from '../../../electron/services/rpc/call';
import type { GenerationOptions } from '../../../electron/services/generate/generation-service';
import { createStudio, type Studio } from '../../../electron/services/studio';
import { makeStill } from './media';

const resourcesDir = fileURLToPath(new URL('../../../resources', import.meta.url));

export function openStudio(dataDir: string, generation?: GenerationOptions): Studio {
  return createStudio({ dataDir, transport: 'bridge', version: '0.0.0-test', resourcesDir, ...(generation ? { generation } : {}) });
}

/** Studios a test pushes here are closed after it, their queues stopped. */
export function closedAfterEach(): Studio[] {
  const open: Studio[] = [];
  afterEach(async () => {
    for (const studio of open.splice(0)) {
      studio.close();
      await studio.generation.stop();
    }
  });
  return open;
}

/** Calls the studio the way both transports do: through dispatch, with the shared zod schemas. */
export function call<M extends MethodName>(studio: Studio, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  return callStudio(studio.handlers, method, input);
}

/** A project with `count` imported photos (through the real importer); returns the clip ids in order. */
export async function projectWithClips(studio: Studio, dir: string, count: number, size = { width: 480, height: 270 }) {
  const project = await call(studio, 'projects.create', { name: 'Generation test' });
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    paths.push(await makeStill(join(dir, `photo-${i}.png`), { ...size, variant: i + 1, blobs: [{ u: 0.3 + 0.05 * (i % 8), v: 0.5 }] }));
  }
  const { results } = await call(studio, 'media.importPaths', { projectId: project.id, paths });
  const clipIds = results.map((r) => {
    if (!r.ok) throw new Error(`import failed: ${r.error.message}`);
    return r.clip.id;
  });
  return { projectId: project.id, clipIds };
}

/** Records job.updated events and waits for conditions on them. */
export function watchJobs(studio: Studio) {
  const events: JobUpdated[] = [];
  const waiters: Array<{ test: () => boolean; resolve: () => void }> = [];
  const unsubscribe = studio.events.subscribe((event) => {
    if (event.type !== 'job.updated') return;
    events.push(event.payload);
    for (const w of [...waiters]) {
      if (w.test()) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  return {
    events,
    unsubscribe,
    /** Resolves once test() holds (checked after every event); rejects after timeoutMs. */
    until(test: () => boolean, timeoutMs = 20_000): Promise<void> {
      if (test()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for job events')), timeoutMs);
        waiters.push({ test, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    finished(state: JobUpdated['state']) {
      return new Set(events.filter((e) => e.state === state).map((e) => e.jobId));
    },
  };
}
