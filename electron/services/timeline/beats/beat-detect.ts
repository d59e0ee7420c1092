/**
 * Beats of a track (pure, over mono PCM): where the music's pulse falls, found on the device.
 *
 * 1. Onset strength: spectral flux (the rise of log magnitudes, summed over frequencies) every 5 ms.
 * 2. Tempo, locally: the onset strength's autocorrelation in 6 s windows (60-200 BPM, favouring
 *    ~120), smoothed over neighbouring windows, so a tempo change is followed.
 * 3. Beats: dynamic programming (Ellis 2007): a chain of onsets whose gaps stay near the local
 *    period, the best-scoring chain through the whole track.
 * 4. Each beat is moved onto its onset, found to the millisecond in the signal's energy, and beats
 *    where nothing sounds (bars of silence) are dropped.
 * 5. Strong beats: every fourth beat on the phase where the onsets are strongest (the downbeats).
 * A track whose onsets have no steady period (a drone, a pad, noise, silence) has no beat.
 */

export interface BeatAnalysis {
  status: 'found' | 'none';
  /** Beat times in seconds, ascending. */
  beats: number[];
  /** Indexes into `beats` of the strong beats (downbeats). */
  strong: number[];
  tempoBpm: number | null;
  durationS: number;
  /** Why no beat was found; null when found. */
  message: string | null;
}

/** Onset-strength frames per second (a 5 ms hop). */
const FRAME_RATE = 200;
const WINDOW = 512;
const MIN_BPM = 60;
const MAX_BPM = 200;
const PRIOR_BPM = 120;
const TEMPO_WINDOW_S = 6;
const TEMPO_HOP_S = 1;
/** How strongly the chain keeps to the local period (Ellis' alpha, for a unit-deviation onset strength). */
const TIGHTNESS = 100;
/** A beat moves at most this far onto its onset. */
const SNAP_S = 0.04;
/** A window's period counts when the onset strength correlates with itself a period later at least this much. */
const MIN_CLARITY = 0.2;

const TWIDDLE_RE = Float64Array.from({ length: WINDOW / 2 }, (_, k) => Math.cos((-2 * Math.PI * k) / WINDOW));
const TWIDDLE_IM = Float64Array.from({ length: WINDOW / 2 }, (_, k) => Math.sin((-2 * Math.PI * k) / WINDOW));

/** Log magnitudes of a WINDOW-long frame's spectrum (radix-2 FFT). */
function fftMagnitudes(frame: Float32Array, re: Float64Array, im: Float64Array, out: Float64Array): void {
  const n = frame.length;
  for (let i = 0; i < n; i++) {
    re[i] = frame[i] as number;
    im[i] = 0;
  }
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j] as number, re[i] as number];
      [im[i], im[j]] = [im[j] as number, im[i] as number];
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const stride = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < size / 2; k++) {
        const wr = TWIDDLE_RE[k * stride] as number;
        const wi = TWIDDLE_IM[k * stride] as number;
        const a = start + k;
        const b = a + size / 2;
        const tr = (re[b] as number) * wr - (im[b] as number) * wi;
        const ti = (re[b] as number) * wi + (im[b] as number) * wr;
        re[b] = (re[a] as number) - tr;
        im[b] = (im[a] as number) - ti;
        re[a] = (re[a] as number) + tr;
        im[a] = (im[a] as number) + ti;
      }
    }
  }
  for (let k = 0; k < out.length; k++) out[k] = Math.log1p(100 * Math.hypot(re[k] as number, im[k] as number));
}

/** Spectral flux every 1/FRAME_RATE s; frame k describes the window centred on k / FRAME_RATE seconds. */
export function onsetStrength(samples: Float32Array, sampleRate: number): Float64Array {
  const hop = sampleRate / FRAME_RATE;
  const frames = Math.max(0, Math.floor(samples.length / hop));
  const window = new Float32Array(WINDOW);
  const hann = Float32Array.from({ length: WINDOW }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / WINDOW));
  const re = new Float64Array(WINDOW);
  const im = new Float64Array(WINDOW);
  let previous = new Float64Array(WINDOW / 2);
  let current = new Float64Array(WINDOW / 2);
  const flux = new Float64Array(frames);
  for (let k = 0; k < frames; k++) {
    const centre = Math.round(k * hop);
    for (let i = 0; i < WINDOW; i++) {
      const at = centre - WINDOW / 2 + i;
      window[i] = at >= 0 && at < samples.length ? (samples[at] as number) * (hann[i] as number) : 0;
    }
    fftMagnitudes(window, re, im, current);
    let sum = 0;
    if (k > 0) for (let b = 1; b < current.length; b++) sum += Math.max(0, (current[b] as number) - (previous[b] as number));
    flux[k] = sum;
    [previous, current] = [current, previous];
  }
  return flux;
}

