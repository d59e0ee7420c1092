import packageJson from '../../package.json' with { type: 'json' };

export const APP_VERSION: string = packageJson.version;
/** The project's site (package.json `homepage`, https): where Help > Echoes Studio Help leads, through the openExternal allow-list. */
export const APP_HOMEPAGE: string = packageJson.homepage;
