/**
 * Synthesizes the bundled royalty-free music tracks (resources/music/*.m4a) so the repository ships
 * no third-party audio. Needs ffmpeg on PATH (or FFMPEG_PATH) for the AAC encode.
 * Run: npx tsx resources/scripts/make-music.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RATE = 44_100;
const SECONDS = 60;
const out = join(import.meta.dirname, '..', 'music');

const noteHz = (midi: number) => 440 * 2 ** ((midi - 69) / 12);

/** A deterministic pseudo-random source so every run makes the same files. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

interface Track {
  file: string;
  title: string;
  bpm: number;
  chords: number[][];
  render(l: Float32Array, r: Float32Array, beat: number, chord: number[], bar: number, random: () => number): void;
}

function addTone(buf: Float32Array, start: number, hz: number, seconds: number, amp: number, attack: number, decay: number, harmonics: number[] = [1]) {
  const from = Math.floor(start * RATE);
  const to = Math.min(buf.length, from + Math.floor(seconds * RATE));
  for (let i = from; i < to; i++) {
    const t = (i - from) / RATE;
    const env = Math.min(1, t / attack) * Math.exp(-t / decay);
    let v = 0;
    harmonics.forEach((h, k) => (v += h * Math.sin(2 * Math.PI * hz * (k + 1) * t)));
    buf[i]! += amp * env * v;
  }
}

function addKick(buf: Float32Array, start: number, amp: number) {
  const from = Math.floor(start * RATE);
  for (let i = 0; i < 0.35 * RATE && from + i < buf.length; i++) {
    const t = i / RATE;
    const hz = 45 + 90 * Math.exp(-t * 30);
    buf[from + i]! += amp * Math.exp(-t * 9) * Math.sin(2 * Math.PI * hz * t);
  }
}

const tracks: Track[] = [
  {
    file: 'drift.m4a',
    title: 'Drift (ambient)',
    bpm: 60,
    chords: [[57, 60, 64], [53, 57, 60], [48, 52, 55], [55, 59, 62]],
    render(l, r, beat, chord, bar) {
      if (beat % 4 === 0) {
        chord.forEach((n, i) => {
          addTone(i % 2 ? l : r, bar * 4, noteHz(n), 5, 0.09, 1.2, 2.6, [1, 0.3, 0.1]);
          addTone(i % 2 ? r : l, bar * 4, noteHz(n) * 1.003, 5, 0.07, 1.4, 2.6, [1, 0.2]);
        });
        addTone(l, bar * 4, noteHz(chord[0]! - 12), 4.5, 0.12, 0.5, 3, [1, 0.4]);
        addTone(r, bar * 4, noteHz(chord[0]! - 12), 4.5, 0.12, 0.5, 3, [1, 0.4]);
      }
      const n = chord[beat % 3]! + 12;
      addTone(beat % 2 ? l : r, beat, noteHz(n), 1.5, 0.05, 0.01, 0.5, [1, 0.5, 0.25]);
    },
  },
  {
    file: 'sunrise.m4a',
    title: 'Sunrise (upbeat)',
    bpm: 112,
    chords: [[60, 64, 67], [57, 60, 64], [53, 57, 60], [55, 59, 62]],
    render(l, r, beat, chord) {
      const spb = 60 / 112;
      const t = beat * spb;
      addKick(l, t, 0.35);
      addKick(r, t, 0.35);
      for (let k = 0; k < 4; k++) {
        const n = chord[k % 3]! + (k === 3 ? 12 : 0) + 12;
        const target = k % 2 ? l : r;
        addTone(target, t + (k * spb) / 4, noteHz(n), 0.6, 0.07, 0.004, 0.18, [1, 0.6, 0.3, 0.15]);
      }
      if (beat % 2 === 0) {
        addTone(l, t, noteHz(chord[0]! - 24), spb * 2, 0.16, 0.01, 0.5, [1, 0.5]);
        addTone(r, t, noteHz(chord[0]! - 24), spb * 2, 0.16, 0.01, 0.5, [1, 0.5]);
      }
    },
  },
  {
    file: 'reverie.m4a',
    title: 'Reverie (piano)',
    bpm: 76,
    chords: [[50, 57, 62, 65], [46, 53, 58, 62], [48, 55, 60, 64], [45, 52, 57, 61]],
    render(l, r, beat, chord, _bar, random) {
      const spb = 60 / 76;
      const t = beat * spb;
      const pattern = [0, 2, 1, 3];
      const n = chord[pattern[beat % 4]!]! + 12;
      addTone(l, t, noteHz(n), 3, 0.1, 0.003, 0.9, [1, 0.45, 0.2, 0.1]);
      addTone(r, t + 0.012, noteHz(n), 3, 0.08, 0.003, 0.9, [1, 0.45, 0.2, 0.1]);
      if (beat % 4 === 0) {
        addTone(l, t, noteHz(chord[0]!), 4, 0.12, 0.005, 1.6, [1, 0.5, 0.2]);
        addTone(r, t, noteHz(chord[0]!), 4, 0.12, 0.005, 1.6, [1, 0.5, 0.2]);
      }
      if (random() < 0.3) addTone(random() < 0.5 ? l : r, t + spb / 2, noteHz(chord[3]! + 24), 2, 0.04, 0.003, 0.6, [1, 0.3]);
    },
  },
];

/** A light stereo feedback delay: makes dry synthesis sound like it was played in a room. */
function addEcho(l: Float32Array, r: Float32Array, seconds: number, feedback: number) {
  const d = Math.floor(seconds * RATE);
  for (let i = d; i < l.length; i++) {
    l[i]! += feedback * r[i - d]!;
    r[i]! += feedback * l[i - d]!;
  }
}

