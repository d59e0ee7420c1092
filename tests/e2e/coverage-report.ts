// Statement coverage of renderer/src under the Playwright suite: Chromium's V8 coverage of the built
// bundles (saved per test by tests/e2e/fixtures.ts), mapped back to the sources through vite's source
// maps with v8-to-istanbul. A summary to watch, not a gate.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import libCoverage from 'istanbul-lib-coverage';
import v8ToIstanbul from 'v8-to-istanbul';

interface Entry {
  url: string;
  functions: Parameters<ReturnType<typeof v8ToIstanbul>['applyCoverage']>[0];
}

const dir = resolve('test-results/e2e-coverage');
const distDir = resolve('dist/renderer');

async function main() {
  if (!existsSync(dir)) {
    console.log('e2e coverage: nothing recorded');
    return;
  }
  const map = libCoverage.createCoverageMap({});
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    for (const entry of JSON.parse(readFileSync(join(dir, file), 'utf8')) as Entry[]) {
      const script = join(distDir, new URL(entry.url).pathname.replace(/^\//, ''));
      if (!existsSync(script)) continue;
      const converter = v8ToIstanbul(script, 0);
      await converter.load();
      converter.applyCoverage(entry.functions);
      map.merge(converter.toIstanbul());
    }
  }
  rmSync(dir, { recursive: true, force: true });
  const summary = libCoverage.createCoverageSummary();
  let files = 0;
  for (const path of map.files()) {
    const rel = relative(process.cwd(), path);
    if (!rel.startsWith('renderer/src/')) continue;
    summary.merge(map.fileCoverageFor(path).toSummary());
    files += 1;
  }
  const s = summary.statements;
  console.log(`statement coverage by side (Playwright): renderer/src ${s.pct} % (${s.covered}/${s.total} statements, ${files} files)`);
}

await main();
