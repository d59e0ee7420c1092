import { create } from 'zustand';

/**
 * The preview's transport, shared by the player, the ruler and the timeline: the player reports
 * where it is; anyone may ask it to seek or to play. A seek is a request (with an id, so asking for
 * the same time twice seeks twice) that the player carries out.
 */
export interface PlaybackState {
  /** The playhead in seconds of the edited video. */
  timeS: number;
  durationS: number;
  playing: boolean;
  seekRequest: { timeS: number; id: number } | null;
  /** Playback speed; negative is not supported by the player (J steps back instead). */
  rate: number;
  /**
   * A single take shown in the player instead of the edit (a take picked on a card, approved or
   * not); null shows the edit.
   */
  take: { mediaId: string; label: string } | null;
  /** Asks the player to go to a time (clamped to the video). */
  seek(timeS: number): void;
  /** Asks the player to play or pause. */
  setPlaying(playing: boolean): void;
  togglePlay(): void;
  setRate(rate: number): void;
  showTake(take: { mediaId: string; label: string } | null): void;
  /** The player's report of where it is. */
  report(update: Partial<Pick<PlaybackState, 'timeS' | 'durationS' | 'playing'>>): void;
}

let seekId = 0;

export const usePlayback = create<PlaybackState>((set, get) => ({
  timeS: 0,
  durationS: 0,
  playing: false,
  seekRequest: null,
  rate: 1,
  take: null,
  seek(timeS) {
    const { durationS } = get();
    const clamped = Math.max(0, Math.min(Number.isFinite(timeS) ? timeS : 0, durationS > 0 ? durationS : Number.POSITIVE_INFINITY));
    set({ timeS: clamped, seekRequest: { timeS: clamped, id: ++seekId } });
  },
  setPlaying(playing) {
    set({ playing });
  },
  togglePlay() {
    set({ playing: !get().playing });
  },
  setRate(rate) {
    set({ rate: Math.max(0.25, Math.min(4, rate)) });
  },
  showTake(take) {
    set({ take, playing: false });
  },
  report(update) {
    set(update);
  },
}));
