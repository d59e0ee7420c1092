import { useState } from 'react';
import type { AdminConfig } from '../../../../shared/contract';
import { studio } from '../../transport/client';
import { Button } from '../../components/Button';
import { AdminReports } from './AdminReports';
import { AdminMusic } from './AdminMusic';
import { useRoute } from '../../stores/route';
import { toastError, useToasts } from '../../stores/toasts';
import { RUNWAY_MODELS, SYSTEM_PROMPT_MAX_LENGTH } from '../../../../shared/values';

const modelLabels: Record<(typeof RUNWAY_MODELS)[number], string> = { gen4_turbo: 'Runway Gen-4 Turbo' };

type Pack = NonNullable<AdminConfig['credit_packs']>[number];
type Generation = NonNullable<AdminConfig['generation']>;

const input = 'rounded-md border border-ink-700 bg-ink-850 px-2 py-1.5 text-sm text-ink-100';

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="flex flex-col gap-3 rounded-xl border border-ink-800 bg-ink-900 p-5" aria-label={title}>
      <h2 className="text-base font-semibold">{title}</h2>
      {children}
    </section>
  );
}

/** Settings › Admin: credit packs, system prompt and model, for whoever holds the admin password. */
export function AdminScreen() {
  const go = useRoute((s) => s.go);
  // the password stays in this screen's memory only; every call sends it to the admin function
  const [password, setPassword] = useState('');
  const [config, setConfig] = useState<AdminConfig | null>(null);
  const [packs, setPacks] = useState<Pack[]>([]);
  const [prompt, setPrompt] = useState('');
  const [generation, setGeneration] = useState<Generation | null>(null);
  const [busy, setBusy] = useState(false);

  function load(next: AdminConfig) {
    setConfig(next);
    setPacks(next.credit_packs ?? []);
    setPrompt(next.system_prompt ?? '');
    setGeneration(next.generation ?? null);
  }

  async function run(action: () => Promise<AdminConfig>, saved?: string) {
    setBusy(true);
    try {
      load(await action());
      if (saved) useToasts.getState().push({ kind: 'success', message: saved });
    } catch (error) {
      toastError(error);
    } finally {
      setBusy(false);
    }
  }

  const setPack = (i: number, patch: Partial<Pack>) => setPacks((list) => list.map((p, j) => (j === i ? { ...p, ...patch } : p)));

  return (
    <main className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-8 py-8">
      <div className="flex items-center gap-3">
        <Button variant="ghost" onClick={() => go({ screen: 'settings' })}>
          ← Settings
        </Button>
        <h1 className="text-2xl font-semibold tracking-tight">Admin</h1>
      </div>
      {!config ? (
        <Section title="Unlock">
          <form
            className="flex items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              void run(() => studio.api['admin.get']({ password }));
            }}
          >
            <label className="flex flex-1 flex-col gap-1 text-xs text-ink-300">
              Admin password
              <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} className={input} />
            </label>
            <Button type="submit" variant="primary" disabled={busy || !password}>
              Unlock
            </Button>
          </form>
        </Section>
      ) : (
        <>
          <Section title="Reports (last 7 days)">
            <AdminReports password={password} />
          </Section>
          <Section title="Music catalogue">
            <AdminMusic password={password} />
          </Section>
          <Section title="Credit packs">
            <table className="text-sm">
              <thead className="text-left text-xs text-ink-300">
                <tr>
                  <th>Id</th>
                  <th>Name</th>
                  <th>Credits</th>
                  <th>Price (cents)</th>
                  <th>Currency</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {packs.map((pack, i) => (
                  <tr key={i}>
                    <td><input aria-label="Pack id" value={pack.id} onChange={(e) => setPack(i, { id: e.target.value })} className={`${input} w-24`} /></td>
                    <td><input aria-label="Pack name" value={pack.name} onChange={(e) => setPack(i, { name: e.target.value })} className={`${input} w-32`} /></td>
                    <td><input aria-label="Credits" type="number" min={1} value={pack.credits} onChange={(e) => setPack(i, { credits: Number(e.target.value) })} className={`${input} w-20`} /></td>
                    <td><input aria-label="Price in cents" type="number" min={50} value={pack.price_cents} onChange={(e) => setPack(i, { price_cents: Number(e.target.value) })} className={`${input} w-24`} /></td>
                    <td><input aria-label="Currency" value={pack.currency} onChange={(e) => setPack(i, { currency: e.target.value.toLowerCase() })} className={`${input} w-16`} /></td>
                    <td>
                      <Button variant="ghost" aria-label={`Remove ${pack.name}`} onClick={() => setPacks((list) => list.filter((_, j) => j !== i))}>
                        ✕
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="flex gap-2">
              <Button onClick={() => setPacks((list) => [...list, { id: `pack-${list.length + 1}`, name: 'New pack', credits: 10, price_cents: 999, currency: 'usd' }])}>Add a pack</Button>
              <Button variant="primary" disabled={busy || packs.length === 0} onClick={() => void run(() => studio.api['admin.update']({ password, key: 'credit_packs', value: packs }), 'Credit packs saved.')}>
                Save packs
              </Button>
            </div>
          </Section>
          <Section title="System prompt">
            <p className="text-xs text-ink-300">Added after the creator's own prompt on every Runway clip (at most 500 characters).</p>
            <textarea value={prompt} maxLength={SYSTEM_PROMPT_MAX_LENGTH} rows={4} onChange={(e) => setPrompt(e.target.value)} className={input} aria-label="System prompt" />
            <div>
              <Button variant="primary" disabled={busy} onClick={() => void run(() => studio.api['admin.update']({ password, key: 'system_prompt', value: prompt }), 'System prompt saved.')}>
                Save prompt
              </Button>
            </div>
          </Section>
          {generation && (
            <Section title="Model">
              <div className="flex flex-wrap gap-4">
                <label className="flex flex-col gap-1 text-xs text-ink-300">
                  Active model
                  <select value={generation.model} onChange={(e) => setGeneration({ ...generation, model: e.target.value as (typeof RUNWAY_MODELS)[number] })} className={input}>
                    {RUNWAY_MODELS.map((model) => (
                      <option key={model} value={model}>
                        {modelLabels[model]}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="flex flex-col gap-1 text-xs text-ink-300">
                  Credits per clip up to 5 s
                  <input type="number" min={1} value={generation.credits_per_5s} onChange={(e) => setGeneration({ ...generation, credits_per_5s: Number(e.target.value) })} className={`${input} w-24`} />
                </label>
                <label className="flex flex-col gap-1 text-xs text-ink-300">
                  Credits per longer clip
                  <input type="number" min={1} value={generation.credits_per_10s} onChange={(e) => setGeneration({ ...generation, credits_per_10s: Number(e.target.value) })} className={`${input} w-24`} />
                </label>
              </div>
              <div>
                <Button variant="primary" disabled={busy} onClick={() => void run(() => studio.api['admin.update']({ password, key: 'generation', value: generation }), 'Model settings saved.')}>
                  Save model settings
                </Button>
              </div>
            </Section>
          )}
        </>
      )}
    </main>
  );
}
