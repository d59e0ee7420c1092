// Prints statement coverage per side of the app from vitest's json-summary (no threshold: a figure
// to watch, as the test-strength issue asks). Usage: tsx tests/support/coverage-by-side.ts [summary.json]
// electron/main and electron/preload are counted from the built bundles the shell suites run under the
// Electron stand-in, mapped back to their sources by tests/support/coverage-provider.ts.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

const SIDES = ['electron/services', 'electron/main', 'electron/preload', 'electron/bridge', 'electron/cli', 'renderer/src', 'shared', 'supabase/functions'];

type Counts = { total: number; covered: number };
const file = process.argv[2] ?? 'coverage/coverage-summary.json';
if (!existsSync(file)) {
  console.log(`coverage: no ${file} (run vitest with --coverage)`);
  process.exit(0);
}
const summary = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { statements: Counts }>;
const sides = new Map(SIDES.map((s) => [s, { total: 0, covered: 0, files: 0, untested: 0 }]));
for (const [path, { statements }] of Object.entries(summary)) {
  if (path === 'total') continue;
  const rel = relative(process.cwd(), path);
  const side = SIDES.find((s) => rel.startsWith(`${s}/`));
  if (!side) continue;
  const t = sides.get(side)!;
  t.total += statements.total;
  t.covered += statements.covered;
  t.files += 1;
  if (statements.total > 0 && statements.covered === 0) t.untested += 1;
}
console.log('statement coverage by side (vitest):');
for (const [side, t] of sides) {
  const pct = t.total ? ((100 * t.covered) / t.total).toFixed(1) : '-';
  console.log(`  ${side.padEnd(20)} ${pct.padStart(5)} %  (${t.covered}/${t.total} statements, ${t.files} files, ${t.untested} at 0 %)`);
}
