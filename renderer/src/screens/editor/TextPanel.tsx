import type { EditorClip } from '../../../../shared/contract';
import {
  CARD_SECONDS,
  DEFAULT_END_LOOK,
  DEFAULT_TITLE_LOOK,
  TEXT_LIMITS,
  TEXT_POSITIONS,
  TEXT_SIZES,
  TEXT_STYLE_LABELS,
  TEXT_STYLES,
  type ProjectText,
  type TextCard,
  type TextLook,
} from '../../../../shared/text';
import { useDraft } from '../../hooks/use-draft';
import { useEditor } from '../../stores/editor';
import { toastError } from '../../stores/toasts';
import { clipName } from './timeline/names';

const field = 'rounded-md border border-ink-700 bg-ink-850 px-2 py-1.5 text-sm text-ink-100';
const small = 'flex flex-1 flex-col gap-1 text-xs text-ink-300';
const positionLabels = { top: 'Top', middle: 'Middle', bottom: 'Bottom' } as const;
const sizeLabels = { small: 'Small', medium: 'Medium', large: 'Large' } as const;

/** A labelled drop-down of a look's field. */
function Choice<T extends string>({ label, value, options, names, onChange }: { label: string; value: T | ''; options: readonly T[]; names: Record<T, string> & { ''?: string }; onChange(next: T | ''): void }) {
  return (
    <label className={small}>
      {label.split(' ').at(-1)!.replace(/^./, (c) => c.toUpperCase())}
      <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value as T | '')} className={field}>
        {names[''] !== undefined && <option value="">{names['']}</option>}
        {options.map((o) => (
          <option key={o} value={o}>
            {names[o]}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Style, size, colour and place of a text; each change is one undoable step. */
function LookControls({ look, label, onChange }: { look: TextLook; label: string; onChange(next: TextLook): void }) {
  return (
    <div className="flex flex-wrap gap-2">
      <Choice label={`${label} style`} value={look.style} options={TEXT_STYLES} names={TEXT_STYLE_LABELS} onChange={(style) => onChange({ ...look, style: style as TextLook['style'] })} />
      <Choice label={`${label} size`} value={look.size} options={TEXT_SIZES} names={sizeLabels} onChange={(size) => onChange({ ...look, size: size as TextLook['size'] })} />
      <Choice
        label={`${label} place`}
        value={look.position ?? ''}
        options={TEXT_POSITIONS}
        names={{ ...positionLabels, '': 'Style’s own' }}
        onChange={(position) => onChange({ ...look, position: position || null })}
      />
      <label className="flex flex-col gap-1 text-xs text-ink-300">
        Colour
        <input type="color" aria-label={`${label} colour`} value={look.color} onChange={(e) => onChange({ ...look, color: e.target.value })} className="h-8 w-10 rounded border border-ink-700 bg-ink-850" />
      </label>
    </div>
  );
}

/** A title or an end card: its words (saved as the creator pauses), look, background and time on screen. */
function CardEditor({ label, card, fallbackLook, onChange }: { label: string; card: TextCard | null; fallbackLook: TextLook; onChange(next: TextCard | null): void }) {
  const [text, setText] = useDraft(card?.text ?? '', (value) => onChange(value.trim() ? { ...(card ?? newCard(fallbackLook)), text: value } : null));
  return (
    <fieldset className="flex flex-col gap-2 rounded-lg border border-ink-700 p-3">
      <legend className="px-1 text-xs font-medium text-ink-200">{label}</legend>
      <label className="flex flex-col gap-1 text-xs text-ink-300">
        Words
        <input
          type="text"
          aria-label={`${label} words`}
          value={text}
          maxLength={TEXT_LIMITS.titleChars * 4}
          placeholder={label === 'Title' ? 'A title over the opening' : 'Words for the end'}
          onChange={(e) => setText(e.target.value)}
          className={field}
        />
      </label>
      {card && (
        <>
          <LookControls look={card.look} label={label} onChange={(look) => onChange({ ...card, look })} />
          <div className="flex flex-wrap items-end gap-2">
            <label className={small}>
              Background
              <select
                aria-label={`${label} background`}
                value={card.background}
                onChange={(e) => onChange({ ...card, background: e.target.value as TextCard['background'] })}
                className={field}
              >
                <option value="clip">Over the {label === 'Title' ? 'first' : 'last'} clip</option>
                <option value="color">On a colour</option>
              </select>
            </label>
            {card.background === 'color' && (
              <label className="flex flex-col gap-1 text-xs text-ink-300">
                Card colour
                <input type="color" aria-label={`${label} card colour`} value={card.color} onChange={(e) => onChange({ ...card, color: e.target.value })} className="h-8 w-10 rounded border border-ink-700 bg-ink-850" />
              </label>
            )}
            <label className={small}>
              Seconds
              <input
                type="number"
                aria-label={`${label} seconds`}
                min={CARD_SECONDS.min}
                max={CARD_SECONDS.max}
                step={0.5}
                value={card.durationS}
                onChange={(e) => onChange({ ...card, durationS: Math.min(CARD_SECONDS.max, Math.max(CARD_SECONDS.min, Number(e.target.value) || CARD_SECONDS.default)) })}
                className={field}
              />
            </label>
          </div>
        </>
      )}
    </fieldset>
  );
}

function newCard(look: TextLook): TextCard {
  return { text: '', look, background: 'clip', color: '#101418', durationS: CARD_SECONDS.default };
}

/** One clip's caption, saved when the creator pauses typing. */
function CaptionField({ clip, index }: { clip: EditorClip; index: number }) {
  const setCaption = useEditor((s) => s.setCaption);
  const name = clipName(clip, index);
  const [caption, setDraft] = useDraft(clip.caption ?? '', (value) => setCaption(clip.id, value.trim() ? value : null));
  return (
    <label className="flex flex-col gap-1 text-xs text-ink-300">
      {name}
      <input type="text" aria-label={`Caption of ${name}`} value={caption} maxLength={TEXT_LIMITS.captionChars * 4} placeholder="No caption" onChange={(e) => setDraft(e.target.value)} className={field} />
    </label>
  );
}

/**
 * Words on the video: an opening title, an end card, and a caption per clip, with their looks.
 * Every change saves (typing once the creator pauses), is one undo step, and the preview redraws
 * the pieces it touches.
 */
export function TextPanel() {
  const view = useEditor((s) => s.view);
  const updateSettings = useEditor((s) => s.updateSettings);
  if (!view) return null;
  const text = view.settings.text;
  const save = (next: ProjectText) => updateSettings({ text: next }).catch(toastError);
  const clips = view.clips.filter((c) => c.approved);
  return (
    <div className="flex flex-col gap-3">
      <p className="text-xs text-ink-300">Titles and captions stay inside the frame’s safe area for this shape. Emoji the font cannot draw are left out.</p>
      <CardEditor label="Title" card={text.title} fallbackLook={DEFAULT_TITLE_LOOK} onChange={(title) => save({ ...text, title })} />
      <CardEditor label="End card" card={text.endCard} fallbackLook={DEFAULT_END_LOOK} onChange={(endCard) => save({ ...text, endCard })} />
      <fieldset className="flex flex-col gap-2 rounded-lg border border-ink-700 p-3">
        <legend className="px-1 text-xs font-medium text-ink-200">Captions</legend>
        <LookControls look={text.captionLook} label="Captions" onChange={(captionLook) => save({ ...text, captionLook })} />
        {clips.length === 0 ? (
          <p className="text-xs text-ink-300">Approve clips to give them captions.</p>
        ) : (
          clips.map((clip, i) => <CaptionField key={clip.id} clip={clip} index={i} />)
        )}
      </fieldset>
    </div>
  );
}
