// @ts-check
// Mutation testing (StrykerJS): `npm run mutation`. A report, not part of `npm test` (2 cores).
import { readFileSync } from 'node:fs';

/** tests/mutation/groups.ts lists the files; read them here without a TypeScript loader. */
const groups = readFileSync(new URL('./groups.ts', import.meta.url), 'utf8');
const mutate = [...groups.matchAll(/'([^']+\.tsx?)'/g)].map((m) => m[1]);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'tests/mutation/vitest.config.ts', related: false },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformance: true },
  coverageAnalysis: 'perTest',
  mutate,
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 30_000,
  reporters: ['json', 'progress', 'clear-text'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
