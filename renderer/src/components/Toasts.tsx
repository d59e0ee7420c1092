import { useToasts } from '../stores/toasts';

export function Toasts() {
  const { toasts, dismiss } = useToasts();
  return (
    <div className="pointer-events-none fixed bottom-4 right-4 z-50 flex w-96 flex-col gap-2" role="status" aria-live="polite">
      {toasts.map((toast) => (
        <div
          key={toast.id}
          role={toast.kind === 'error' ? 'alert' : undefined}
          className={`pointer-events-auto flex items-start gap-3 rounded-lg border px-4 py-3 text-sm shadow-xl ${
            toast.kind === 'error' ? 'border-red-500/40 bg-red-950/90 text-red-100' : 'border-ink-700 bg-ink-850 text-ink-100'
          }`}
        >
          <p className="flex-1">{toast.message}</p>
          {toast.action && (
            <button
              className="font-medium text-accent-300 hover:underline"
              onClick={() => {
                toast.action!.run();
                dismiss(toast.id);
              }}
            >
              {toast.action.label}
            </button>
          )}
          <button className="text-ink-300 hover:text-ink-100" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
