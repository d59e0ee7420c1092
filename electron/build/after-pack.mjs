// electron-builder `afterPack` hook (electron-builder.yml). The check itself is TypeScript, loaded through tsx.
import { tsImport } from 'tsx/esm/api';

export async function afterPack(context) {
  const { verifyPackagedBinaries } = await tsImport('./verify-packaged-binaries.ts', import.meta.url);
  await verifyPackagedBinaries(context);
}

export default afterPack;
