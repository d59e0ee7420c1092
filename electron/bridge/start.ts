/**
 * `npm run studio`: the studio over HTTP + WebSocket on 127.0.0.1 for a browser (development, e2e).
 * Options: --port N (default: random), --data-dir DIR (default: the app's data folder), --token T.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { defaultDataDir } from '../services/data-dir';
import { createStudio } from '../services/studio';
import { startBridge } from './server';
import { APP_VERSION } from '../services/version';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    token: { type: 'string' },
    'static-dir': { type: 'string' },
  },
});

const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a number from 0 to 65535, got ${values.port}`);
  process.exit(2);
}
const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
const studio = createStudio({ dataDir, transport: 'bridge', version: APP_VERSION });
void studio.preview.warm().catch(() => {});
const bridge = await startBridge({
  studio,
  staticDir: resolve(values['static-dir'] ?? 'dist/renderer'),
  port,
  ...(values.token ? { token: values.token } : {}),
});

// A link that works once: the token itself is never printed (terminal scrollback, pasted commands).
console.log(`Echoes Studio is running on ${bridge.url}. Open it (this link works once): ${bridge.oneTimeLink()}`);
console.log(`Data folder: ${dataDir}`);

async function shutdown(): Promise<void> {
  await bridge.close();
  studio.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
