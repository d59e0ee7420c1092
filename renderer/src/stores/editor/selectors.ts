import type { Clip, EditorClip, EditorView } from '../../../../shared/contract';

/** The timeline order of every clip when the approved ones take `approvedIds`' order in their own slots. */
export function fullOrderFor(clips: EditorClip[], approvedIds: string[]): string[] {
  const queue = [...approvedIds];
  return clips.map((clip) => (clip.approved ? (queue.shift() ?? clip.id) : clip.id));
}

export const isActiveJob = (clip: EditorClip) => clip.job?.state === 'queued' || clip.job?.state === 'running';

/** Ready clips whose take nobody has approved yet. */
export const awaitingApproval = (clips: EditorClip[]) => clips.filter((c) => !c.approved && c.takes.length > 0 && !isActiveJob(c));

/** The take shown and compiled: the approved one, else the newest. */
export function currentTake(clip: EditorClip) {
  return clip.takes.find((t) => t.approved) ?? clip.takes.at(-1) ?? null;
}

/** The approved take when it was made for another shape than the project's (it is marked "made for 16:9"). */
export function takeOfOtherShape(clip: EditorClip, shape: string) {
  const take = clip.takes.find((t) => t.approved);
  return take && take.aspect !== shape ? take : null;
}

export function patchClips(view: EditorView, update: (clip: EditorClip) => EditorClip): EditorView {
  return { ...view, clips: view.clips.map(update) };
}

/** A freshly imported clip as the editor shows it until the next full refresh. */
export function asEditorClip(clip: Clip): EditorClip {
  return { ...clip, trimInS: 0, trimOutS: null, transitionOut: null, takes: [], job: null };
}
