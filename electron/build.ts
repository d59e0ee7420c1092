/** Bundles the Electron main process, the preload and the CLI into dist-electron/ (CommonJS, as Electron's sandboxed preload requires). */
import { build, type Plugin } from 'esbuild';

/**
 * What stays a require() at run time: Electron itself and the runtime dependencies of package.json
 * (native modules and the FFmpeg binary). Everything else is bundled, and so is a devDependency;
 * tests/shell/bundle-shape.test.ts holds the bundles to this list.
 */
const runtimeRequires = ['electron', 'better-sqlite3', 'sharp', 'ffmpeg-static'];

/**
 * ws tries to require its optional native speed-ups (bufferutil, utf-8-validate) inside try/catch and
 * falls back to JavaScript. They are not shipped, so the bundle gets a module that throws instead of a
 * require() of a package the app does not have.
 */
const absentOptionalModules: Plugin = {
  name: 'absent-optional-modules',
  setup(builder) {
    builder.onResolve({ filter: /^(bufferutil|utf-8-validate)$/ }, (args) => ({ path: args.path, namespace: 'absent-optional' }));
    builder.onLoad({ filter: /.*/, namespace: 'absent-optional' }, (args) => ({ contents: `throw new Error(${JSON.stringify(`${args.path} is not shipped`)});`, loader: 'js' }));
  },
};

const common = {
  bundle: true,
  platform: 'node' as const,
  format: 'cjs' as const,
  target: 'node20',
  sourcemap: true,
  external: runtimeRequires,
  plugins: [absentOptionalModules],
  logLevel: 'info' as const,
  // The cloud project is public configuration (URL + anon key), baked in at build time when given; Settings can set it otherwise.
  define: Object.fromEntries(
    ['ECHOES_SUPABASE_URL', 'ECHOES_SUPABASE_ANON_KEY'].flatMap((name) => (process.env[name] ? [[`process.env.${name}`, JSON.stringify(process.env[name])]] : [])),
  ),
};

await build({ ...common, entryPoints: { main: 'electron/main/index.ts' }, outdir: 'dist-electron', outExtension: { '.js': '.cjs' } });
// The preload runs sandboxed: only 'electron' (and a few Node built-ins Electron polyfills) may be required.
await build({ ...common, external: ['electron'], entryPoints: { preload: 'electron/preload/index.ts' }, outdir: 'dist-electron', outExtension: { '.js': '.cjs' } });
// The CLI is an ES module (top-level await); the banner gives bundled CommonJS dependencies a require.
await build({
  ...common,
  format: 'esm',
  entryPoints: { echoes: 'electron/cli/index.ts' },
  outdir: 'dist-electron',
  outExtension: { '.js': '.mjs' },
  banner: { js: "#!/usr/bin/env node\nimport { createRequire as __echoesRequire } from 'node:module';\nconst require = __echoesRequire(import.meta.url);" },
});
