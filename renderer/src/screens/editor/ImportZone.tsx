import { useRef, useState, type DragEvent } from 'react';
import { studio } from '../../api/client';
import { Button } from '../../components/Button';
import { useEditor } from '../../stores/editor';

/** Drop photos anywhere on the zone, or pick them: the Electron dialog, or the browser's file input. */
export function ImportZone({ compact }: { compact: boolean }) {
  const { importDropped, importWithDialog, importing } = useEditor();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setOver(false);
    void importDropped([...event.dataTransfer.files]);
  }

  const pick = () => (studio.transport.choosePhotos ? void importWithDialog() : input.current?.click());

  return (
    <section
      aria-label="Import photos"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      className={`flex items-center gap-4 rounded-xl border-2 border-dashed transition ${
        over ? 'border-accent-400 bg-accent-500/10' : 'border-ink-700 bg-ink-900/60'
      } ${compact ? 'px-4 py-3' : 'flex-col justify-center px-6 py-16 text-center'}`}
    >
      <input
        ref={input}
        type="file"
        multiple
        accept="image/jpeg,image/png,image/webp,image/heic,image/avif"
        className="hidden"
        data-testid="import-input"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          void importDropped(files);
        }}
      />
      {!compact && <p className="text-lg font-medium">Drop photos here</p>}
      <p className="text-sm text-ink-300">
        {importing
          ? `Importing ${importing.done} of ${importing.total}…`
          : compact
            ? 'Drop more photos here, or'
            : 'JPEG, PNG, WebP or HEIC. Each photo becomes a clip.'}
      </p>
      {importing ? (
        <progress className="h-1.5 w-48 accent-accent-500" max={importing.total} value={importing.done} aria-label="Import progress" />
      ) : (
        <Button variant={compact ? 'secondary' : 'primary'} onClick={pick}>
          Import photos
        </Button>
      )}
    </section>
  );
}
