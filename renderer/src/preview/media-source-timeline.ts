import type { PreviewManifest } from '../../../shared/contract';
import { planAppends, type Appended, type BufferName } from './append-plan';

export type FetchPiece = (mediaId: string) => Promise<ArrayBuffer>;

/**
 * Plays the preview's pieces in one <video> through Media Source Extensions: one buffer for the
 * video pieces (each a fragmented MP4 placed at its start with timestampOffset), one for the sound.
 * `show(manifest)` brings the buffers to the manifest: pieces whose content or place changed are
 * removed, ready ones appended nearest the playhead first; it can be called at any time (edits,
 * new pieces), and calls are serialized. Nothing here knows how pieces are made.
 */
export class MediaSourceTimeline {
  private readonly source = new MediaSource();
  private readonly url: string;
  private buffers: Record<BufferName, SourceBuffer> | null = null;
  private readonly appended: Record<BufferName, Appended[]> = { video: [], audio: [] };
  private latest: PreviewManifest | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private destroyed = false;
  private readonly opened: Promise<void>;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly fetchPiece: FetchPiece,
    private readonly onError: (message: string) => void,
  ) {
    this.url = URL.createObjectURL(this.source);
    this.opened = new Promise((resolve) => this.source.addEventListener('sourceopen', () => resolve(), { once: true }));
    video.src = this.url;
  }

  /** Brings the buffers to this manifest (the latest call wins; earlier pending ones are skipped). */
  show(manifest: PreviewManifest): Promise<void> {
    this.latest = manifest;
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.sync();
        } while (this.again && !this.destroyed);
      } catch (error) {
        if (!this.destroyed) this.onError(`The preview could not be played: ${(error as Error).message}`);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  destroy(): void {
    this.destroyed = true;
    this.video.removeAttribute('src');
    this.video.load();
    URL.revokeObjectURL(this.url);
  }

  private async sync(): Promise<void> {
    await this.opened;
    const manifest = this.latest;
    if (!manifest || this.destroyed) return;
    const buffers = this.ensureBuffers(manifest);
    await this.setDuration(buffers, manifest.durationS);
    const plan = planAppends(this.appended, manifest, this.video.currentTime);
    for (const op of plan.removes) await this.run(buffers[op.buffer], (b) => b.remove(op.startS, op.endS));
    this.appended.video = plan.kept.video;
    this.appended.audio = plan.kept.audio;
    let touchedPlayhead = false;
    for (const { buffer, piece } of plan.appends) {
      // A newer manifest is waiting: stop here and plan again from what is buffered.
      if (this.again || this.destroyed) return;
      const bytes = await this.fetchPiece(piece.mediaId as string);
      if (this.destroyed) return;
      const target = buffers[buffer];
      await this.run(target, (b) => {
        b.timestampOffset = piece.startS;
        b.appendBuffer(bytes);
      });
      this.appended[buffer].push({ key: piece.key, startFrame: piece.startFrame, frames: piece.frames });
      const t = this.video.currentTime;
      if (t >= piece.startS && t < piece.startS + piece.durationS) touchedPlayhead = true;
    }
    // A paused video keeps showing the frame it had: show the new one under the playhead.
    if (touchedPlayhead && this.video.paused) this.reseek();
    const complete = [...manifest.video, manifest.audio].every((p) => p.state === 'ready');
    if (complete && this.source.readyState === 'open' && !buffers.video.updating && !buffers.audio.updating) this.source.endOfStream();
  }

  /**
   * Seeks to where the video already is, for real: Chromium elides a paused seek to the current
   * time, and would keep showing the decoded frame of the piece that was replaced.
   */
  private reseek(): void {
    const at = this.video.currentTime;
    this.video.currentTime = at + (at + 1e-4 < this.video.duration ? 1e-5 : -1e-5);
  }

  private ensureBuffers(manifest: PreviewManifest): Record<BufferName, SourceBuffer> {
    if (this.buffers) return this.buffers;
    const video = this.source.addSourceBuffer(manifest.videoMime);
    const audio = this.source.addSourceBuffer(manifest.audioMime);
    video.mode = 'segments';
    audio.mode = 'segments';
    this.buffers = { video, audio };
    return this.buffers;
  }

  /** The timeline's length; what lies past a shorter end is removed first (the duration may not cut buffered media). */
  private async setDuration(buffers: Record<BufferName, SourceBuffer>, durationS: number): Promise<void> {
    const current = this.source.duration;
    if (Math.abs(current - durationS) < 1e-6) return;
    if (Number.isFinite(current) && durationS < current) {
      for (const name of ['video', 'audio'] as const) {
        await this.run(buffers[name], (b) => b.remove(durationS, Number.POSITIVE_INFINITY));
      }
    } else if (this.source.readyState === 'ended') {
      // An ended source takes no new duration; a remove of nothing reopens it.
      await this.run(buffers.video, (b) => b.remove(current, Number.POSITIVE_INFINITY));
    }
    if (this.source.readyState !== 'open') return;
    await Promise.all([idle(buffers.video), idle(buffers.audio)]);
    this.source.duration = durationS;
  }

  /** Runs one buffer operation and waits for it to finish (reopening an ended source first). */
  private async run(buffer: SourceBuffer, op: (b: SourceBuffer) => void): Promise<void> {
    await idle(buffer);
    if (this.destroyed) return;
    await new Promise<void>((resolve, reject) => {
      const done = () => {
        buffer.removeEventListener('updateend', done);
        buffer.removeEventListener('error', failed);
        resolve();
      };
      const failed = () => {
        buffer.removeEventListener('updateend', done);
        buffer.removeEventListener('error', failed);
        reject(new Error('the browser refused a piece'));
      };
      buffer.addEventListener('updateend', done);
      buffer.addEventListener('error', failed);
      try {
        op(buffer);
      } catch (error) {
        buffer.removeEventListener('updateend', done);
        buffer.removeEventListener('error', failed);
        reject(error as Error);
      }
    });
  }
}

function idle(buffer: SourceBuffer): Promise<void> {
  if (!buffer.updating) return Promise.resolve();
  return new Promise((resolve) => buffer.addEventListener('updateend', () => resolve(), { once: true }));
}
