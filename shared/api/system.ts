import { z } from 'zod';
import { defineMethods } from './define';

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  transport: z.enum(['electron', 'bridge']),
  dataDir: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const systemMethods = defineMethods({
  'system.info': {
    input: z.object({}).strict(),
    output: AppInfo,
  },
});
