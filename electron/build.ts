/** Bundles the Electron main process, the preload and the CLI into dist-electron/ (CommonJS, as Electron's sandboxed preload requires). */
import { build } from 'esbuild';

const nativeOrBinary = ['electron', 'better-sqlite3', 'sharp', 'ffmpeg-static'];

const common = {
  bundle: true,
  platform: 'node' as const,
  format: 'cjs' as const,
  target: 'node20',
  sourcemap: true,
  external: nativeOrBinary,
  logLevel: 'info' as const,
  // The cloud project is public configuration (URL + anon key), baked in at build time when given; Settings can set it otherwise.
  define: Object.fromEntries(
    ['ECHOES_SUPABASE_URL', 'ECHOES_SUPABASE_ANON_KEY'].flatMap((name) => (process.env[name] ? [[`process.env.${name}`, JSON.stringify(process.env[name])]] : [])),
  ),
};

await build({ ...common, entryPoints: { main: 'electron/main/index.ts' }, outdir: 'dist-electron', outExtension: { '.js': '.cjs' } });
await build({ ...common, entryPoints: { preload: 'electron/preload/index.ts' }, outdir: 'dist-electron', outExtension: { '.js': '.cjs' } });
// The CLI is an ES module (top-level await); the banner gives bundled CommonJS dependencies a require.
await build({
  ...common,
  format: 'esm',
  entryPoints: { echoes: 'electron/cli/index.ts' },
  outdir: 'dist-electron',
  outExtension: { '.js': '.mjs' },
  banner: { js: "#!/usr/bin/env node\nimport { createRequire as __echoesRequire } from 'node:module';\nconst require = __echoesRequire(import.meta.url);" },
});
