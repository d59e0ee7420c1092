import { join } from 'node:path';
import type { Handlers } from './api/handlers';
import { createEventBus, type EventBus } from './api/event-bus';
import { openDatabase, type Db } from './db/database';
import { projectHandlers } from './projects/project-handlers';
import { createProjectRepository } from './projects/project-repository';

export interface StudioOptions {
  /** The user's data folder: the database and the media store live under it. */
  dataDir: string;
  transport: 'electron' | 'bridge';
  version: string;
}

export interface Studio {
  handlers: Handlers;
  events: EventBus;
  db: Db;
  close(): void;
}

/** Builds the whole studio from plain Node parts; the Electron shell and the bridge both wrap this. */
export function createStudio(options: StudioOptions): Studio {
  const db = openDatabase(join(options.dataDir, 'studio.db'));
  const events = createEventBus();
  const projects = createProjectRepository(db);

  const handlers: Handlers = {
    'system.info': () => ({
      name: 'Echoes Studio',
      version: options.version,
      transport: options.transport,
      dataDir: options.dataDir,
    }),
    ...projectHandlers(projects, events),
  };

  return {
    handlers,
    events,
    db,
    close: () => db.close(),
  };
}
