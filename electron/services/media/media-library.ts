import type { Db } from '../db/database';
import type { EventBus } from '../rpc/event-bus';
import type { ClipRepository } from '../clips/clip-repository';
import type { PipelineLimits } from './image-pipeline';
import { createImporter, type Importer } from './importer';
import { createAdopter, type Adopt } from './media-adoption';
import { collectUnusedMedia } from './media-gc';
import { createMediaGuard } from './media-guard';
import { createMediaRepository } from './media-repository';
import { createMediaStore, type LocalMediaStore } from './media-store';
import { configureSharp } from './sharp-config';

/** The store as the rest of the studio sees it: files by content, and generated files adopted as media. */
export interface LibraryStore extends LocalMediaStore {
  adopt: Adopt;
}

export interface MediaLibrary {
  store: LibraryStore;
  importer: Importer;
  /** Frees registered media nothing uses (imported images, take videos); `only` limits it to these ids. Returns the freed ids. */
  collectGarbage(only?: readonly string[]): Promise<string[]>;
  close(): void;
}

export interface MediaLibraryOptions {
  db: Db;
  events: EventBus;
  clips: ClipRepository;
  /** <dataDir>/media */
  root: string;
  limits?: PipelineLimits;
  concurrency?: number;
  /** The folder a full disk is reported for (the data folder). */
  spaceFolder?: string;
}

const STALE_TEMP_MS = 24 * 60 * 60 * 1000;

/** The media store, the importer and the collector, sharing one guard so they never race. */
export function createMediaLibrary(options: MediaLibraryOptions): MediaLibrary {
  configureSharp();
  const files = createMediaStore(options.root);
  const media = createMediaRepository(options.db);
  const guard = createMediaGuard();
  const store: LibraryStore = { ...files, adopt: createAdopter({ media, store: files, guard }) };
  const importer = createImporter({
    clips: options.clips,
    media,
    store,
    guard,
    events: options.events,
    ...(options.spaceFolder ? { spaceFolder: options.spaceFolder } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
  });
  let closed = false;
  const collectGarbage = (only?: readonly string[]) => collectUnusedMedia({ media, store, guard }, only);

  /** Background upkeep; failures after close (database gone) are expected and quiet. */
  const upkeep = (task: () => Promise<unknown>) => {
    task().catch((error: unknown) => {
      if (!closed) console.error('media upkeep failed', error);
    });
  };
  upkeep(() => store.sweepTemp(STALE_TEMP_MS));
  // Media of clips purged at start-up (see createStudio) and of clips removed other ways (a purged
  // project cascades to its clips) is freed here.
  upkeep(() => collectGarbage());
  const unsubscribe = options.events.subscribe((event) => {
    if (event.type === 'projects.changed' && event.payload.projectId && !closed) {
      const { projectId } = event.payload;
      upkeep(async () => {
        if (!projectExists(options.clips, projectId)) await collectGarbage();
      });
    }
  });

  return {
    store,
    importer,
    collectGarbage,
    close() {
      closed = true;
      unsubscribe();
      importer.close();
    },
  };
}

function projectExists(clips: ClipRepository, projectId: string): boolean {
  try {
    clips.assertProject(projectId);
    return true;
  } catch {
    return false;
  }
}
