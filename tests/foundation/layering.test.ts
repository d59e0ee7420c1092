import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering rules', () => {
  it.each([
    ['electron/services/x.ts', "import { app } from 'electron';"],
    ['electron/bridge/x.ts', "import { app } from 'electron';"],
    ['electron/services/x.ts', "import { x } from '../main/index';"],
    ['renderer/src/x.ts', "import { readFileSync } from 'node:fs';"],
    ['renderer/src/x.ts', "import { readFileSync } from 'fs';"],
    ['renderer/src/x.ts', "import { createStudio } from '../../electron/services/studio';"],
    ['shared/x.ts', "import { createStudio } from '../electron/services/studio';"],
  ])('%s may not %s', async (file, code) => {
    expect(await restrictedImports(file, `${code}\nexport {};\n`)).not.toEqual([]);
  });

  it.each([
    ['electron/main/x.ts', "import { app } from 'electron';"],
    ['electron/services/x.ts', "import { z } from 'zod';"],
    ['renderer/src/x.ts', "import { studioMethods } from '../../shared/api';"],
  ])('%s may %s', async (file, code) => {
    expect(await restrictedImports(file, `${code}\nexport {};\n`)).toEqual([]);
  });
});
