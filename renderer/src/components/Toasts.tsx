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
          <div className="min-w-0 flex-1">
            <p className="[overflow-wrap:anywhere]">{toast.message}</p>
            {toast.actions && toast.actions.length > 0 && (
              <div className="mt-2 flex flex-wrap gap-x-4 gap-y-1">
                {toast.actions.map((action) => (
                  <button
                    key={action.label}
                    className="font-medium text-accent-300 hover:underline"
                    onClick={() => {
                      action.run();
                      dismiss(toast.id);
                    }}
                  >
                    {action.label}
                  </button>
                ))}
              </div>
            )}
          </div>
          <button className="text-ink-300 hover:text-ink-100" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