/** The onset strength with its local mean (0.4 s) taken off, rectified and scaled to unit deviation. */
function normalise(flux: Float64Array): Float64Array {
  const half = Math.round(0.2 * FRAME_RATE);
  const out = new Float64Array(flux.length);
  let sum = 0;
  let count = 0;
  let lo = 0;
  let hi = -1;
  for (let k = 0; k < flux.length; k++) {
    while (hi < Math.min(flux.length - 1, k + half)) {
      hi++;
      sum += flux[hi] as number;
      count++;
    }
    while (lo < k - half) {
      sum -= flux[lo] as number;
      lo++;
      count--;
    }
    out[k] = Math.max(0, (flux[k] as number) - sum / count);
  }
  let sq = 0;
  for (const v of out) sq += v * v;
  const sd = Math.sqrt(sq / Math.max(1, out.length));
  if (sd > 0) for (let k = 0; k < out.length; k++) out[k] = (out[k] as number) / sd;
  return out;
}

interface TempoWindow {
  /** Best period in frames, and how clearly it stands out (its autocorrelation over the energy). */
  period: number;
  clarity: number;
}

function windowTempo(odf: Float64Array, from: number, to: number): TempoWindow {
  const minLag = Math.round((60 / MAX_BPM) * FRAME_RATE);
  const maxLag = Math.round((60 / MIN_BPM) * FRAME_RATE);
  let mean = 0;
  for (let k = from; k < to; k++) mean += odf[k] as number;
  mean /= to - from;
  let variance = 0;
  for (let k = from; k < to; k++) variance += ((odf[k] as number) - mean) ** 2;
  variance /= to - from;
  if (variance === 0) return { period: 0, clarity: 0 };
  let best = 0;
  let bestScore = -Infinity;
  let bestRaw = 0;
  for (let lag = minLag; lag <= maxLag; lag++) {
    let ac = 0;
    for (let k = from + lag; k < to; k++) ac += (odf[k] as number) * (odf[k - lag] as number);
    ac /= to - from - lag;
    const bpm = (60 * FRAME_RATE) / lag;
    const prior = Math.exp(-0.5 * (Math.log2(bpm / PRIOR_BPM) / 1) ** 2);
    if (ac * prior > bestScore) {
      bestScore = ac * prior;
      best = lag;
      bestRaw = ac;
    }
  }
  // Refine the lag to a fraction of a frame (parabola through the neighbours).
  const acAt = (lag: number) => {
    let ac = 0;
    for (let k = from + lag; k < to; k++) ac += (odf[k] as number) * (odf[k - lag] as number);
    return ac / (to - from - lag);
  };
  const [a, b, c] = [acAt(best - 1), bestRaw, acAt(best + 1)];
  const bend = a - 2 * b + c;
  const period = bend < 0 ? best + (0.5 * (a - c)) / bend : best;
  // How clearly the period stands out: the onset strength's correlation with itself a period later.
  return { period, clarity: (bestRaw - mean * mean) / variance };
}

/** The period (frames) at every frame, from tempo windows, each the median of its neighbours. */
function localPeriods(odf: Float64Array): { periods: Float64Array; clarity: number } {
  const win = TEMPO_WINDOW_S * FRAME_RATE;
  const hop = TEMPO_HOP_S * FRAME_RATE;
  const windows: Array<TempoWindow & { centre: number }> = [];
  for (let from = 0; from === 0 || from + win <= odf.length; from += hop) {
    const to = Math.min(odf.length, from + win);
    windows.push({ ...windowTempo(odf, from, to), centre: (from + to) / 2 });
    if (to === odf.length) break;
  }
  const voiced = windows.filter((w) => w.period > 0 && w.clarity > MIN_CLARITY);
  const clarity = voiced.length ? voiced.reduce((s, w) => s + w.clarity, 0) / windows.length : 0;
  const periods = new Float64Array(odf.length);
  if (voiced.length === 0) return { periods, clarity: 0 };
  const smooth = voiced.map((_, i) => {
    const around = voiced.slice(Math.max(0, i - 2), i + 3).map((w) => w.period).sort((x, y) => x - y);
    return { centre: (voiced[i] as TempoWindow & { centre: number }).centre, period: around[Math.floor(around.length / 2)] as number };
  });
  let w = 0;
  for (let k = 0; k < odf.length; k++) {
    while (w + 1 < smooth.length && Math.abs((smooth[w + 1] as { centre: number }).centre - k) <= Math.abs((smooth[w] as { centre: number }).centre - k)) w++;
    periods[k] = (smooth[w] as { period: number }).period;
  }
  return { periods, clarity };
}

/** The best chain of beats through the onset strength, its gaps near the local period. */
function trackBeats(odf: Float64Array, periods: Float64Array): number[] {
  const n = odf.length;
  const score = new Float64Array(n);
  const back = new Int32Array(n).fill(-1);
  for (let t = 0; t < n; t++) {
    const p = periods[t] as number;
    let best = 0;
    let from = -1;
    if (p > 0) {
      for (let tau = Math.max(0, Math.floor(t - 2 * p)); tau <= t - Math.round(p / 2); tau++) {
        const gap = Math.log((t - tau) / p);
        const s = (score[tau] as number) - TIGHTNESS * gap * gap;
        if (s > best || from < 0) {
          best = s;
          from = tau;
        }
      }
    }
    score[t] = (odf[t] as number) + Math.max(0, best);
    back[t] = best > 0 ? from : -1;
  }
  // End on the best score within the last period.
  const lastP = Math.max(1, Math.round(periods[n - 1] ?? 1));
  let end = n - 1;
  for (let t = Math.max(0, n - lastP); t < n; t++) if ((score[t] as number) > (score[end] as number)) end = t;
  const beats: number[] = [];
  for (let t = end; t >= 0; t = back[t] as number) beats.push(t);
  return beats.reverse();
}

