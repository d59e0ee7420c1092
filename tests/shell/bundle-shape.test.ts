/**
 * What the built bundles need at run time: the preload runs sandboxed and may require only 'electron';
 * main.cjs may require Node built-ins, 'electron' and the runtime dependencies of package.json, and
 * every runtime dependency must be one main.cjs really requires (everything bundled is a devDependency).
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltApp } from '../support/electron-standin/built-app';

let root = '';
beforeAll(async () => {
  root = await ensureBuiltApp();
}, 300_000);

/** The module names a CommonJS bundle requires with a literal string. */
function requiredBy(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...new Set([...text.matchAll(/\brequire\((["'])([^"']+)\1\)/g)].map((m) => m[2]!))].sort();
}

const isBuiltin = (name: string) => name.startsWith('node:') || builtinModules.includes(name);
const pkg = () => JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };

describe('bundle shape', () => {
  it("the preload requires nothing but 'electron'", () => {
    expect(requiredBy(join(root, 'dist-electron', 'preload.cjs'))).toEqual(['electron']);
  });

  it("main.cjs requires only Node built-ins, 'electron' and the runtime dependencies", () => {
    const runtime = new Set([...Object.keys(pkg().dependencies ?? {}), ...Object.keys(pkg().optionalDependencies ?? {})]);
    const foreign = requiredBy(join(root, 'dist-electron', 'main.cjs')).filter((name) => !isBuiltin(name) && name !== 'electron' && !runtime.has(name));
    expect(foreign).toEqual([]);
  });

  it('every runtime dependency is one main.cjs loads at run time; the rest is bundled and dev-only', () => {
    const main = readFileSync(join(root, 'dist-electron', 'main.cjs'), 'utf8');
    const required = requiredBy(join(root, 'dist-electron', 'main.cjs'));
    expect(Object.keys(pkg().dependencies ?? {}).sort()).toEqual(['better-sqlite3', 'sharp']);
    for (const name of Object.keys(pkg().dependencies ?? {})) expect(required, name).toContain(name);
    // ffmpeg-static is optional (its install downloads the binary) and resolved by name at run time (electron/services/ffmpeg/locate.ts)
    expect(Object.keys(pkg().optionalDependencies ?? {})).toEqual(['ffmpeg-static']);
    expect(main).toMatch(/\breq\("ffmpeg-static"\)/);
  });
});
