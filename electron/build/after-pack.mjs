// electron-builder `afterPack` hook (electron-builder.yml). The check itself is TypeScript, loaded through tsx.
import { tsImport } from 'tsx/esm/api';

export async function afterPack(context) {
  const { verifyPackagedFfmpeg } = await tsImport('./verify-ffmpeg.ts', import.meta.url);
  await verifyPackagedFfmpeg(context);
}

export default afterPack;
