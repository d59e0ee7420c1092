import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { scripts: Record<string, string> };

describe('developing on Windows', () => {
  it('keeps shell scripts LF whatever core.autocrlf says', () => {
    const files = execFileSync('git', ['ls-files', '*.sh', '.ci/run'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(files.length).toBeGreaterThan(0);
    const attrs = execFileSync('git', ['check-attr', 'eol', '--', ...files], { cwd: root, encoding: 'utf8' });
    for (const file of files) expect(attrs).toContain(`${file}: eol: lf`);
  });

  it('has npm scripts that run under cmd and PowerShell: no bash, no POSIX `VAR=value command` form', () => {
    for (const [name, script] of Object.entries(pkg.scripts)) {
      expect(script, name).not.toMatch(/(^|&&\s*)bash\s/);
      expect(script, name).not.toMatch(/(^|&&\s*)[A-Za-z_][A-Za-z0-9_]*=\S*\s+\S/);
    }
  });
});
