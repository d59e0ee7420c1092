// electron-builder `beforePack` hook (electron-builder.yml). The check itself is TypeScript, loaded through tsx.
import { tsImport } from 'tsx/esm/api';

export async function beforePack(context) {
  const { enforceReleaseSigning } = await tsImport('./release-signing.ts', import.meta.url);
  enforceReleaseSigning(context, process.env);
}

export default beforePack;
