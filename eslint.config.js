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

const noElectron = { regex: ELECTRON, message: 'Only electron/main and electron/preload may import electron; inject what you need.' };

export default tseslint.config(
  { ignores: ['dist/**', 'dist-electron/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.deno/**'] },
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
    { regex: upTo('main', 'preload', 'bridge', 'cli', 'renderer'), message: 'Services are the bottom layer: the shells import them, not the other way round.' },
  ]),
  layer(['electron/bridge/**', 'electron/cli/**'], [
    noElectron,
    { regex: upTo('main', 'preload', 'renderer'), message: 'The bridge and the CLI build on services only.' },
  ]),
  layer(['renderer/**'], [
    { regex: ELECTRON, message: 'The renderer talks to the studio only through the StudioApi contract in shared/.' },
    { regex: upTo('electron'), message: 'The renderer talks to the studio only through the StudioApi contract in shared/.' },
    { regex: NODE_BUILTIN, message: 'The renderer runs in a browser sandbox: no Node built-ins.' },
  ]),
  {
    // Edge functions run under Deno: its globals, and `npm:` / `.ts` specifiers resolved by Deno.
    files: ['supabase/functions/**/*.ts'],
    languageOptions: { globals: { ...globals.browser, Deno: 'readonly', EdgeRuntime: 'readonly' } },
  },
  layer(['supabase/functions/**'], [
    { regex: upTo('electron', 'renderer', 'shared', 'tests'), message: 'A deployed function bundles only files under supabase/functions.' },
    { regex: '^(?!npm:|\\.|jsr:).*', message: 'Edge functions import npm packages through `npm:` specifiers in _shared/runtime only.' },
  ]),
  layer(['shared/**'], [
    { regex: ELECTRON, message: 'shared/ is the contract: it imports nothing of ours.' },
    { regex: upTo('electron', 'renderer', 'supabase', 'tests'), message: 'shared/ is the contract: it imports nothing of ours.' },
  ]),
);
