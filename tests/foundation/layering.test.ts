import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();
const layeringRules = new Set(['no-restricted-imports', 'no-restricted-syntax']);

async function layeringProblems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId !== null && layeringRules.has(m.ruleId)).map((m) => m.message);
}

describe('layering rules', () => {
  it.each([
    ['electron/services/x.ts', "import { app } from 'electron';"],
    ['electron/services/x.ts', "import type { App } from 'electron/main';"],
    ['electron/services/x.ts', "export { app } from 'electron';"],
    ['electron/services/x.ts', "const { app } = await import('electron'); void app;"],
    ['electron/services/x.ts', 'const { app } = await import(`electron`); void app;'],
    ['electron/services/x.ts', "const electron = require('electron'); void electron;"],
    ['electron/bridge/x.ts', "import { app } from 'electron';"],
    ['electron/bridge/x.ts', "const { app } = await import('electron'); void app;"],
    ['electron/cli/x.ts', "const { app } = await import('electron'); void app;"],
    ['electron/services/x.ts', "import { x } from '../main/index';"],
    ['electron/services/x.ts', "import { x } from '../main';"],
    ['electron/services/cloud/x.ts', "import { x } from '../../bridge';"],
    ['electron/services/cloud/x.ts', "const m = await import('../../cli/main'); void m;"],
    ['electron/bridge/x.ts', "import { x } from '../main';"],
    ['electron/bridge/x.ts', "import { x } from '../preload';"],
    ['electron/cli/x.ts', "import { x } from '../main';"],
    ['electron/cli/x.ts', "const m = await import('../main/index'); void m;"],
    ['renderer/src/x.ts', "import { readFileSync } from 'node:fs';"],
    ['renderer/src/x.ts', "import { readFileSync } from 'fs';"],
    ['renderer/src/x.ts', "import { readFile } from 'fs/promises';"],
    ['renderer/src/x.ts', "const fs = await import('node:fs'); void fs;"],
    ['renderer/src/x.ts', "import { createStudio } from '../../electron/services/studio';"],
    ['renderer/src/x.ts', "const m = await import('../../electron'); void m;"],
    ['renderer/src/x.ts', "import { ipcRenderer } from 'electron';"],
    ['shared/x.ts', "import { createStudio } from '../electron/services/studio';"],
    ['shared/x.ts', "import { x } from '../renderer';"],
    ['shared/x.ts', "const e = await import('electron'); void e;"],
    ['electron/cli/x.ts', "import { createJobRepository } from '../services/generate/job-repository';"],
    ['electron/bridge/x.ts', "import { compileTimeline } from '../services/export/compile/compile';"],
    ['electron/main/x.ts', "import { createClipRepository } from '../services/clips/clip-repository';"],
    ['electron/main/x.ts', "const m = await import('../services/db/database'); void m;"],
    ['electron/main/x.ts', "import { startBridge } from '../bridge/server';"],
    ['electron/preload/x.ts', "import { createStudio } from '../services/studio';"],
    ['electron/services/x.ts', "import { x } from '../build/native-abi';"],
    ['shared/x.ts', "import { json } from '../supabase/functions/_shared/http';"],
    ['electron/services/cloud/x.ts', "import { createClipGenerationHandler } from '../../../supabase/functions/clip-generation/handler';"],
    ['supabase/functions/account/handler.ts', "import { MOTIONS } from '../../../shared/values';"],
    ['supabase/functions/account/handler.ts', "import { x } from '../../../electron/services/studio';"],
    ['supabase/functions/_shared/x.ts', "import pg from 'pg';"],
  ])('%s may not %s', async (file, code) => {
    expect(await layeringProblems(file, `${code}\nexport {};\n`)).not.toEqual([]);
  });

  it.each([
    ['electron/main/x.ts', "import { app } from 'electron';"],
    ['electron/main/x.ts', "const { app } = await import('electron'); void app;"],
    ['electron/main/x.ts', "import { createStudio } from '../services/studio';"],
    ['electron/services/x.ts', "import { z } from 'zod';"],
    ['electron/services/cloud/x.ts', "import { x } from '../domain';"],
    ['electron/cli/index.ts', "import { runCli } from './main';"],
    ['electron/cli/x.ts', "import { createStudio } from '../services/studio';"],
    ['electron/bridge/x.ts', "const m = await import('../services/studio'); void m;"],
    ['renderer/src/x.ts', "import { studioMethods } from '../../shared/contract';"],
    ['renderer/src/x.ts', "import { MOTIONS } from '../../shared/values';"],
    ['electron/main/x.ts', "import { dispatch } from '../services/rpc/dispatch';"],
    ['electron/cli/x.ts', "import { locateFfmpeg } from '../services/ffmpeg';"],
    ['electron/bridge/x.ts', "import { importMusicFile } from '../services/timeline/music-import';"],
    ['electron/preload/x.ts', "import { IPC_CALL_CHANNEL } from '../../shared/contract/transport';"],
    ['shared/x.ts', "import { PHOTOS_BUCKET } from '../supabase/functions/_shared/wire';"],
    ['electron/services/cloud/x.ts', "import type { AccountBody } from '../../../supabase/functions/_shared/wire';"],
    ['supabase/functions/_shared/runtime/x.ts', "import pg from 'npm:pg@8';"],
    ['supabase/functions/account/handler.ts', "import { json } from '../_shared/http.ts';"],
    ['renderer/src/x.ts', "const m = await import('./EditorScreen'); void m;"],
    ['shared/x.ts', "import { z } from 'zod';"],
  ])('%s may %s', async (file, code) => {
    expect(await layeringProblems(file, `${code}\nexport {};\n`)).toEqual([]);
  });
});
