import { useSaveStatus } from '../stores/save-status';

export function SaveIndicator() {
  const { pending, lastSavedAt, failed } = useSaveStatus();
  const text = pending > 0 ? 'Saving…' : failed ? 'Not saved' : lastSavedAt ? 'All changes saved' : 'Saved';
  return (
    <span role="status" aria-live="polite" data-testid="save-status" className={`text-xs ${failed ? 'text-red-300' : 'text-ink-300'}`}>
      <span aria-hidden className={`mr-1.5 inline-block h-1.5 w-1.5 rounded-full ${pending > 0 ? 'bg-amber-400' : failed ? 'bg-red-400' : 'bg-emerald-400'}`} />
      {text}
    </span>
  );
}
