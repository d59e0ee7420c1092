import { defineConfig } from 'vitest/config';
import base from '../../vitest.config';

/**
 * The suites that guard the mutated modules (the shell's tests load the built bundle, which no
 * import graph links to its sources, so Stryker is given the suites rather than asked to find them).
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['tests/editor/**/*.test.ts', 'tests/shell/**/*.test.ts', 'tests/foundation/bridge.test.ts', 'tests/edge/**/*.test.ts', 'tests/db/credit-ledger.test.ts'],
    coverage: { enabled: false },
  },
});
