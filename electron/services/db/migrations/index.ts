import type { Migration } from '../migrate';
import { m0001Projects } from './0001_projects';
import { m0002Media } from './0002_media';
import { m0003Generation } from './0003_generation';
import { m0004Editing } from './0004_editing';
import { m0005TrashAndTakeMedia } from './0005_trash_and_take_media';
import { m0006BoundaryTransitions } from './0006_boundary_transitions';
import { m0007PreviewSegments } from './0007_preview_segments';
import { m0008ExportSavedPath } from './0008_export_saved_path';
import { m0009MediaDeletions } from './0009_media_deletions';
import { m0010Framing } from './0010_framing';
import { m0011WordsAndRhythm } from './0011_words_and_rhythm';

/** Every schema version in order; append new ones, never edit a shipped one. */
export const migrations: readonly Migration[] = [
  m0001Projects,
  m0002Media,
  m0003Generation,
  m0004Editing,
  m0005TrashAndTakeMedia,
  m0006BoundaryTransitions,
  m0007PreviewSegments,
  m0008ExportSavedPath,
  m0009MediaDeletions,
  m0010Framing,
  m0011WordsAndRhythm,
];
