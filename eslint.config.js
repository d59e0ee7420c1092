// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** Layering, the way VS Code's code-layering rule states it: who may import whom. */
const layer = (files, patterns, paths = []) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { paths, patterns }] },
});

const noElectron = { group: ['electron', 'electron/*'], message: 'Only electron/main and electron/preload may import electron; inject what you need.' };

export default tseslint.config(
  { ignores: ['dist/**', 'dist-electron/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'supabase/functions/**', '.deno/**'] },
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
  layer(['electron/services/**'], [
    noElectron,
    { group: ['**/main/**', '**/preload/**', '**/bridge/**', '**/cli/**', '**/renderer/**'], message: 'Services are the bottom layer: the shells import them, not the other way round.' },
  ]),
  layer(['electron/bridge/**', 'electron/cli/**'], [
    noElectron,
    { group: ['**/main/**', '**/preload/**', '**/renderer/**'], message: 'The bridge and the CLI build on services only.' },
  ]),
  layer(
    ['renderer/**'],
    [{ group: ['**/electron/**', 'electron', 'electron/*'], message: 'The renderer talks to the studio only through the StudioApi contract in shared/.' }],
    nodeBuiltins.map((name) => ({ name, message: 'The renderer runs in a browser sandbox: no Node built-ins.' })),
  ),
  layer(['shared/**'], [
    { group: ['**/electron/**', '**/renderer/**', '**/supabase/**', '**/tests/**', 'electron'], message: 'shared/ is the contract: it imports nothing of ours.' },
  ]),
);
