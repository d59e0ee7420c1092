import { defineConfig } from 'vitest/config';
import base from '../../vitest.config';

/**
 * Runs the suites that guard the mutated modules, as tests/mutation/stryker.config.mjs names them
 * (the shell's tests load the built bundle, which no import graph links to its sources, so Stryker
 * is told the suites rather than asked to find them).
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: (process.env.MUTATION_TESTS ?? '').split(',').filter(Boolean),
    coverage: { enabled: false },
  },
});
