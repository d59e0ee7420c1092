import type { z } from 'zod';
import { clipMethods } from './clips';
import { cloudLibraryMethods, cloudMethods } from './cloud';
import { editorMethods } from './editor';
import { studioEvents } from './events';
import { exportMethods } from './export';
import { generateMethods } from './generate';
import { mediaMethods } from './media';
import { previewMethods } from './preview';
import { projectMethods } from './projects';
import { systemMethods } from './system';
import { timelineMethods } from './timeline';
import { updateMethods } from './update';

/** The StudioApi: one method table per feature, each named like the service folder that handles it. */
export const studioMethods = {
  ...systemMethods,
  ...projectMethods,
  ...clipMethods,
  ...mediaMethods,
  ...generateMethods,
  ...timelineMethods,
  ...exportMethods,
  ...editorMethods,
  ...previewMethods,
  ...cloudMethods,
  ...cloudLibraryMethods,
  ...updateMethods,
};

export type StudioMethods = typeof studioMethods;
export type MethodName = keyof StudioMethods;
/** What a caller may send (before defaults and trimming are applied). */
export type MethodInput<M extends MethodName> = z.input<StudioMethods[M]['input']>;
/** What a handler receives after validation. */
export type ParsedInput<M extends MethodName> = z.output<StudioMethods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<StudioMethods[M]['output']>;

/** The contract both transports implement: one async function per method. */
export type StudioApi = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>> };

export type StudioEvents = typeof studioEvents;
export type EventName = keyof StudioEvents;
export type StudioEvent = { [K in EventName]: { type: K; payload: z.output<StudioEvents[K]> } }[EventName];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(studioMethods, name);
}

export { studioEvents };
export * from './define';
export * from './ids';
export * from './projects';
export * from './clips';
export * from './media';
export * from './generate';
export * from './timeline';
export * from './export';
export * from './editor';
export * from './preview';
export * from './cloud';
export * from './system';
export * from './update';
export * from './errors';
