import { useState, type FormEvent } from 'react';

interface NameFormProps {
  label: string;
  initial?: string;
  submitLabel: string;
  onSubmit(name: string): Promise<void>;
  onCancel?(): void;
}

/** A one-field form for naming things; keeps the text when saving fails so nothing typed is lost. */
export function NameForm({ label, initial = '', submitLabel, onSubmit, onCancel }: NameFormProps) {
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(name);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="flex flex-col gap-2" onKeyDown={(e) => e.key === 'Escape' && onCancel?.()}>
      <label className="flex flex-col gap-1 text-xs font-medium text-ink-300">
        {label}
        <input
          autoFocus
          value={name}
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
          className="rounded-md border border-ink-700 bg-ink-900 px-3 py-2 text-sm text-ink-100 placeholder:text-ink-500 focus:border-accent-400"
          placeholder="e.g. Summer in Lisbon"
        />
      </label>
      {error && (
        <p role="alert" className="text-xs text-red-300">
          {error}
        </p>
      )}
      <div className="flex gap-2">
        <button
          type="submit"
          disabled={busy}
          className="rounded-md bg-accent-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-accent-700 disabled:opacity-50"
        >
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel} className="rounded-md px-3 py-1.5 text-sm text-ink-300 hover:bg-ink-800">
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
