import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

/**
 * renderer/src/early-call.ts is an entry of its own with its own <script> ahead of the app's, so it
 * runs as soon as it is loaded instead of after the whole app bundle is compiled (vite would merge
 * two script tags of index.html into one entry).
 */
function earlyCallScript(): Plugin {
  return {
    name: 'echoes-early-call',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.isEntry && c.name === 'early-call');
        if (!chunk) throw new Error('the early-call entry is missing from the bundle');
        // Straight before the app's script: module scripts run in document order.
        return html.replace('<script type="module"', `<script type="module" crossorigin src="./${chunk.fileName}"></script>\n    <script type="module"`);
      },
    },
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), tailwindcss(), earlyCallScript()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
    rollupOptions: {
      input: { index: resolve('renderer/index.html'), 'early-call': resolve('renderer/src/early-call.ts') },
    },
  },
});
