import { writeFileSync } from 'node:fs';
import { FFMPEG, runTool } from './ffmpeg-fixtures';

/**
 * A click track made in the test, with its true beat times: clicks at 120 BPM (one every 0.5 s,
 * every fourth louder), a bar of silence, more at 120 BPM, then a tempo change to 90 BPM, over a
 * little noise, encoded by FFmpeg as the file's name says (.m4a: AAC).
 */
export async function makeClickTrack(file: string, options: { sampleRate?: number; lead?: number } = {}): Promise<{ file: string; beats: number[]; silent: Array<[number, number]>; durationS: number }> {
  const rate = options.sampleRate ?? 44_100;
  const beats: number[] = [];
  let t = options.lead ?? 0.25;
  for (let i = 0; i < 16; i++, t += 0.5) beats.push(t);
  const silenceFrom = t;
  t += 2;
  const silent: Array<[number, number]> = [[silenceFrom, t]];
  for (let i = 0; i < 16; i++, t += 0.5) beats.push(t);
  for (let i = 0; i < 20; i++, t += 60 / 90) beats.push(t);
  const durationS = t + 1;
  const samples = new Float32Array(Math.round(durationS * rate));
  let seed = 7;
  const noise = () => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;
  for (let i = 0; i < samples.length; i++) samples[i] = 0.003 * noise();
  beats.forEach((b, j) => {
    const at = Math.round(b * rate);
    const amp = j % 4 === 0 ? 0.8 : 0.45;
    for (let i = 0; i < 0.03 * rate && at + i < samples.length; i++) {
      samples[at + i] = (samples[at + i] as number) + amp * Math.sin((2 * Math.PI * 1200 * i) / rate) * Math.exp(-i / (0.006 * rate));
    }
  });
  // Raw 32-bit float samples, encoded by FFmpeg into the file's format (.m4a: AAC, .wav: PCM).
  const raw = `${file}.f32`;
  writeFileSync(raw, Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength));
  await runTool(FFMPEG, ['-v', 'error', '-y', '-f', 'f32le', '-ar', String(rate), '-ac', '1', '-i', raw, ...(file.endsWith('.m4a') ? ['-c:a', 'aac', '-b:a', '160k'] : []), file]);
  return { file, beats, silent, durationS };
}
