import { spawn } from 'node:child_process';
import { guardInputs } from '../../ffmpeg/input-guard';
import { guardChild } from '../../ffmpeg/watchdog';
import { logCommandLine, formatCommandLine } from '../../ffmpeg/command-line';

/** The rate tracks are analysed at: onsets to the millisecond, a quarter of a 44.1 kHz track's samples to look at. */
export const ANALYSIS_RATE = 22_050;
/** Only the first 20 minutes of a track are analysed (a video that long loops the music anyway). */
export const MAX_ANALYSED_S = 20 * 60;

/** Decodes an audio file (a media-store or bundled file) to mono 32-bit float PCM at ANALYSIS_RATE. */
export function decodeMonoPcm(ffmpegPath: string, file: string, signal?: AbortSignal): Promise<Float32Array> {
  const args = guardInputs(['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', file, '-map', '0:a:0', '-t', String(MAX_ANALYSED_S), '-ac', '1', '-ar', String(ANALYSIS_RATE), '-f', 'f32le', 'pipe:1']);
  logCommandLine(formatCommandLine(ffmpegPath, args));
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const release = guardChild(child);
    const chunks: Buffer[] = [];
    let stderr = '';
    const onAbort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (b: Buffer) => chunks.push(b));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
    child.on('error', (e) => {
      release();
      reject(e);
    });
    child.on('close', (code) => {
      release();
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) return reject(Object.assign(new Error('Beat analysis was cancelled'), { name: 'AbortError' }));
      if (code !== 0) return reject(new Error(`FFmpeg could not decode the track (exit code ${code}): ${stderr.trim().split('\n').at(-1) ?? ''}`));
      const all = Buffer.concat(chunks);
      const samples = new Float32Array(Math.floor(all.length / 4));
      for (let i = 0; i < samples.length; i++) samples[i] = all.readFloatLE(i * 4);
      resolve(samples);
    });
  });
}
