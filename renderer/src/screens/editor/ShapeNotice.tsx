import type { EditorView } from '../../../../shared/contract';
import { SHAPE_LABELS } from '../../../../shared/values';
import { Button } from '../../components/Button';
import { isActiveJob, takeOfOtherShape, useEditor } from '../../stores/editor';
import { toastError } from '../../stores/toasts';

/**
 * Takes made for another shape than the project's: device takes are remade for free with one
 * action; paid (AI) takes get a clear choice, remake them for credits or fit the existing take
 * into the new shape (over a blurred copy of itself).
 */
export function ShapeNotice({ view }: { view: EditorView }) {
  const { providers, remakeForShape, setFraming } = useEditor();
  const shape = view.settings.output.aspect;
  const kindOf = (provider: string) => providers.find((p) => p.name === provider)?.kind ?? 'local';
  const other = view.clips.filter((c) => !isActiveJob(c)).flatMap((c) => {
    const take = takeOfOtherShape(c, shape);
    return take ? [{ clip: c, take }] : [];
  });
  // Paid takes fitted on purpose are not asked about again.
  if (other.length === 0) return null;
  const device = other.filter((o) => kindOf(o.take.provider) === 'local');
  const paid = other.filter((o) => kindOf(o.take.provider) !== 'local' && !o.clip.framing);
  if (device.length === 0 && paid.length === 0) return null;
  const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  return (
    <section role="status" aria-label="Takes of another shape" data-testid="shape-notice" className="flex flex-col gap-2 rounded-lg border border-amber-500/40 bg-amber-950/40 p-3 text-xs text-amber-100">
      <p>
        The project is {SHAPE_LABELS[shape]}; {plural(device.length + paid.length, 'approved take')} {device.length + paid.length === 1 ? 'was' : 'were'} made for another shape.
        Until remade, they are fitted into the frame.
      </p>
      {device.length > 0 && (
        <Button className="self-start px-2 py-1 text-xs" onClick={() => remakeForShape(device.map((o) => o.clip.id)).catch(toastError)}>
          Remake {plural(device.length, 'device take')} for {shape}
        </Button>
      )}
      {paid.length > 0 && (
        <div className="flex flex-col gap-1">
          <span>{plural(paid.length, 'AI take')}: remaking costs credits again.</span>
          <span className="flex flex-wrap gap-1">
            <Button className="px-2 py-1 text-xs" onClick={() => remakeForShape(paid.map((o) => o.clip.id)).catch(toastError)}>
              Remake for credits
            </Button>
            <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => setFraming(paid.map((o) => o.clip.id), { fit: 'blur', color: '#000000', box: null }).catch(toastError)}>
              Fit the existing {paid.length === 1 ? 'take' : 'takes'}
            </Button>
          </span>
        </div>
      )}
    </section>
  );
}