/** Energy in 1 ms blocks, for placing onsets to the millisecond. */
function fineEnergy(samples: Float32Array, sampleRate: number): { energy: Float64Array; step: number } {
  const step = Math.max(1, Math.round(sampleRate / 1000));
  const energy = new Float64Array(Math.ceil(samples.length / step));
  for (let i = 0; i < samples.length; i++) {
    const block = Math.floor(i / step);
    energy[block] = (energy[block] as number) + (samples[i] as number) ** 2;
  }
  return { energy, step };
}

/** Blocks on each side of an onset that its rise compares (10 ms). */
const RISE_BLOCKS = 10;

/**
 * Where within `SNAP_S` of `timeS` the sound rises most (seconds): the millisecond after which the
 * next 10 ms hold the most energy against the 10 ms before; with how much it rises (log10 of the
 * ratio). Null when nothing rises there (silence, a held note).
 */
function snapToOnset(fine: { energy: Float64Array; step: number }, sampleRate: number, timeS: number): { timeS: number; rise: number } | null {
  const msPerBlock = (fine.step / sampleRate) * 1000;
  const at = Math.round((timeS * 1000) / msPerBlock);
  const reach = Math.round((SNAP_S * 1000) / msPerBlock);
  const e = fine.energy;
  const floor = 1e-9;
  let best = -1;
  let bestRise = 0;
  for (let k = Math.max(RISE_BLOCKS, at - reach); k <= Math.min(e.length - RISE_BLOCKS, at + reach); k++) {
    let before = 0;
    let after = 0;
    for (let j = 1; j <= RISE_BLOCKS; j++) {
      before += e[k - j] as number;
      after += e[k + j - 1] as number;
    }
    const rise = Math.log10((after + floor) / (before + floor));
    if (rise > bestRise) {
      bestRise = rise;
      best = k;
    }
  }
  return best < 0 ? null : { timeS: (best * msPerBlock) / 1000, rise: bestRise };
}

function noBeat(durationS: number, message: string): BeatAnalysis {
  return { status: 'none', beats: [], strong: [], tempoBpm: null, durationS, message };
}

/** Finds the beats of mono PCM (any rate of 8 kHz or more). */
export function detectBeats(samples: Float32Array, sampleRate: number): BeatAnalysis {
  const durationS = samples.length / sampleRate;
  if (durationS < 3) return noBeat(durationS, 'the track is shorter than 3 s');
  let peak = 0;
  for (const s of samples) peak = Math.max(peak, Math.abs(s));
  if (peak < 1e-3) return noBeat(durationS, 'the track is silent');
  const odf = normalise(onsetStrength(samples, sampleRate));
  const { periods, clarity } = localPeriods(odf);
  if (clarity < 0.15) return noBeat(durationS, 'no steady beat: its sound has no regular pulse');
  const chain = trackBeats(odf, periods);
  const fine = fineEnergy(samples, sampleRate);
  // A beat stays where something starts to sound: a rise of the energy and an onset around it.
  const onsetNear = (frame: number) => {
    let m = 0;
    for (let k = Math.max(0, frame - 6); k <= Math.min(odf.length - 1, frame + 6); k++) m = Math.max(m, odf[k] as number);
    return m;
  };
  const found: Array<{ timeS: number; strength: number }> = [];
  for (const frame of chain) {
    const strength = onsetNear(frame);
    if (strength < 0.5) continue;
    const snapped = snapToOnset(fine, sampleRate, frame / FRAME_RATE);
    if (!snapped || snapped.rise < 0.3) continue;
    if (found.length && snapped.timeS - (found.at(-1) as { timeS: number }).timeS < 0.5 * (60 / MAX_BPM)) continue;
    found.push({ timeS: snapped.timeS, strength });
  }
  if (found.length < 8) return noBeat(durationS, 'no steady beat: too few clear beats');
  const gaps = found.slice(1).map((b, i) => b.timeS - (found[i] as { timeS: number }).timeS).sort((a, b) => a - b);
  const medianGap = gaps[Math.floor(gaps.length / 2)] as number;
  const phaseStrength = [0, 1, 2, 3].map((phase) => {
    const on = found.filter((_, i) => i % 4 === phase);
    return on.reduce((s, b) => s + b.strength, 0) / Math.max(1, on.length);
  });
  const downbeat = phaseStrength.indexOf(Math.max(...phaseStrength));
  return {
    status: 'found',
    beats: found.map((b) => Math.round(b.timeS * 1e4) / 1e4),
    strong: found.flatMap((_, i) => (i % 4 === downbeat ? [i] : [])),
    tempoBpm: Math.round((60 / medianGap) * 10) / 10,
    durationS,
    message: null,
  };
}
