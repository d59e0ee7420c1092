import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { renameFile } from '../system/file-ops';

/**
 * Where the signed-in session (access + refresh token) and the PKCE verifier live. Injected by
 * the shell: Electron encrypts with safeStorage (OS keychain); tests and the CLI use a file.
 */
export interface SecretStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Turns the secrets file into bytes and back (safeStorage's async calls in Electron, identity for the plain store). */
export interface SecretCipher {
  encrypt(plain: string): Buffer | Promise<Buffer>;
  decrypt(data: Buffer): string | Promise<string>;
}

const plainCipher: SecretCipher = {
  encrypt: (plain) => Buffer.from(plain, 'utf8'),
  decrypt: (data) => data.toString('utf8'),
};

/**
 * All secrets in one file, written atomically with mode 0600. Writes are serialized so
 * concurrent set/delete calls cannot lose each other. A file that cannot be read or decrypted
 * (another machine's keychain, damage) counts as empty: the creator signs in again.
 */
export function createFileSecretStore(file: string, cipher: SecretCipher = plainCipher): SecretStore {
  let cache: Record<string, string> | null = null;
  let chain: Promise<unknown> = Promise.resolve();

  async function load(): Promise<Record<string, string>> {
    if (cache) return cache;
    try {
      const parsed: unknown = JSON.parse(await cipher.decrypt(await readFile(file)));
      cache = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, string>) : {};
    } catch {
      cache = {};
    }
    return cache;
  }

  async function save(next: Record<string, string>): Promise<void> {
    await mkdir(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, await cipher.encrypt(JSON.stringify(next)), { mode: 0o600 });
    await chmod(temp, 0o600);
    await renameFile(temp, file);
    cache = next;
  }

  function serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = chain.then(task, task);
    chain = run.catch(() => undefined);
    return run;
  }

  return {
    get: (key) => serialized(async () => (await load())[key] ?? null),
    set: (key, value) => serialized(async () => save({ ...(await load()), [key]: value })),
    delete: (key) =>
      serialized(async () => {
        const current = await load();
        if (!(key in current)) return;
        const { [key]: _removed, ...rest } = current;
        await save(rest);
      }),
  };
}

/** A store in memory only (a session that must not outlive the process). */
export function createMemorySecretStore(): SecretStore {
  const map = new Map<string, string>();
  return {
    get: async (key) => map.get(key) ?? null,
    set: async (key, value) => void map.set(key, value),
    delete: async (key) => void map.delete(key),
  };
}
