import packageJson from '../../package.json' with { type: 'json' };
import { createAppSettings } from './system/app-settings';

export const APP_VERSION: string = packageJson.version;
/** The project's site (package.json `homepage`, https): where Help > Echoes Studio Help leads, through the openExternal allow-list. */
export const APP_HOMEPAGE: string = packageJson.homepage;

/** The update channel the app follows (Settings; stable until changed), as the CLI reports it. */
export function updateChannelOf(dataDir: string): 'stable' | 'beta' {
  return createAppSettings(dataDir).get().updateChannel;
}
