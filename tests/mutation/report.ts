// Reads Stryker's JSON report and prints the mutation score per module and per group, then one
// JSON line: {"score_overall", "score_<group>"...}. Stryker's score: detected (killed or timed out)
// over detected + undetected (survived or not covered); compile errors and ignored mutants do not count.
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { MUTATION_GROUPS, type MutationGroup } from './groups';

interface Mutant {
  status: 'Killed' | 'Timeout' | 'Survived' | 'NoCoverage' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending';
  mutatorName: string;
  replacement?: string;
  location: { start: { line: number } };
}
interface Report {
  files: Record<string, { mutants: Mutant[] }>;
}

export interface Tally {
  detected: number;
  undetected: number;
}

export function tally(mutants: readonly Mutant[]): Tally {
  return {
    detected: mutants.filter((m) => m.status === 'Killed' || m.status === 'Timeout').length,
    undetected: mutants.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage').length,
  };
}

export const score = (t: Tally) => (t.detected + t.undetected === 0 ? null : Math.round((1000 * t.detected) / (t.detected + t.undetected)) / 10);
const add = (a: Tally, b: Tally): Tally => ({ detected: a.detected + b.detected, undetected: a.undetected + b.undetected });

/** One or more Stryker JSON reports (runs of different groups, e.g. MUTATION_GROUP=money then shell) read as one. */
function main(reportPaths: string[]) {
  const byFile = new Map<string, Mutant[]>();
  for (const reportPath of reportPaths.length ? reportPaths : ['reports/mutation/mutation.json']) {
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
    for (const [file, { mutants }] of Object.entries(report.files)) byFile.set(relative(process.cwd(), resolve(file)), mutants);
  }
  const summary: Record<string, number | null> = {};
  let overall: Tally = { detected: 0, undetected: 0 };
  for (const [group, { mutate: files }] of Object.entries(MUTATION_GROUPS) as Array<[MutationGroup, { mutate: readonly string[] }]>) {
    if (!files.some((file) => byFile.has(file))) continue; // a run limited to other groups
    let groupTally: Tally = { detected: 0, undetected: 0 };
    console.log(`\n${group}`);
    for (const file of files) {
      const mutants = byFile.get(file) ?? [];
      const t = tally(mutants);
      groupTally = add(groupTally, t);
      console.log(`  ${String(score(t) ?? '-').padStart(5)} %  ${file} (${t.detected} detected, ${t.undetected} undetected)`);
      for (const m of mutants.filter((x) => x.status === 'Survived' || x.status === 'NoCoverage')) {
        console.log(`           ${m.status.padEnd(10)} line ${m.location.start.line}: ${m.mutatorName}${m.replacement ? ` -> ${m.replacement.replace(/\s+/g, ' ').slice(0, 80)}` : ''}`);
      }
    }
    overall = add(overall, groupTally);
    summary[`score_${group}`] = score(groupTally);
    console.log(`  ${String(score(groupTally) ?? '-').padStart(5)} %  ${group} overall`);
  }
  console.log(JSON.stringify({ score_overall: score(overall), ...summary }));
}

main(process.argv.slice(2));
