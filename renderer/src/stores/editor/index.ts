import { create } from 'zustand';
import { createClipsSlice, type ClipsSlice } from './clips';
import { createExportSlice, type ExportSlice } from './export';
import { createGenerationSlice, type GenerationSlice } from './generation';
import { createImportSlice, type ImportSlice } from './import';
import { createTimelineSlice, type TimelineSlice } from './timeline';
import { createViewSlice, type ViewSlice } from './view';

/** The project editor's state: one zustand store made of one slice per feature. */
export type EditorState = ViewSlice & ClipsSlice & TimelineSlice & GenerationSlice & ImportSlice & ExportSlice;

export const useEditor = create<EditorState>()((set, get) => ({
  ...createViewSlice(set, get),
  ...createClipsSlice(set, get),
  ...createTimelineSlice(set, get),
  ...createGenerationSlice(set, get),
  ...createImportSlice(set, get),
  ...createExportSlice(set, get),
}));

export type { InspectorTab } from './view';
export type { ImportFailure, ImportState } from './import';
export { awaitingApproval, currentTake, fullOrderFor, isActiveJob, takeOfOtherShape } from './selectors';
