import { MOTIONS, SHAPE_LABELS, SHAPES, type Shape } from '../../../../shared/values';
import type { EditorView, Motion } from '../../../../shared/contract';
import { Button } from '../../components/Button';
import { ProgressBar } from '../../components/ProgressBar';
import { useEffect, useState } from 'react';
import { formatDuration } from '../../format';
import { awaitingApproval, isActiveJob, useEditor } from '../../stores/editor';
import { toastError } from '../../stores/toasts';
import { batchProgress, estimateRemainingS, nextStep } from './generation-progress';
import { motionLabels } from './status';


/** The header's shape control: the one place the project's shape is chosen. */
export const PROJECT_SHAPE_ID = 'project-shape';

/** Re-renders every second while `on`, so an estimate made from the time elapsed keeps moving between job updates. */
function useClock(on: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [on]);
  return now;
}

/** The editor's generation controls: project defaults, Generate all, overall progress with cancel, Approve all. */
export function GenerationBar({ view }: { view: EditorView }) {
  const { generate, generationBatch, cancelGeneration, approveAllReady, updateDefaults, providers, provider, setProvider } = useEditor();
  const clips = view.clips;
  // A clip whose job just succeeded gets its take with the next refresh: it is not idle.
  const idle = clips.filter((c) => !isActiveJob(c) && c.takes.length === 0 && c.job?.state !== 'succeeded').map((c) => c.id);
  const waiting = awaitingApproval(clips).length;
  const running = clips.some(isActiveJob);
  const progress = batchProgress(view, generationBatch.length ? generationBatch : clips.filter(isActiveJob).map((c) => c.id));
  const now = useClock(running);
  const etaS = progress.startedAtMs === null ? null : estimateRemainingS(progress.percent / 100, (now - progress.startedAtMs) / 1000);
  const step = nextStep(view);

  return (
    <div className="ml-auto flex shrink-0 items-center gap-3">
      {providers.length > 1 && (
        <label className="flex items-center gap-2 text-xs text-ink-300">
          Generate with
          <select value={provider} onChange={(e) => setProvider(e.target.value)} className="rounded-md border border-ink-700 bg-ink-900 px-2 py-1 text-sm text-ink-100">
            {providers.map((p) => (
              <option key={p.name} value={p.name}>
                {p.kind === 'cloud' ? `${p.label} AI (uses credits)` : `${p.label} (free, offline)`}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="flex items-center gap-2 text-xs text-ink-300">
        Motion
        <select
          value={view.defaults.defaultMotion}
          onChange={(e) => void updateDefaults({ defaultMotion: e.target.value as Motion }).catch(toastError)}
          className="rounded-md border border-ink-700 bg-ink-900 px-2 py-1 text-sm text-ink-100"
          title="Camera motion for clips that do not set their own"
        >
          {MOTIONS.map((m) => (
            <option key={m} value={m}>
              {motionLabels[m]}
            </option>
          ))}
        </select>
      </label>
      {/* The project's one shape (clips, preview and export); the Export tab shows it and links here. */}
      <label className="flex items-center gap-2 text-xs text-ink-300">
        Shape
        <select
          id={PROJECT_SHAPE_ID}
          value={view.defaults.aspect}
          onChange={(e) => void updateDefaults({ aspect: e.target.value as Shape }).catch(toastError)}
          className="rounded-md border border-ink-700 bg-ink-900 px-2 py-1 text-sm text-ink-100"
        >
          {SHAPES.map((a) => (
            <option key={a} value={a}>
              {SHAPE_LABELS[a]}
            </option>
          ))}
        </select>
      </label>
      {running ? (
        // Takes the buttons' place, so the header keeps its size while clips generate.
        <div className="flex w-80 items-center gap-3" data-testid="generation-progress">
          <div className="flex min-w-0 flex-1 flex-col gap-1">
            <span className="flex justify-between gap-2 text-xs tabular-nums">
              <span className="text-ink-100" aria-live="polite">
                Generating · {progress.done} of {progress.total} done · {progress.percent}%
              </span>
              <span className="text-ink-300" data-testid="generation-eta">
                {etaS !== null ? `about ${formatDuration(etaS)} left` : 'estimating…'}
              </span>
            </span>
            <ProgressBar percent={progress.percent} tone="amber" label="Generation progress" />
          </div>
          <Button className="shrink-0" onClick={() => void cancelGeneration()}>
            Cancel all
          </Button>
        </div>
      ) : (
        <>
          {waiting > 0 && (
            <Button variant={step === 'approve' ? 'primary' : 'secondary'} onClick={() => approveAllReady().catch(toastError)} title="Approve the newest take of every ready clip">
              Approve all ({waiting})
            </Button>
          )}
          <Button
            variant={step === 'generate' && idle.length > 0 ? 'primary' : 'secondary'}
            disabled={idle.length === 0}
            onClick={() => void generate(idle)}
            title={idle.length === 0 ? 'Every clip has a take or is generating' : 'Make a clip from each photo that has none yet'}
          >
            {idle.length > 0 ? `Generate all (${idle.length})` : 'Generate all'}
          </Button>
        </>
      )}
    </div>
  );
}
