// Settings the admin changes without a deploy, read from public.admin_config.
import type { Sql } from './db.ts';
import { ApiError } from './http.ts';
import { CREDIT_PACK_LIMITS as L, RUNWAY_MODELS, SYSTEM_PROMPT_MAX_LENGTH, type CreditPackBody } from './wire.ts';

export type CreditPack = CreditPackBody;

export interface GenerationSettings {
  provider: 'runway';
  model: string;
  /** credits for a clip of up to 5 seconds, and for a longer one */
  credits_per_5s: number;
  credits_per_10s: number;
}

export const CONFIG_KEYS = ['credit_packs', 'system_prompt', 'generation'] as const;
export type ConfigKey = (typeof CONFIG_KEYS)[number];

/** Thrown by the parsers below: names the field that was wrong. */
export class ConfigError extends Error {}

const positiveInt = (v: unknown, where: string): number => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new ConfigError(`${where} must be a positive integer`);
  return v;
};
const text = (v: unknown, where: string, max: number): string => {
  if (typeof v !== 'string' || v.trim() === '' || v.length > max) throw new ConfigError(`${where} must be a non-empty string of at most ${max} characters`);
  return v;
};

export function parseCreditPacks(value: unknown): CreditPack[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > L.maxPacks) throw new ConfigError(`credit_packs must be a list of 1 to ${L.maxPacks} packs`);
  const packs = value.map((p, i) => {
    if (typeof p !== 'object' || p === null) throw new ConfigError(`credit_packs[${i}] must be an object`);
    const o = p as Record<string, unknown>;
    const id = text(o.id, `credit_packs[${i}].id`, L.idMaxLength);
    if (!new RegExp(L.idPattern).test(id)) throw new ConfigError(`credit_packs[${i}].id may use a-z, 0-9, _ and - only`);
    const currency = text(o.currency ?? 'usd', `credit_packs[${i}].currency`, 3).toLowerCase();
    if (!new RegExp(L.currencyPattern).test(currency)) throw new ConfigError(`credit_packs[${i}].currency must be a 3-letter ISO code`);
    const price = positiveInt(o.price_cents, `credit_packs[${i}].price_cents`);
    if (price < L.minPriceCents) throw new ConfigError(`credit_packs[${i}].price_cents must be at least ${L.minPriceCents} (Stripe's minimum)`);
    return {
      id,
      name: text(o.name, `credit_packs[${i}].name`, L.nameMaxLength),
      credits: positiveInt(o.credits, `credit_packs[${i}].credits`),
      price_cents: price,
      currency,
    };
  });
  if (new Set(packs.map((p) => p.id)).size !== packs.length) throw new ConfigError('credit_packs ids must be unique');
  return packs;
}


export function parseGenerationSettings(value: unknown): GenerationSettings {
  if (typeof value !== 'object' || value === null) throw new ConfigError('generation must be an object');
  const o = value as Record<string, unknown>;
  if (o.provider !== 'runway') throw new ConfigError('generation.provider must be "runway"');
  if (!(RUNWAY_MODELS as readonly unknown[]).includes(o.model)) throw new ConfigError(`generation.model must be one of ${RUNWAY_MODELS.join(', ')}`);
  return {
    provider: 'runway',
    model: o.model as string,
    credits_per_5s: positiveInt(o.credits_per_5s, 'generation.credits_per_5s'),
    credits_per_10s: positiveInt(o.credits_per_10s, 'generation.credits_per_10s'),
  };
}

export function parseSystemPrompt(value: unknown): string {
  if (typeof value !== 'string' || value.length > SYSTEM_PROMPT_MAX_LENGTH) throw new ConfigError(`system_prompt must be a string of at most ${SYSTEM_PROMPT_MAX_LENGTH} characters`);
  return value;
}

export const configParsers: Record<ConfigKey, (value: unknown) => unknown> = {
  credit_packs: parseCreditPacks,
  system_prompt: parseSystemPrompt,
  generation: parseGenerationSettings,
};

async function read<T>(sql: Sql, key: ConfigKey, parse: (v: unknown) => T): Promise<T> {
  const { rows } = await sql.query<{ value: unknown }>('select value from public.admin_config where key = $1', [key]);
  if (rows.length === 0) throw new ApiError(503, 'not_configured', `The service is not configured yet (${key}).`);
  try {
    return parse(rows[0]!.value);
  } catch (error) {
    if (error instanceof ConfigError) throw new ApiError(503, 'not_configured', `The service is misconfigured (${key}).`);
    throw error;
  }
}

export const creditPacks = (sql: Sql) => read(sql, 'credit_packs', parseCreditPacks);
export const generationSettings = (sql: Sql) => read(sql, 'generation', parseGenerationSettings);
export const systemPrompt = (sql: Sql) => read(sql, 'system_prompt', parseSystemPrompt);
