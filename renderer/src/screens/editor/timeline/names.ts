import type { EditorClip } from '../../../../../shared/contract';
import { currentTake } from '../../../stores/editor';

export const clipName = (clip: EditorClip, index: number) => clip.sourceName ?? `Clip ${index + 1}`;
export const takeLength = (clip: EditorClip) => currentTake(clip)?.durationS ?? clip.durationS;
export const seconds = (s: number) => `${s.toFixed(1)} s`;
