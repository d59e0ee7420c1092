import type { SupabaseClient } from '@supabase/supabase-js';
import type { AdminConfig } from '../../../shared/contract/cloud';
import { StudioError } from '../../../shared/contract/errors';
import { CloudCallError, invokeFunction } from './functions';
import type { AdminMusicBody, AdminMusicRequestBody, TelemetrySummaryBody } from '../../../supabase/functions/_shared/wire';

export type AdminKey = 'credit_packs' | 'system_prompt' | 'generation';

function adminError(error: unknown): never {
  if (error instanceof CloudCallError && (error.status === 401 || error.status === 429)) throw new StudioError('FORBIDDEN', error.message);
  if (error instanceof CloudCallError && error.status === 503) throw new StudioError('UNAVAILABLE', error.message);
  throw error;
}

/** Credit packs, system prompt and model settings through the admin function (X-Admin-Password). */
export async function adminGet(client: SupabaseClient, password: string): Promise<AdminConfig> {
  try {
    const body = await invokeFunction<{ config: AdminConfig }>(client, 'admin', { method: 'GET', headers: { 'X-Admin-Password': password } });
    return body.config;
  } catch (error) {
    return adminError(error);
  }
}

export async function adminUpdate(client: SupabaseClient, password: string, key: AdminKey, value: unknown): Promise<AdminConfig> {
  try {
    const body = await invokeFunction<{ config: AdminConfig }>(client, 'admin', { body: { key, value }, headers: { 'X-Admin-Password': password } });
    return body.config;
  } catch (error) {
    return adminError(error);
  }
}

/** The summary of the opt-in reports: per app version, the last 7 days (GET ?view=telemetry). */
export async function adminTelemetry(client: SupabaseClient, password: string): Promise<TelemetrySummaryBody> {
  try {
    return await invokeFunction<TelemetrySummaryBody>(client, 'admin', { method: 'GET', query: { view: 'telemetry' }, headers: { 'X-Admin-Password': password } });
  } catch (error) {
    return adminError(error);
  }
}

/** The music catalogue: GET ?view=music lists it, POST {music: ...} changes it. */
export async function adminMusic(client: SupabaseClient, password: string, request: AdminMusicRequestBody | null): Promise<AdminMusicBody> {
  try {
    return request
      ? await invokeFunction<AdminMusicBody>(client, 'admin', { body: request as unknown as Record<string, unknown>, headers: { 'X-Admin-Password': password } })
      : await invokeFunction<AdminMusicBody>(client, 'admin', { method: 'GET', query: { view: 'music' }, headers: { 'X-Admin-Password': password } });
  } catch (error) {
    return adminError(error);
  }
}
