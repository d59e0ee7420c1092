/**
 * vitest's V8 coverage provider, plus the built Electron bundles. The shell suites load
 * dist-electron/main.cjs and preload.cjs with Node's require (tests/support/electron-standin), outside
 * vite, so the stock provider drops them: their V8 counts arrive with the bundle's URL, which is not
 * a source file. Here a bundle's counts are mapped back to electron/main/*.ts (and whatever else it
 * bundled) through the source map esbuild writes next to it (electron/build.ts, sourcemap: true), and
 * join the summary like any other file; `coverage.excludeAfterRemap` keeps only the sources that
 * `coverage.include` names. Configured in vitest.config.ts as a custom provider.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8 from '@vitest/coverage-v8';

/** The bundles whose counts are mapped back: the files the Electron stand-in loads. */
export const BUNDLE_FILE = /\/dist-electron\/(main|preload)\.cjs$/;

type Sources = { code: string; map?: { sources: string[]; [key: string]: unknown } };
type V8Provider = Awaited<ReturnType<typeof v8.getProvider>> & {
  isIncluded(filename: string, root?: string): boolean;
  getSources(url: string, onTransform: unknown, functions?: unknown[]): Promise<Sources>;
};

/** A bundle as it ran (code read from disk, not re-transformed by vite) with its source map, sources as file URLs. */
export function bundleSources(url: string): Sources {
  const file = fileURLToPath(url);
  const code = readFileSync(file, 'utf8');
  const mapFile = `${file}.map`;
  if (!existsSync(mapFile)) return { code };
  const map = JSON.parse(readFileSync(mapFile, 'utf8')) as { sources: string[] };
  return { code, map: { ...map, sources: map.sources.map((source) => new URL(source, pathToFileURL(file)).href) } };
}

export default {
  ...v8,
  async getProvider() {
    const provider = (await v8.getProvider()) as V8Provider;
    const isIncluded = provider.isIncluded.bind(provider);
    const getSources = provider.getSources.bind(provider);
    // A bundle copied into a temporary installed layout (the packaged-layout tests) is gone by now: left out.
    const isBundle = (filename: string) => BUNDLE_FILE.test(filename.replaceAll('\\', '/')) && existsSync(filename);
    provider.isIncluded = (filename, root) => isBundle(filename.split('?')[0]!) || isIncluded(filename, root);
    provider.getSources = async (url, onTransform, functions) => (BUNDLE_FILE.test(url) && existsSync(fileURLToPath(url)) ? bundleSources(url) : getSources(url, onTransform, functions));
    return provider;
  },
} satisfies typeof v8;
