/** One block of FFmpeg's `-progress` output (key=value lines ending with progress=...). */
export interface FfmpegProgressBlock {
  frame: number | null;
  outTimeS: number | null;
  speed: number | null;
  done: boolean;
}

export interface RunProgress {
  /** 0-100, null when the total duration is unknown. */
  percent: number | null;
  /** Seconds left, estimated from the wall time so far; null until there is progress. */
  etaS: number | null;
  outTimeS: number;
  speed: number | null;
  frame: number | null;
  done: boolean;
}

/** Splits FFmpeg's `-progress pipe:1` stream into blocks; feed it chunks as they arrive. */
export class ProgressParser {
  private buffer = '';
  private fields = new Map<string, string>();

  push(chunk: string): FfmpegProgressBlock[] {
    this.buffer += chunk;
    const blocks: FfmpegProgressBlock[] = [];
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).trim();
      this.buffer = this.buffer.slice(nl + 1);
      const eq = line.indexOf('=');
      if (eq <= 0) continue;
      const key = line.slice(0, eq).trim();
      const value = line.slice(eq + 1).trim();
      if (key === 'progress') {
        blocks.push(toBlock(this.fields, value === 'end'));
        this.fields = new Map();
      } else {
        this.fields.set(key, value);
      }
    }
    return blocks;
  }
}

function toBlock(fields: Map<string, string>, done: boolean): FfmpegProgressBlock {
  return {
    frame: numberOrNull(fields.get('frame')),
    outTimeS: outTime(fields),
    speed: numberOrNull(fields.get('speed')?.replace(/x$/, '')),
    done,
  };
}

function outTime(fields: Map<string, string>): number | null {
  // out_time_ms is in microseconds too (a long-standing FFmpeg quirk); prefer out_time_us.
  const us = numberOrNull(fields.get('out_time_us')) ?? numberOrNull(fields.get('out_time_ms'));
  if (us !== null) return us < 0 ? 0 : us / 1e6;
  const hms = /^(-?)(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(fields.get('out_time') ?? '');
  if (!hms) return null;
  if (hms[1] === '-') return 0;
  return Number(hms[2]) * 3600 + Number(hms[3]) * 60 + Number(hms[4]);
}

function numberOrNull(v: string | undefined): number | null {
  if (v === undefined || v === '' || v === 'N/A') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** Turns a progress block into percent and ETA against the known total output duration. */
export function toRunProgress(block: FfmpegProgressBlock, totalDurationS: number | undefined, elapsedS: number): RunProgress {
  const outTimeS = Math.max(0, block.outTimeS ?? 0);
  let percent: number | null = null;
  let etaS: number | null = null;
  if (totalDurationS && totalDurationS > 0) {
    const fraction = block.done ? 1 : Math.min(1, outTimeS / totalDurationS);
    percent = Math.round(fraction * 1000) / 10;
    if (block.done) etaS = 0;
    else if (fraction > 0 && elapsedS > 0) etaS = Math.max(0, (elapsedS * (1 - fraction)) / fraction);
  }
  return { percent, etaS, outTimeS, speed: block.speed, frame: block.frame, done: block.done };
}
