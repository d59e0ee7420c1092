import { useEffect, useRef } from 'react';
import { shortcuts } from '../shortcuts';

export function ShortcutsOverlay({ onClose }: { onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      onClose={onClose}
      aria-labelledby="shortcuts-title"
      className="m-auto w-[28rem] rounded-xl border border-ink-700 bg-ink-900 p-6 text-ink-100 shadow-2xl backdrop:bg-black/60"
    >
      <h2 id="shortcuts-title" className="mb-4 text-lg font-semibold">
        Keyboard shortcuts
      </h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
        {shortcuts.map((s) => (
          <div key={s.keys + s.action} className="contents">
            <dt>
              <kbd className="rounded border border-ink-700 bg-ink-800 px-1.5 py-0.5 font-mono text-xs">{s.keys}</kbd>
            </dt>
            <dd className="text-ink-300">{s.action}</dd>
          </div>
        ))}
      </dl>
      <button autoFocus className="mt-6 rounded-md bg-ink-800 px-3 py-1.5 text-sm hover:bg-ink-700" onClick={() => dialog.current?.close()}>
        Close
      </button>
    </dialog>
  );
}
