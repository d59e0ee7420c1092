import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { RENDERER_CONTENT_TYPES, rendererFileFor } from '../services/system/renderer-files';

/** Serves a file of the built renderer; paths without an extension are the app's routes (index.html). */
export async function serveStatic(root: string, pathname: string, res: ServerResponse, headers: Record<string, string>): Promise<void> {
  const file = rendererFileFor(root, pathname);
  const info = file ? await stat(file).catch(() => null) : null;
  if (!file || !info?.isFile()) {
    if (file && file === join(resolve(root), 'index.html')) {
      res.writeHead(503, { 'Content-Type': 'text/plain' }).end('The renderer is not built: run `npm run build:renderer`.');
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    return;
  }
  const type = RENDERER_CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
  const cache = file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
  res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': info.size, 'Cache-Control': cache });
  createReadStream(file).pipe(res);
}
