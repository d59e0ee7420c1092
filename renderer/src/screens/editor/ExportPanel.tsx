import type { Export } from '../../../../shared/contract';
import { FITS, FPS_VALUES, OUTPUT_PRESETS, SHAPE_LABELS, type OutputSettings, type Shape, QUALITIES, type Resolution, RESOLUTIONS } from '../../../../shared/values';
import { mediaUrl, studio } from '../../transport/client';
import { Button } from '../../components/Button';
import { ProgressBar } from '../../components/ProgressBar';
import { formatBytes, formatDuration, formatTime, formatWhen } from '../../format';
import { useEditor } from '../../stores/editor';
import { planEditorTimeline } from '../../stores/editor/timeline-plan';
import { nextStep } from './generation-progress';
import { PROJECT_SHAPE_ID } from './GenerationBar';
import { fitLabel } from './status';
import { describeExportFailure, fixesForExport } from '../../stores/fixes';
import { toastError, useToasts } from '../../stores/toasts';
import { BackupButton } from '../cloud/BackupButton';
const resolutionLabel: Record<Resolution, string> = { '720p': '720p', '1080p': '1080p', '4k': '4K' };
const presetLabel: Record<keyof typeof OUTPUT_PRESETS, string> = {
  'landscape-1080p': 'YouTube · 16:9 1080p',
  'landscape-720p': 'Quick share · 16:9 720p',
  'landscape-4k': 'Landscape 4K',
  'vertical-1080p': 'Reels, TikTok, Shorts · 9:16',
  'square-1080p': 'Square · 1:1',
  'portrait-1080p': 'Instagram portrait · 4:5',
  'cinema-1080p': 'Cinematic · 24 fps',
};
const fields = ['aspect', 'resolution', 'fps', 'quality', 'fit'] as const;
const presetNames = Object.keys(OUTPUT_PRESETS) as Array<keyof typeof OUTPUT_PRESETS>;
const presetOf = (output: OutputSettings) => presetNames.find((name) => fields.every((f) => OUTPUT_PRESETS[name][f] === output[f])) ?? 'custom';

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

/**
 * The project's shape, shown here and chosen in one place only: the header's Shape control (a preset
 * above may change it too). The button takes the creator there.
 */
function ProjectShape({ aspect }: { aspect: Shape }) {
  return (
    <div className="flex flex-1 flex-col gap-1 text-xs text-ink-300">
      <span id="export-shape-label">Shape</span>
      <button
        type="button"
        aria-labelledby="export-shape-label export-shape-value"
        title="The project's shape: change it with Shape in the header"
        onClick={() => document.getElementById(PROJECT_SHAPE_ID)?.focus()}
        className="flex items-center justify-between gap-1 rounded-md border border-dashed border-ink-700 px-2 py-1.5 text-left text-sm text-ink-100 hover:border-ink-500"
      >
        <span id="export-shape-value" className="truncate whitespace-nowrap">
          {SHAPE_LABELS[aspect]}
        </span>
        <span aria-hidden="true" className="text-xs text-ink-300">
          ↗
        </span>
      </button>
    </div>
  );
}

function Result({ exp, projectName }: { exp: Export; projectName: string }) {
  async function saveAs() {
    try {
      const saved = await studio.api['exports.saveAs']({ exportId: exp.id });
      if (saved) useToasts.getState().push({ kind: 'success', message: `Saved to ${saved.path}` });
    } catch (error) {
      toastError(error);
    }
  }
  return (
    <div className="flex flex-col gap-2 rounded-lg border border-emerald-500/30 bg-emerald-950/20 p-3" data-testid="export-result">
      <p className="text-xs font-medium text-emerald-100">
        Exported {formatWhen(exp.finishedAt ?? exp.createdAt)} · {exp.width}×{exp.height} · <span data-testid="export-duration">{formatTime(exp.durationS ?? 0)}</span> · {formatBytes(exp.sizeBytes ?? 0)}
      </p>
      <video
        key={exp.id}
        src={mediaUrl(exp.mediaId!)}
        controls
        preload="metadata"
        className="max-h-72 w-full rounded-md bg-black"
        style={{ aspectRatio: `${exp.width ?? 16} / ${exp.height ?? 9}` }}
        aria-label="Exported video"
        data-testid="export-video"
      />
      <div className="flex gap-2">
        {studio.capabilities.fileDialogs ? (
          <>
            <Button onClick={() => void saveAs()}>Save As…</Button>
            <Button variant="ghost" onClick={() => void studio.api['exports.showInFolder']({ exportId: exp.id }).catch(toastError)}>
              Show in folder
            </Button>
            <span
              draggable
              // The desktop app drags the real file (webContents.startDrag): the page's own drag must not start.
              onDragStart={(event) => {
                event.preventDefault();
                void studio.api['exports.startDrag']({ exportId: exp.id }).catch(toastError);
              }}
              title="Drag the video into a folder, an email or a chat"
              className="ml-auto inline-flex cursor-grab items-center rounded-md border border-dashed border-ink-700 px-3 py-1.5 text-sm text-ink-300 active:cursor-grabbing"
              data-testid="export-drag"
            >
              Drag MP4 out
            </span>
          </>
        ) : (
          <a
            // Its own URL: Chromium's cache lock on the URL the player is still streaming would stall the download.
            href={`${mediaUrl(exp.mediaId!)}&download=1`}
            download={`${projectName}.mp4`}
            className="inline-flex items-center rounded-md border border-ink-700 bg-ink-850 px-3 py-1.5 text-sm font-medium hover:bg-ink-800"
          >
            Download MP4
          </a>
        )}
        <BackupButton exportId={exp.id} />
      </div>
    </div>
  );
}

