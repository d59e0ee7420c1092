import { useEffect, useRef, useState } from 'react';

/**
 * A control's value while the creator is still moving it: shown at once, saved once they pause
 * (one save and one undo step per gesture, not one per pixel of a slider). A pending value is
 * saved at once when the control goes away (tab switch, leaving the project).
 */
export function useDraft<T>(saved: T, commit: (value: T) => void, delayMs = 400): [T, (value: T) => void, (value: T) => void] {
  const [draft, setDraft] = useState<T>(saved);
  const pending = useRef<{ value: T; timer: ReturnType<typeof setTimeout> } | null>(null);
  const latestCommit = useRef(commit);
  useEffect(() => {
    latestCommit.current = commit;
  });
  useEffect(() => {
    if (!pending.current) setDraft(saved);
  }, [saved]);
  useEffect(
    () => () => {
      const left = pending.current;
      if (!left) return;
      clearTimeout(left.timer);
      pending.current = null;
      latestCommit.current(left.value);
    },
    [],
  );
  function change(value: T) {
    setDraft(value);
    if (pending.current) clearTimeout(pending.current.timer);
    const timer = setTimeout(() => {
      pending.current = null;
      latestCommit.current(value);
    }, delayMs);
    pending.current = { value, timer };
  }
  /** Shows and saves `value` at once (a click, Enter), dropping a save still waiting. */
  function commitNow(value: T) {
    if (pending.current) clearTimeout(pending.current.timer);
    pending.current = null;
    setDraft(value);
    latestCommit.current(value);
  }
  return [draft, change, commitNow];
}
