// @ts-check
// Mutation testing (StrykerJS): `npm run mutation`. A report, not part of `npm test` (2 cores).
import { readFileSync } from 'node:fs';

/** tests/mutation/groups.ts lists files and suites per group; read here without a TypeScript loader. */
const source = readFileSync(new URL('./groups.ts', import.meta.url), 'utf8');
const wanted = process.env.MUTATION_GROUP?.split(',').map((g) => g.trim()).filter(Boolean);
const groups = [...source.matchAll(/^ {2}(\w+): \{\n([\s\S]*?)\n {2}\},$/gm)]
  .filter(([, name]) => !wanted || wanted.includes(name))
  .map(([, name, body]) => {
    const list = (key) => [...(body.match(new RegExp(`${key}: \\[([\\s\\S]*?)\\]`))?.[1] ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1]);
    return { name, mutate: list('mutate'), tests: list('tests') };
  });
if (groups.length === 0) throw new Error(`no mutation group named ${process.env.MUTATION_GROUP}`);
// tests/mutation/vitest.config.ts runs exactly these suites (MUTATION_TESTS, when set, narrows a re-run
// to some of them, e.g. after adding tests to one suite: `--mutate <file>` with its suite).
process.env.MUTATION_TESTS ||= groups.flatMap((g) => g.tests).join(',');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'tests/mutation/vitest.config.ts', related: false },
  // No TypeScript checker: a mutant that would not type-check still runs (esbuild strips types) and the
  // suites judge it; the checker would cost a type-check of the project per mutant on 2 cores.
  coverageAnalysis: 'perTest',
  mutate: groups.flatMap((g) => g.mutate),
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 30_000,
  // the shell group's dry run builds the app from the instrumented sources (vite + esbuild): minutes on a busy machine
  dryRunTimeoutMinutes: 30,
  reporters: ['json', 'progress', 'clear-text'],
  // MUTATION_REPORT keeps runs of different groups apart; tests/mutation/report.ts reads one or several.
  jsonReporter: { fileName: process.env.MUTATION_REPORT ?? 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
