// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

/**
 * Layering, the way VS Code's code-layering rule states it: who may import whom. Each rule is a
 * regular expression over the module specifier, applied to static imports and re-exports
 * (no-restricted-imports) and to dynamic import() and require() (no-restricted-syntax), so
 * `await import('electron')` is caught like `import ... from 'electron'`.
 */
const ELECTRON = '^electron(/.*)?$';
/** A folder of ours reached by going up at least once: '../main', '../../bridge/server', '../../electron/main/x'. */
const upTo = (...folders) => `(^|/)\\.\\./(.*/)?(${folders.join('|')})(/.*)?$`;
const builtinNames = [...new Set(builtinModules.map((m) => m.replace(/^node:/, '').split('/')[0]))];
const NODE_BUILTIN = `^(node:)?(${builtinNames.join('|')})(/.*)?$`;

/** esquery cannot read a '/' inside a regex literal; \x2F is the same character. */
const selectorRegex = (regex) => `/${regex.replaceAll('/', '\\x2F')}/`;

const layer = (files, rules) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: rules.map(({ regex, message }) => ({ regex, message })) }],
    'no-restricted-syntax': [
      'error',
      ...rules.flatMap(({ regex, message }) => [
        { selector: `ImportExpression[source.value=${selectorRegex(regex)}]`, message },
        { selector: `ImportExpression[source.type='TemplateLiteral'][source.expressions.length=0][source.quasis.0.value.cooked=${selectorRegex(regex)}]`, message },
        { selector: `CallExpression[callee.name='require'][arguments.0.value=${selectorRegex(regex)}]`, message },
        { selector: `TSExternalModuleReference[expression.value=${selectorRegex(regex)}]`, message },
      ]),
    ],
  },
});

/**
 * The layering map (VS Code's code-layering rule in spirit): each layer is a folder, and names the
 * folders of ours it may never reach, whether it may import electron and Node's built-ins, and
 * for the shells, which services they may import: studio.ts, rpc/ and a few named entry points.
 */
const SHELL_ENTRY_POINTS = [
  'studio',
  'version',
  'data-dir',
  'log/logger',
  'resources-dir',
  'rpc/[a-z-]+',
  'ffmpeg',
  'ffmpeg/locate',
  'system/renderer-files',
  'system/disk-full',
  'system/run-temp',
  'system/file-ops',
  'system/library-location',
  'media/media-store',
  'media/media-range',
  'media/import-failure',
  'media/file-name',
  'cloud/config',
  'cloud/secret-store',
  'cloud/cloud-service',
  'cloud/external',
  'timeline/music-import',
  'timeline/bundled-music',
  'export/export-service',
];
/** The one backend file the desktop shares: a deployed function bundles only supabase/functions, so it lives there. */
const wireOnly = {
  regex: '(^|/)\\.\\./(.*/)?supabase/(?!functions/_shared/wire$).*',
  message: 'Of the backend, the desktop imports only supabase/functions/_shared/wire.ts (the bodies and limits both sides check).',
};
const LAYERS = [
  {
    files: ['electron/services/**'],
    electron: false,
    mayNotReach: ['main', 'preload', 'bridge', 'cli', 'renderer', 'build'],
    why: 'Services are the bottom layer: the shells import them, not the other way round; inject what you need.',
    extra: [wireOnly],
  },
  { files: ['electron/bridge/**', 'electron/cli/**'], electron: false, mayNotReach: ['main', 'preload', 'renderer'], shell: true, why: 'The bridge and the CLI build on services only.' },
  { files: ['electron/main/**'], electron: true, mayNotReach: ['preload', 'bridge', 'cli', 'renderer'], shell: true, why: 'The Electron shell builds on services only.' },
  { files: ['electron/preload/**'], electron: true, mayNotReach: ['main', 'services', 'bridge', 'cli', 'renderer'], why: 'The preload exposes invoke/subscribe and nothing else.' },
  { files: ['renderer/**'], electron: false, node: false, mayNotReach: ['electron', 'supabase', 'tests'], why: 'The renderer talks to the studio only through the StudioApi contract in shared/.' },
  {
    files: ['shared/**'],
    electron: false,
    mayNotReach: ['electron', 'renderer', 'tests'],
    why: 'shared/ is the contract: it imports nothing of ours.',
    extra: [wireOnly],
  },
  {
    files: ['supabase/functions/**'],
    electron: false,
    mayNotReach: ['electron', 'renderer', 'shared', 'tests'],
    why: 'A deployed function bundles only files under supabase/functions.',
    extra: [{ regex: '^(?!npm:|\\.|jsr:).*', message: 'Edge functions import npm packages through `npm:` specifiers in _shared/runtime only.' }],
  },
];

const shellRule = {
  regex: `^(\\.\\./)+services/(?!(${SHELL_ENTRY_POINTS.join('|')})$).+`,
  message: `A shell imports services only through studio.ts, rpc/ and the named entry points (${SHELL_ENTRY_POINTS.join(', ')}).`,
};

const layerConfigs = LAYERS.map(({ files, electron, node = true, mayNotReach, shell = false, why, extra = [] }) =>
  layer(files, [
    ...(electron ? [] : [{ regex: ELECTRON, message: `${why} (no electron here: only electron/main and electron/preload import it)` }]),
    ...(node ? [] : [{ regex: NODE_BUILTIN, message: `${why} (a browser sandbox: no Node built-ins)` }]),
    { regex: upTo(...mayNotReach), message: why },
    ...(shell ? [shellRule] : []),
    ...extra,
  ]),
);

export default tseslint.config(
  { ignores: ['dist/**', 'dist-electron/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.deno/**', '.stryker-tmp/**', 'reports/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-empty-pattern': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // Edge functions run under Deno: its globals, and `npm:` / `.ts` specifiers resolved by Deno.
    files: ['supabase/functions/**/*.ts'],
    languageOptions: { globals: { ...globals.browser, Deno: 'readonly', EdgeRuntime: 'readonly' } },
  },
  ...layerConfigs,
);
