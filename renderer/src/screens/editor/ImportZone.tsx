import { useRef, useState, type DragEvent } from 'react';
import { studio } from '../../transport/client';
import { Button } from '../../components/Button';
import { ProgressBar } from '../../components/ProgressBar';
import { plural } from '../../format';
import { useEditor } from '../../stores/editor';

const ACCEPT = 'image/jpeg,image/png,image/webp,image/heic,image/heif,image/avif,.jpg,.jpeg,.png,.webp,.heic,.heif,.avif';

function ImportFailures() {
  const { importFailures, dismissImportFailures } = useEditor();
  if (importFailures.length === 0) return null;
  return (
    <div role="alert" className="rounded-lg border border-red-500/40 bg-red-950/40 p-3 text-sm text-red-100" data-testid="import-failures">
      <div className="flex items-start justify-between gap-4">
        <p className="font-medium">
          {plural(importFailures.length, 'file was', 'files were')} not imported. Other photos in the project are unchanged.
        </p>
        <Button variant="ghost" className="px-2 py-0.5 text-xs" onClick={dismissImportFailures}>
          Dismiss
        </Button>
      </div>
      <ul className="mt-2 flex list-disc flex-col gap-1 pl-5 text-xs text-red-200">
        {importFailures.map((f, i) => (
          <li key={`${f.file}-${i}`}>{f.message}</li>
        ))}
      </ul>
      <p className="mt-2 text-xs text-red-200">Use JPEG, PNG, WebP or HEIC photos up to 100 megapixels and 200 MB.</p>
    </div>
  );
}

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

  const pick = () => (studio.capabilities.choosePhotos ? void importWithDialog() : input.current?.click());
  const percent = importing ? Math.round((importing.done / importing.total) * 100) : 0;

  return (
    <div className="flex flex-col gap-3">
      <section
        aria-label="Import photos"
        data-testid="import-zone"
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
          setOver(true);
        }}
        onDragLeave={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
        }}
        onDrop={onDrop}
        className={`flex items-center gap-4 rounded-xl border-2 border-dashed transition-colors ${
          over ? 'border-accent-400 bg-accent-500/10' : 'border-ink-700 bg-ink-900/60'
        } ${compact ? 'min-h-16 px-4 py-3' : 'flex-col justify-center px-6 py-16 text-center'}`}
      >
        <input
          ref={input}
          type="file"
          multiple
          accept={ACCEPT}
          className="hidden"
          data-testid="import-input"
          aria-hidden
          tabIndex={-1}
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            void importDropped(files);
          }}
        />
        {!compact && !importing && (
          <>
            <span aria-hidden className="flex h-14 w-14 items-center justify-center rounded-full bg-accent-500/15 text-2xl text-accent-300">
              ↥
            </span>
            <p className="text-lg font-medium">{over ? 'Drop to import' : 'Drop photos here'}</p>
          </>
        )}
        {importing ? (
          <div className={`flex items-center gap-4 ${compact ? 'flex-1' : 'w-full max-w-md flex-col'}`} data-testid="import-progress">
            <p className="min-w-0 flex-1 truncate text-sm text-ink-100" aria-live="polite">
              Importing {importing.current ? <span className="font-medium">{importing.current}</span> : 'photos'} ({Math.min(importing.done + 1, importing.total)} of {importing.total})
            </p>
            <ProgressBar percent={percent} label="Import progress" className={compact ? 'w-48' : 'w-full'} />
            {importing.cancel && (
              <Button className="px-2 py-1 text-xs" onClick={importing.cancel}>
                Stop import
              </Button>
            )}
          </div>
        ) : (
          <>
            <p className="text-sm text-ink-300">
              {compact ? 'Drop more photos here, or' : 'JPEG, PNG, WebP or HEIC. Each photo becomes a clip you can animate.'}
            </p>
            <Button variant={compact ? 'secondary' : 'primary'} onClick={pick} aria-keyshortcuts="Control+I Meta+I">
              Import photos
            </Button>
          </>
        )}
      </section>
      <ImportFailures />
    </div>
  );
}
