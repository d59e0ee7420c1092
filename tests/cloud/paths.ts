import { fileURLToPath } from 'node:url';

export const resourcesDir = fileURLToPath(new URL('../../resources', import.meta.url));
