import { useCallback, useEffect, useRef, useState } from 'react';
import { toastError } from '../stores/toasts';

/**
 * A control's value while the creator is still moving it: shown at once, saved once they pause
 * (one save and one undo step per gesture, not one per pixel of a slider). A pending value is
 * saved at once when the control goes away (tab switch, leaving the project). When `commit`
 * returns a promise that fails, the error is shown and the control goes back to the saved value.
 */
export function useDraft<T>(saved: T, commit: (value: T) => void | Promise<unknown>, delayMs = 400): [T, (value: T) => void, (value: T) => void] {
  const [draft, setDraft] = useState<T>(saved);
  const pending = useRef<{ value: T; timer: ReturnType<typeof setTimeout> } | null>(null);
  const latest = useRef({ commit, saved });
  useEffect(() => {
    latest.current = { commit, saved };
  });
  const save = useCallback((value: T) => {
    const result = latest.current.commit(value);
    if (!(result instanceof Promise)) return;
    result.catch((error: unknown) => {
      toastError(error);
      if (!pending.current) setDraft(latest.current.saved);
    });
  }, []);
  useEffect(() => {
    if (!pending.current) setDraft(saved);
  }, [saved]);
  useEffect(
    () => () => {
      const left = pending.current;
      if (!left) return;
      clearTimeout(left.timer);
      pending.current = null;
      save(left.value);
    },
    [save],
  );
  function change(value: T) {
    setDraft(value);
    if (pending.current) clearTimeout(pending.current.timer);
    const timer = setTimeout(() => {
      pending.current = null;
      save(value);
    }, delayMs);
    pending.current = { value, timer };
  }
  /** Shows and saves `value` at once (a click, Enter), dropping a save still waiting. */
  function commitNow(value: T) {
    if (pending.current) clearTimeout(pending.current.timer);
    pending.current = null;
    setDraft(value);
    save(value);
  }
  return [draft, change, commitNow];
}
