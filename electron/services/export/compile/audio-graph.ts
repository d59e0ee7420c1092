import { AUDIO_SAMPLE_RATE } from './encoder-args';

export interface AudioGraphInput {
  fps: number;
  /** Per clip: where its audio comes from (null = the clip is silent) and its frame count. */
  clips: ReadonlyArray<{ audioInput: AudioSource | null; frames: number }>;
  /** Overlap in frames at each boundary (0 = cut); the audio crossfades over the same span. */
  boundaries: ReadonlyArray<{ frames: number }>;
  totalFrames: number;
  music: {
    input: AudioSource;
    volume: number;
    fadeInS: number;
    fadeOutS: number;
    clipAudioVolume: number;
  } | null;
}

/** An FFmpeg input's number, or a source filter that reads the file inside the graph (amovie=...). */
export type AudioSource = number | string;

export const AUDIO_OUT = 'aout';

/** The start of a chain that takes this source's audio. */
function from(source: AudioSource): string {
  return typeof source === 'number' ? `[${source}:a]` : `${source},`;
}
const FORMAT = `aresample=${AUDIO_SAMPLE_RATE},aformat=sample_fmts=fltp:channel_layouts=stereo`;
const SILENCE = `anullsrc=r=${AUDIO_SAMPLE_RATE}:cl=stereo`;

/**
 * Filter chains that produce [aout]: the clips' audio (silence where a clip has none) cut and
 * crossfaded exactly like the video, the music looped/trimmed to the video's length with volume and
 * fades, mixed together. Every output gets an audio track of exactly the video's length.
 */
export function buildAudioGraph(a: AudioGraphInput): string[] {
  const spf = AUDIO_SAMPLE_RATE / a.fps;
  const total = Math.round(a.totalFrames * spf);
  const chains: string[] = [];

  const clipBus = a.clips.some((c) => c.audioInput !== null) ? buildClipBus(a, spf, chains) : null;
  const musicBus = a.music ? buildMusicBus(a.music, total, chains) : null;

  if (clipBus && musicBus) {
    const clipGain = a.music ? a.music.clipAudioVolume / 100 : 1;
    chains.push(`[${clipBus}]volume=${num(clipGain)}[clipmix]`);
    // amix scales each of its 2 inputs by 1/2; volume=2 restores unity gain (portable to 4.3, no normalize=0).
    chains.push(`[clipmix][${musicBus}]amix=inputs=2:duration=first:dropout_transition=0,volume=2[${AUDIO_OUT}]`);
  } else if (clipBus || musicBus) {
    chains.push(`[${clipBus ?? musicBus}]anull[${AUDIO_OUT}]`);
  } else {
    chains.push(`${SILENCE},atrim=end_sample=${total}[${AUDIO_OUT}]`);
  }
  return chains;
}

function buildClipBus(a: AudioGraphInput, spf: number, chains: string[]): string {
  a.clips.forEach((clip, i) => {
    const samples = Math.round(clip.frames * spf);
    chains.push(
      clip.audioInput === null
        ? `${SILENCE},atrim=end_sample=${samples}[ca${i}]`
        : `${from(clip.audioInput)}${FORMAT},apad,atrim=end_sample=${samples}[ca${i}]`,
    );
  });
  let pending: string[] = ['ca0'];
  let joined = 0;
  const collapse = (): string => {
    if (pending.length === 1) return pending[0] as string;
    const label = `cj${joined++}`;
    chains.push(`${pending.map((l) => `[${l}]`).join('')}concat=n=${pending.length}:v=0:a=1[${label}]`);
    return label;
  };
  a.boundaries.forEach((b, i) => {
    const next = `ca${i + 1}`;
    if (b.frames === 0) {
      pending.push(next);
      return;
    }
    const left = collapse();
    const label = `cx${i}`;
    chains.push(`[${left}][${next}]acrossfade=ns=${Math.round(b.frames * spf)}:c1=tri:c2=tri[${label}]`);
    pending = [label];
  });
  return collapse();
}

function buildMusicBus(m: NonNullable<AudioGraphInput['music']>, total: number, chains: string[]): string {
  const totalS = total / AUDIO_SAMPLE_RATE;
  const fadeIn = Math.min(m.fadeInS, totalS / 2);
  const fadeOut = Math.min(m.fadeOutS, totalS / 2);
  const parts = [`${from(m.input)}${FORMAT}`, 'apad', `atrim=end_sample=${total}`, 'asetpts=N/SR/TB', `volume=${num(m.volume / 100)}`];
  if (fadeIn > 0) parts.push(`afade=t=in:st=0:d=${num(fadeIn)}`);
  if (fadeOut > 0) parts.push(`afade=t=out:st=${num(totalS - fadeOut)}:d=${num(fadeOut)}`);
  chains.push(`${parts.join(',')}[music]`);
  return 'music';
}

/** Numbers for filter arguments: no exponent notation, no float noise. */
export function num(n: number): string {
  return String(Math.round(n * 1e6) / 1e6);
}
