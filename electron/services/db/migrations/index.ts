import type { Migration } from '../migrate';
import { m0001Projects } from './0001_projects';

/** Every schema version in order; append new ones, never edit a shipped one. */
export const migrations: readonly Migration[] = [m0001Projects];
