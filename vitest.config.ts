import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // FFmpeg- and PostgreSQL-heavy suites share a 2-core machine: keep file-level parallelism modest.
    maxWorkers: 2,
    // `npm run test:unit` prints a summary (no threshold): how much of each side the suites run.
    // The V8 provider, plus the built Electron bundles the shell suites load (mapped back to their sources).
    coverage: {
      provider: 'custom',
      customProviderModule: './tests/support/coverage-provider.ts',
      excludeAfterRemap: true,
      include: ['electron/**/*.ts', 'renderer/src/**/*.{ts,tsx}', 'shared/**/*.ts', 'supabase/functions/**/*.ts'],
      reporter: [['text-summary'], ['json-summary', { file: 'coverage-summary.json' }]],
      reportsDirectory: 'coverage',
    },
  },
});
