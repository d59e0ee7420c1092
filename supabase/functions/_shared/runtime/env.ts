// Reading the function's environment (Deno only). A missing variable stops the function at
// start-up with its name, instead of failing later inside a request.
export function requireEnv(name: string): string {
  const value = Deno.env.get(name);
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

export function optionalEnv(name: string): string | undefined {
  return Deno.env.get(name) || undefined;
}

export const log = (message: string, error: unknown): void => {
  // the message and the error's name/message only: no request data, no secrets
  const e = error as { name?: string; message?: string; status?: number } | null;
  console.error(JSON.stringify({ level: 'error', message, error: e?.name, detail: e?.message, status: e?.status }));
};