/**
 * Export, always in the header: starts an export of the timeline (and shows the Export tab with its
 * progress); while one runs it shows how far it is and opens the tab. Primary when exporting is the
 * next step.
 */
export function ExportButton() {
  const { view, startExport, setInspectorTab } = useEditor();
  if (!view) return null;
  const approved = view.clips.some((c) => c.approved);
  const latest = view.exports[0];
  if (latest?.state === 'running') {
    return (
      <Button className="shrink-0 tabular-nums" onClick={() => setInspectorTab('export')} data-testid="header-export">
        Exporting… {Math.floor(latest.progress)}%
      </Button>
    );
  }
  const again = view.exports.some((e) => e.state === 'succeeded' && e.mediaId);
  return (
    <Button
      variant={approved && nextStep(view) === 'export' ? 'primary' : 'secondary'}
      className="shrink-0"
      disabled={!approved}
      title={approved ? 'Export the timeline as an MP4 (Ctrl+E)' : 'Approve at least one take: the timeline is what gets exported.'}
      onClick={() => {
        setInspectorTab('export');
        void startExport();
      }}
      aria-keyshortcuts="Control+E Meta+E"
      data-testid="header-export"
    >
      {again ? 'Export again' : 'Export video'}
    </Button>
  );
}

export function ExportPanel({ approvedCount }: { approvedCount: number }) {
  const { view, updateSettings, cancelExport, exportFixActions } = useEditor();
  if (!view) return null;
  const output = view.settings.output;
  const set = (patch: Partial<OutputSettings>) => updateSettings({ output: patch }).catch(toastError);
  const latest = view.exports[0];
  const running = latest?.state === 'running' ? latest : null;
  const finished = view.exports.find((e) => e.state === 'succeeded' && e.mediaId);
  const preset = presetOf(output);

  const timeline = view.clips.filter((c) => c.approved);
  const durationS = planEditorTimeline(view)?.durationS ?? 0;

  return (
    <div className="flex flex-col gap-3">
      {running && (
        <div className="flex flex-col gap-2 rounded-lg border border-accent-500/40 bg-ink-850 p-3" data-testid="export-progress">
          <div className="flex justify-between gap-2 text-xs">
            <span className="text-ink-100" aria-live="polite">
              {running.message || 'Starting…'}
            </span>
            <span className="tabular-nums text-ink-300">{running.etaS !== null ? `about ${formatDuration(running.etaS)} left` : 'estimating…'}</span>
          </div>
          <ProgressBar percent={running.progress} label="Export progress" className="h-2" />
          <Button onClick={() => void cancelExport(running.id)}>Cancel export</Button>
        </div>
      )}
      {finished && !running && <Result exp={finished} projectName={view.project.name} />}
      {latest?.state === 'failed' && (
        <div role="alert" className="flex flex-col items-start gap-2 rounded-md border border-red-500/30 bg-red-950/60 p-2 text-xs text-red-100">
          <p className="[overflow-wrap:anywhere]">Export failed: {describeExportFailure(latest.message, (id) => view.clips.find((c) => c.id === id)?.sourceName ?? null)}</p>
          <div className="flex flex-wrap gap-2">
            {fixesForExport(latest.message, exportFixActions()).map((fix) => (
              <Button key={fix.label} className="px-2 py-1 text-xs" onClick={fix.run}>
                {fix.label}
              </Button>
            ))}
          </div>
        </div>
      )}
      {latest?.state === 'cancelled' && <p className="text-xs text-ink-300">Export cancelled. Nothing was saved.</p>}
      <fieldset className="flex flex-col gap-3 disabled:opacity-60" disabled={Boolean(running)}>
        <legend className="sr-only">Output settings</legend>
        <label className="flex flex-col gap-1 text-xs text-ink-300">
          Preset
          <select
            value={preset}
            onChange={(e) => {
              const chosen = OUTPUT_PRESETS[e.target.value as keyof typeof OUTPUT_PRESETS];
              if (chosen) set({ aspect: chosen.aspect, resolution: chosen.resolution, fps: chosen.fps, quality: chosen.quality, fit: chosen.fit });
            }}
            className="rounded-md border border-ink-700 bg-ink-850 px-2 py-1.5 text-sm text-ink-100"
          >
            {presetNames.map((name) => (
              <option key={name} value={name}>
                {presetLabel[name]}
              </option>
            ))}
            {preset === 'custom' && <option value="custom">Custom</option>}
          </select>
        </label>
        <div className="flex gap-2">
          <ProjectShape aspect={output.aspect} />
          <Select label="Resolution" value={output.resolution} options={RESOLUTIONS} onChange={(resolution) => set({ resolution })} format={(r) => resolutionLabel[r]} />
        </div>
        <div className="flex gap-2">
          <Select label="Frame rate" value={output.fps} options={FPS_VALUES} onChange={(fps) => set({ fps })} format={(f) => `${f} fps`} />
          <Select label="Quality" value={output.quality} options={QUALITIES} onChange={(quality) => set({ quality })} format={(q) => q[0]!.toUpperCase() + q.slice(1)} />
        </div>
        <Select label="Framing" value={output.fit} options={FITS} onChange={(fit) => set({ fit })} format={(f) => fitLabel[f]} />
      </fieldset>
      {timeline.length > 0 && (
        <p className="text-xs text-ink-300" data-testid="export-summary">
          {timeline.length} {timeline.length === 1 ? 'clip' : 'clips'} · {formatTime(durationS)}
          {view.settings.music ? ' · with music' : ''}
        </p>
      )}
      {approvedCount === 0 && (
        <p id="export-hint" className="text-xs text-ink-300">
          Approve at least one take: the timeline is what gets exported.
        </p>
      )}
    </div>
  );
}
