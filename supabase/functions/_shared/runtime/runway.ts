// The Runway client: RUNWAYML_API_SECRET, and RUNWAYML_BASE_URL when pointed elsewhere (tests).
import RunwayML from 'npm:@runwayml/sdk@4';
import { runwayFromSdk, type RunwayLike } from '../runway.ts';
import { optionalEnv, requireEnv } from './env.ts';

export function runway(): RunwayLike {
  return runwayFromSdk(
    new RunwayML({ apiKey: requireEnv('RUNWAYML_API_SECRET'), baseURL: optionalEnv('RUNWAYML_BASE_URL'), timeout: 30_000 }),
  );
}