function wav(l: Float32Array, r: Float32Array): Buffer {
  let peak = 0;
  for (let i = 0; i < l.length; i++) peak = Math.max(peak, Math.abs(l[i]!), Math.abs(r[i]!));
  const gain = 0.89 / peak;
  const fadeOut = 3 * RATE;
  const data = Buffer.alloc(l.length * 4);
  for (let i = 0; i < l.length; i++) {
    const env = Math.min(1, i / (0.05 * RATE), (l.length - i) / fadeOut);
    data.writeInt16LE(Math.round(l[i]! * gain * env * 32767), i * 4);
    data.writeInt16LE(Math.round(r[i]! * gain * env * 32767), i * 4 + 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(2, 22);
  header.writeUInt32LE(RATE, 24);
  header.writeUInt32LE(RATE * 4, 28);
  header.writeUInt16LE(4, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

mkdirSync(out, { recursive: true });
const work = join(tmpdir(), `echoes-music-${process.pid}`);
mkdirSync(work, { recursive: true });
const ffmpeg = process.env.FFMPEG_PATH ?? 'ffmpeg';
for (const track of tracks) {
  const l = new Float32Array(SECONDS * RATE);
  const r = new Float32Array(SECONDS * RATE);
  const random = rng(track.file.length * 7919);
  const beats = Math.floor((SECONDS * track.bpm) / 60);
  for (let beat = 0; beat < beats; beat++) {
    const bar = Math.floor(beat / 4);
    track.render(l, r, beat, track.chords[bar % track.chords.length]!, bar, random);
  }
  addEcho(l, r, 0.23, 0.28);
  const wavFile = join(work, `${track.file}.wav`);
  writeFileSync(wavFile, wav(l, r));
  execFileSync(ffmpeg, ['-y', '-loglevel', 'error', '-i', wavFile, '-c:a', 'aac', '-b:a', '128k', '-metadata', `title=${track.title}`, '-metadata', 'artist=Echoes Studio', '-movflags', '+faststart', join(out, track.file)]);
  console.log(join(out, track.file));
}
rmSync(work, { recursive: true, force: true });
writeFileSync(
  join(out, 'LICENSE.md'),
  `The music in this folder is synthesized by resources/scripts/make-music.ts (no samples, no third-party material).\nIt is dedicated to the public domain (CC0 1.0).\n\n${tracks.map((t) => `- ${t.file}: ${t.title}`).join('\n')}\n`,
);
