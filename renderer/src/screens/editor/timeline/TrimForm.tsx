import { useState } from 'react';
import type { EditorClip } from '../../../../../shared/contract';
import { Button } from '../../../components/Button';
import { useEditor } from '../../../stores/editor';
import { errorMessage } from '../../../stores/toasts';
import { seconds, takeLength } from './names';

/** In and out points of one clip, for precision; shown under the strip (the strip scrolls sideways and would clip a popover). */
export function TrimForm({ clip, name, onDone }: { clip: EditorClip; name: string; onDone(): void }) {
  const trim = useEditor((s) => s.trim);
  const length = takeLength(clip);
  const [inS, setIn] = useState(String(clip.trimInS));
  const [outS, setOut] = useState(String(clip.trimOutS ?? length));
  const [error, setError] = useState<string | null>(null);
  const input = 'w-20 rounded-md border border-ink-700 bg-ink-900 px-2 py-1 text-sm text-ink-100';
  return (
    <form
      className="mx-4 mb-2 flex flex-wrap items-end gap-3 rounded-lg border border-ink-700 bg-ink-850 px-3 py-2"
      aria-label={`Trim ${name}`}
      onKeyDown={(e) => e.key === 'Escape' && onDone()}
      onSubmit={(e) => {
        e.preventDefault();
        const start = Number(inS);
        const end = Number(outS);
        if (!Number.isFinite(start) || !Number.isFinite(end) || start < 0 || end > length || end <= start) {
          setError(`Choose a start from 0 and an end after it, up to ${seconds(length)}.`);
          return;
        }
        trim(clip.id, start, end >= length ? null : end)
          .then(onDone)
          .catch((err: unknown) => setError(errorMessage(err)));
      }}
    >
      <p className="self-center text-xs text-ink-300">
        Trim <span className="font-medium text-ink-100">{name}</span> (take is {seconds(length)})
      </p>
      <label className="flex flex-col text-xs text-ink-300">
        Start (s)
        <input autoFocus type="number" step="0.1" min={0} max={length} value={inS} onChange={(e) => setIn(e.target.value)} className={input} />
      </label>
      <label className="flex flex-col text-xs text-ink-300">
        End (s)
        <input type="number" step="0.1" min={0} max={length} value={outS} onChange={(e) => setOut(e.target.value)} className={input} />
      </label>
      <Button variant="primary" type="submit" className="px-2 py-1 text-xs">
        Apply trim
      </Button>
      <Button variant="ghost" className="px-2 py-1 text-xs" onClick={onDone}>
        Cancel
      </Button>
      {error && (
        <p role="alert" className="basis-full text-xs text-red-300">
          {error}
        </p>
      )}
    </form>
  );
}
