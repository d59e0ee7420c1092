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
    coverage: {
      provider: 'v8',
      include: ['electron/**/*.ts', 'renderer/src/**/*.{ts,tsx}', 'shared/**/*.ts', 'supabase/functions/**/*.ts'],
      reporter: [['text-summary'], ['json-summary', { file: 'coverage-summary.json' }]],
      reportsDirectory: 'coverage',
    },
  },
});
