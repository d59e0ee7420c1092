import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppSettings } from '../../../shared/contract/system';
import { renameFile } from './file-ops';

/** App-wide preferences in <dataDir>/settings.json, written atomically; a damaged file means defaults. */
export function createAppSettings(dataDir: string) {
  const file = join(dataDir, 'settings.json');
  let current: AppSettings;
  try {
    const parsed = AppSettings.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    current = parsed.success ? parsed.data : AppSettings.parse({});
  } catch {
    current = AppSettings.parse({});
  }
  return {
    get: (): AppSettings => current,
    async update(patch: Partial<AppSettings>): Promise<AppSettings> {
      const next = AppSettings.parse({ ...current, ...patch });
      await writeFile(`${file}.tmp`, JSON.stringify(next, null, 2));
      await renameFile(`${file}.tmp`, file);
      current = next;
      return next;
    },
  };
}
export type AppSettingsStore = ReturnType<typeof createAppSettings>;
