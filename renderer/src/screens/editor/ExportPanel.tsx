import { ASPECTS, FPS_VALUES, QUALITIES, RESOLUTIONS, type OutputSettings } from '../../../../shared/compile';
import { studio } from '../../api/client';
import { mediaUrl } from '../../api/media-url';
import { Button } from '../../components/Button';
import { formatBytes, formatDuration } from '../../format';
import { useEditor } from '../../stores/editor';
import { toastError, useToasts } from '../../stores/toasts';

const resolutionLabel: Record<(typeof RESOLUTIONS)[number], string> = { '720p': '720p', '1080p': '1080p', '4k': '4K' };

function Select<T extends string | number>({ label, value, options, onChange, format = String }: { label: string; value: T; options: readonly T[]; onChange(v: T): void; format?: (v: T) => string }) {
  return (
    <label className="flex flex-1 flex-col gap-1 text-xs text-ink-300">
      {label}
      <select
        value={String(value)}
        onChange={(e) => onChange(options.find((o) => String(o) === e.target.value) as T)}
        className="rounded-md border border-ink-700 bg-ink-850 px-2 py-1.5 text-sm text-ink-100"
      >
        {options.map((o) => (
          <option key={String(o)} value={String(o)}>
            {format(o)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ExportPanel({ approvedCount }: { approvedCount: number }) {
  const { view, updateSettings, startExport, cancelExport } = useEditor();
  if (!view) return null;
  const output = view.settings.output;
  const set = (patch: Partial<OutputSettings>) => updateSettings({ output: patch }).catch(toastError);
  const latest = view.exports[0];
  const running = latest?.state === 'running' ? latest : null;
  const finished = view.exports.find((e) => e.state === 'succeeded');

  async function saveAs(exportId: string) {
    try {
      const saved = await studio.api['exports.saveAs']({ exportId });
      if (saved) useToasts.getState().push({ kind: 'success', message: `Saved to ${saved.path}` });
    } catch (error) {
      toastError(error);
    }
  }

  return (
    <section aria-labelledby="export-title" className="flex flex-col gap-3">
      <h3 id="export-title" className="text-sm font-semibold">
        Export
      </h3>
      <div className="flex gap-2">
        <Select label="Aspect" value={output.aspect} options={ASPECTS} onChange={(aspect) => set({ aspect })} />
        <Select label="Resolution" value={output.resolution} options={RESOLUTIONS} onChange={(resolution) => set({ resolution })} format={(r) => resolutionLabel[r]} />
      </div>
      <div className="flex gap-2">
        <Select label="Frame rate" value={output.fps} options={FPS_VALUES} onChange={(fps) => set({ fps })} format={(f) => `${f} fps`} />
        <Select label="Quality" value={output.quality} options={QUALITIES} onChange={(quality) => set({ quality })} format={(q) => q[0]!.toUpperCase() + q.slice(1)} />
      </div>
      {running ? (
        <div className="flex flex-col gap-2" data-testid="export-progress">
          <div className="flex justify-between text-xs text-ink-300">
            <span>{running.message}</span>
            <span>{running.etaS !== null ? `${formatDuration(running.etaS)} left` : ''}</span>
          </div>
          <progress max={100} value={running.progress} aria-label="Export progress" className="h-2 w-full accent-accent-500" />
          <Button onClick={() => cancelExport(running.id)}>Cancel export</Button>
        </div>
      ) : (
        <Button variant="primary" disabled={approvedCount === 0} onClick={() => void startExport()} title={approvedCount === 0 ? 'Approve at least one take first' : undefined}>
          Export video
        </Button>
      )}
      {latest?.state === 'failed' && (
        <p role="alert" className="rounded bg-red-950/60 p-2 text-xs text-red-100">
          Export failed: {latest.message}
        </p>
      )}
      {finished?.mediaId && (
        <div className="flex flex-col gap-2" data-testid="export-result">
          <video src={mediaUrl(finished.mediaId)} controls className="w-full rounded-md bg-black" aria-label="Exported video" data-testid="export-video" />
          <p className="text-xs text-ink-300">
            {finished.width}×{finished.height} · {formatDuration(finished.durationS ?? 0)} · {formatBytes(finished.sizeBytes ?? 0)}
          </p>
          <div className="flex gap-2">
            {studio.kind === 'electron' ? (
              <>
                <Button onClick={() => void saveAs(finished.id)}>Save As…</Button>
                <Button variant="ghost" onClick={() => void studio.api['exports.showInFolder']({ exportId: finished.id }).catch(toastError)}>
                  Show in folder
                </Button>
              </>
            ) : (
              <a
                href={`${mediaUrl(finished.mediaId)}&download=${encodeURIComponent(view.project.name)}.mp4`}
                download={`${view.project.name}.mp4`}
                className="inline-flex items-center rounded-md border border-ink-700 bg-ink-850 px-3 py-1.5 text-sm font-medium hover:bg-ink-800"
              >
                Download MP4
              </a>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
