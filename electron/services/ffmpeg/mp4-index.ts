import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { child, children, descend, findTopLevelBox, type Box } from './mp4-boxes';

const MAX_MOOV_BYTES = 64 * 1024 * 1024;

/**
 * What a stream copy of an MP4's video needs to know, read from its sample tables without running
 * FFmpeg: the decoder configuration (avcC: one SPS/PPS set per track, so only files whose configs
 * match can be joined into one track), the frame rate's regularity, where the sync samples (IDR
 * frames) are, and how far decoding runs ahead of display (the B-frame delay).
 */
export interface Mp4VideoIndex {
  /** Sample entry type ('avc1', 'hvc1', ...). */
  codec: string;
  /** sha1 of the sample entry type and its configuration box (avcC...). */
  configHash: string;
  tracks: number;
  width: number;
  height: number;
  timescale: number;
  sampleCount: number;
  /** Every sample lasts this long (timescale units); null when the durations vary. */
  sampleDelta: number | null;
  /** 0-based decode-order indices of the sync samples; all samples when the file has no stss. */
  syncSamples: ReadonlySet<number>;
  /** The edit list's start in media time (B-frame delay in timescale units), 0 without one. */
  mediaStart: number;
}

/** The first video track's index, or null when the file is not an MP4/MOV with one it can read. */
export async function readMp4VideoIndex(file: string): Promise<Mp4VideoIndex | null> {
  let fh: FileHandle | undefined;
  try {
    fh = await open(file, 'r');
    const size = (await fh.stat()).size;
    const moov = await findTopLevelBox(fh, size, 'moov');
    if (!moov || moov.size > MAX_MOOV_BYTES) return null;
    const buf = Buffer.alloc(moov.size - moov.header);
    await fh.read(buf, 0, buf.length, moov.offset + moov.header);
    const traks = children(buf, 0, buf.length).filter((b) => b.type === 'trak');
    for (const trak of traks) {
      const index = videoTrackIndex(buf, trak);
      if (index) return { ...index, tracks: traks.length };
    }
    return null;
  } catch {
    return null;
  } finally {
    await fh?.close();
  }
}

function videoTrackIndex(buf: Buffer, trak: Box): Omit<Mp4VideoIndex, 'tracks'> | null {
  const mdia = child(buf, trak, 'mdia');
  const hdlr = mdia && child(buf, mdia, 'hdlr');
  if (!mdia || !hdlr || buf.toString('latin1', hdlr.start + 8, hdlr.start + 12) !== 'vide') return null;
  const mdhd = child(buf, mdia, 'mdhd');
  const stbl = descend(buf, mdia, ['minf', 'stbl']);
  if (!mdhd || !stbl) return null;
  const timescale = buf.readUInt8(mdhd.start) === 1 ? buf.readUInt32BE(mdhd.start + 20) : buf.readUInt32BE(mdhd.start + 12);

  const stsd = child(buf, stbl, 'stsd');
  // stsd: version/flags (4) + entry count (4), then the sample entry; a VisualSampleEntry has 78 bytes of fields.
  const entry = stsd && children(buf, stsd.start + 8, stsd.end)[0];
  if (!stsd || !entry || buf.readUInt32BE(stsd.start + 4) !== 1) return null;
  const config = children(buf, entry.start + 78, entry.end).find((b) => /^(avcC|hvcC|av1C|vpcC)$/.test(b.type));
  if (!config) return null;
  const width = buf.readUInt16BE(entry.start + 24);
  const height = buf.readUInt16BE(entry.start + 26);

  const stts = child(buf, stbl, 'stts');
  if (!stts) return null;
  let sampleCount = 0;
  const deltas = new Set<number>();
  for (let i = 0, n = buf.readUInt32BE(stts.start + 4); i < n; i++) {
    const at = stts.start + 8 + i * 8;
    const count = buf.readUInt32BE(at);
    sampleCount += count;
    // The last sample's duration is often the muxer's guess; only the others must agree.
    if (count > 1 || i < n - 1) deltas.add(buf.readUInt32BE(at + 4));
  }
  const stss = child(buf, stbl, 'stss');
  const syncSamples = new Set<number>();
  if (stss) {
    for (let i = 0, n = buf.readUInt32BE(stss.start + 4); i < n; i++) syncSamples.add(buf.readUInt32BE(stss.start + 8 + i * 4) - 1);
  } else {
    for (let i = 0; i < sampleCount; i++) syncSamples.add(i);
  }
  return {
    codec: entry.type,
    configHash: createHash('sha1').update(entry.type).update(buf.subarray(config.start, config.end)).digest('hex'),
    width,
    height,
    timescale,
    sampleCount,
    sampleDelta: deltas.size === 1 ? ([...deltas][0] as number) : null,
    syncSamples,
    mediaStart: editListStart(buf, trak),
  };
}

/** The media time the track's one edit starts at (x264 with B-frames: the first frame's composition offset). */
function editListStart(buf: Buffer, trak: Box): number {
  const elst = descend(buf, trak, ['edts', 'elst']);
  if (!elst) return 0;
  const version = buf.readUInt8(elst.start);
  const entries = buf.readUInt32BE(elst.start + 4);
  for (let i = 0; i < entries; i++) {
    const at = elst.start + 8 + i * (version === 1 ? 20 : 12);
    const mediaTime = version === 1 ? Number(buf.readBigInt64BE(at + 8)) : buf.readInt32BE(at + 4);
    // An empty edit (-1) shifts the start later; the media starts at the next one.
    if (mediaTime >= 0) return mediaTime;
  }
  return 0;
}
