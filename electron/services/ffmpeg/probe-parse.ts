/**
 * Parses the input description FFmpeg prints for `ffmpeg -i file` (stderr), so the app can read
 * clip metadata with ffmpeg alone (ffmpeg-static ships no ffprobe).
 */

export interface Rational {
  num: number;
  den: number;
}

export interface VideoStreamInfo {
  index: number;
  codec: string;
  /** e.g. "High", "Main", "High 4:4:4 Predictive"; null when FFmpeg prints none. */
  profile: string | null;
  pixFmt: string;
  /** Color details FFmpeg prints after the pixel format, e.g. "tv, bt709, progressive". */
  pixFmtDetails: string | null;
  /** Coded size. */
  width: number;
  height: number;
  sar: Rational;
  fps: number | null;
  tbr: number | null;
  /** Stream time base denominator as printed ("15360 tbn"). */
  tbn: string | null;
  /** Clockwise rotation FFmpeg applies when decoding (autorotate). */
  rotation: 0 | 90 | 180 | 270;
}

export interface AudioStreamInfo {
  index: number;
  codec: string;
  sampleRate: number;
  channelLayout: string;
}

export interface ParsedInput {
  container: string;
  durationS: number | null;
  startS: number;
  video: VideoStreamInfo | null;
  audio: AudioStreamInfo | null;
}

/** Returns null when FFmpeg printed no description of input #0 (it could not open the file). */
export function parseInputDescription(stderr: string): ParsedInput | null {
  return parseInputDescriptions(stderr)[0] ?? null;
}

/**
 * Descriptions of every input FFmpeg opened, in input order (`ffmpeg -i a -i b ...`). FFmpeg stops
 * at the first input it cannot open, so the list ends there.
 */
export function parseInputDescriptions(stderr: string): ParsedInput[] {
  const lines = stderr.split(/\r?\n/);
  const results: ParsedInput[] = [];
  for (let k = 0; ; k++) {
    const start = lines.findIndex((l) => l.startsWith(`Input #${k}, `));
    if (start < 0) break;
    const container = /^Input #\d+, (.+?), from /.exec(lines[start] ?? '')?.[1] ?? 'unknown';
    let end = lines.findIndex((l, i) => i > start && /^(Input #|Output #|Stream mapping:|At least one output|\S)/.test(l));
    if (end < 0) end = lines.length;
    results.push(parseSection(lines.slice(start + 1, end), k, container));
  }
  return results;
}

/**
 * Packet counts per input stream from the summary FFmpeg prints at `-v verbose`
 * ("Input stream #2:0 (video): 150 packets read"): with `-c copy` one packet is one frame.
 */
export function parsePacketCounts(stderr: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of stderr.matchAll(/Input stream #(\d+):(\d+) \(\w+\): (\d+) packets read/g)) {
    counts.set(`${m[1]}:${m[2]}`, Number(m[3]));
  }
  return counts;
}

function parseSection(section: string[], k: number, container: string): ParsedInput {
  let durationS: number | null = null;
  let startS = 0;
  let video: VideoStreamInfo | null = null;
  let audio: AudioStreamInfo | null = null;
  const streamRe = new RegExp(`^\\s+Stream #${k}:(\\d+)[^:]*: (Video|Audio): (.*)$`);
  for (let i = 0; i < section.length; i++) {
    const line = section[i] ?? '';
    const dur = /^\s+Duration: (?:(\d+):(\d+):(\d+(?:\.\d+)?)|N\/A)(?:, start: (-?\d+(?:\.\d+)?))?/.exec(line);
    if (dur) {
      if (dur[1] !== undefined) durationS = Number(dur[1]) * 3600 + Number(dur[2]) * 60 + Number(dur[3]);
      if (dur[4] !== undefined) startS = Number(dur[4]);
      continue;
    }
    const stream = streamRe.exec(line);
    if (!stream) continue;
    const index = Number(stream[1]);
    const body = stream[3] ?? '';
    if (stream[2] === 'Video' && !video && !/\(attached pic\)/.test(body)) {
      video = parseVideo(index, body, streamExtras(section, i));
    } else if (stream[2] === 'Audio' && !audio) {
      audio = parseAudio(index, body);
    }
  }
  return { container, durationS, startS, video, audio };
}

/** The indented lines (metadata, side data) that follow a stream line. */
function streamExtras(section: string[], streamLine: number): string[] {
  const out: string[] = [];
  for (let j = streamLine + 1; j < section.length; j++) {
    const l = section[j] ?? '';
    if (/^\s+Stream #/.test(l) || !/^\s{4,}/.test(l)) break;
    out.push(l);
  }
  return out;
}

function parseVideo(index: number, body: string, extras: string[]): VideoStreamInfo | null {
  const parts = splitTopLevel(body);
  const codecPart = parts[0] ?? '';
  const codec = /^(\S+)/.exec(codecPart)?.[1] ?? 'unknown';
  const profileMatch = /^\S+ \(([^)]*)\)/.exec(codecPart);
  const profile = profileMatch && !/ \/ 0x/.test(profileMatch[1] ?? '') ? (profileMatch[1] ?? null) : null;
  // At -v verbose FFmpeg adds parts such as "1 reference frame (avc1 / 0x31637661)" before the pixel format.
  const pixPart = parts.slice(1).find((p) => /^[a-z0-9_]+(?:\(.*\))?$/.test(p)) ?? '';
  const pix = /^([a-z0-9_]+)(?:\((.*)\))?$/.exec(pixPart);
  const sizeIdx = parts.findIndex((p) => /^\d+x\d+/.test(p));
  const size =
    sizeIdx >= 0 ? /^(\d+)x(\d+)(?: \(\d+x\d+\))?(?: \[SAR (\d+):(\d+) DAR \d+:\d+\])?/.exec(parts[sizeIdx] ?? '') : null;
  if (!size) return null;
  const sarNum = Number(size[3] ?? 1);
  const sarDen = Number(size[4] ?? 1);
  const sar = sarNum > 0 && sarDen > 0 ? { num: sarNum, den: sarDen } : { num: 1, den: 1 };
  const rate = (unit: string) => {
    const p = parts.find((x) => new RegExp(`^[\\d.]+k? ${unit}\\b`).test(x));
    if (!p) return null;
    const n = parseFloat(p);
    return p.includes('k ') ? n * 1000 : n;
  };
  const tbn = parts.map((x) => /^([\d.]+k?) tbn\b/.exec(x)?.[1]).find((x) => x !== undefined) ?? null;
  let rotation: VideoStreamInfo['rotation'] = 0;
  for (const l of extras) {
    const m = /rotation of (-?\d+(?:\.\d+)?) degrees/.exec(l);
    if (m) {
      // FFmpeg prints the display matrix angle counter-clockwise; autorotate turns it back.
      const cw = (((-Math.round(Number(m[1]) / 90) * 90) % 360) + 360) % 360;
      rotation = cw as VideoStreamInfo['rotation'];
    }
  }
  return {
    index,
    codec,
    profile,
    pixFmt: pix?.[1] ?? pixPart,
    pixFmtDetails: pix?.[2] ?? null,
    width: Number(size[1]),
    height: Number(size[2]),
    sar,
    fps: rate('fps'),
    tbr: rate('tbr'),
    tbn,
    rotation,
  };
}

function parseAudio(index: number, body: string): AudioStreamInfo | null {
  const parts = splitTopLevel(body);
  const codec = /^(\S+)/.exec(parts[0] ?? '')?.[1] ?? 'unknown';
  const rate = parts.find((p) => /^\d+ Hz$/.test(p));
  return {
    index,
    codec,
    sampleRate: rate ? parseInt(rate, 10) : 0,
    channelLayout: parts[2] ?? 'unknown',
  };
}

/** Splits on ", " outside parentheses and brackets: "yuv420p(tv, bt709)" stays one part. */
export function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}
