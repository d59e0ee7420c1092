import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';

const CONFIG_BOXES = new Set(['avcC', 'hvcC', 'av1C', 'vpcC']);
const MAX_MOOV_BYTES = 64 * 1024 * 1024;

/**
 * Hash of the first video track's decoder configuration (avcC / hvcC ...) of an MP4/MOV file,
 * or null when the file is not MP4/MOV or has none. Two files can only be stream-copied into one
 * MP4 when these match: an MP4 stores one set of SPS/PPS for the whole track.
 */
export async function readMp4VideoConfigHash(file: string): Promise<string | null> {
  let fh: FileHandle | undefined;
  try {
    fh = await open(file, 'r');
    const size = (await fh.stat()).size;
    const moov = await findTopLevelBox(fh, size, 'moov');
    if (!moov || moov.size > MAX_MOOV_BYTES) return null;
    const buf = Buffer.alloc(moov.size - moov.header);
    await fh.read(buf, 0, buf.length, moov.offset + moov.header);
    for (const trak of children(buf, 0, buf.length)) {
      if (trak.type !== 'trak') continue;
      const mdia = child(buf, trak, 'mdia');
      const hdlr = mdia && child(buf, mdia, 'hdlr');
      if (!mdia || !hdlr || buf.toString('latin1', hdlr.start + 8, hdlr.start + 12) !== 'vide') continue;
      const stsd = descend(buf, mdia, ['minf', 'stbl', 'stsd']);
      if (!stsd) return null;
      // stsd: version/flags (4) + entry count (4), then the sample entry box.
      const entry = children(buf, stsd.start + 8, stsd.end)[0];
      if (!entry) return null;
      // VisualSampleEntry: 78 bytes of fixed fields before its child boxes.
      const config = children(buf, entry.start + 78, entry.end).find((b) => CONFIG_BOXES.has(b.type));
      if (!config) return null;
      return createHash('sha1').update(entry.type).update(buf.subarray(config.start, config.end)).digest('hex');
    }
    return null;
  } catch {
    return null;
  } finally {
    await fh?.close();
  }
}

interface Box {
  type: string;
  /** Payload range inside the buffer. */
  start: number;
  end: number;
}

function children(buf: Buffer, from: number, to: number): Box[] {
  const boxes: Box[] = [];
  let pos = from;
  while (pos + 8 <= to) {
    let size = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    let header = 8;
    if (size === 1) {
      if (pos + 16 > to) break;
      size = Number(buf.readBigUInt64BE(pos + 8));
      header = 16;
    } else if (size === 0) {
      size = to - pos;
    }
    if (size < header || pos + size > to) break;
    boxes.push({ type, start: pos + header, end: pos + size });
    pos += size;
  }
  return boxes;
}

function child(buf: Buffer, parent: Box, type: string): Box | undefined {
  return children(buf, parent.start, parent.end).find((b) => b.type === type);
}

function descend(buf: Buffer, from: Box, path: string[]): Box | undefined {
  let cur: Box | undefined = from;
  for (const type of path) {
    if (!cur) return undefined;
    cur = child(buf, cur, type);
  }
  return cur;
}

async function findTopLevelBox(
  fh: FileHandle,
  fileSize: number,
  type: string,
): Promise<{ offset: number; size: number; header: number } | null> {
  const head = Buffer.alloc(16);
  let pos = 0;
  while (pos + 8 <= fileSize) {
    const { bytesRead } = await fh.read(head, 0, 16, pos);
    if (bytesRead < 8) return null;
    let size = head.readUInt32BE(0);
    const boxType = head.toString('latin1', 4, 8);
    let header = 8;
    if (size === 1) {
      if (bytesRead < 16) return null;
      size = Number(head.readBigUInt64BE(8));
      header = 16;
    } else if (size === 0) {
      size = fileSize - pos;
    }
    if (size < header) return null;
    if (boxType === type) return { offset: pos, size, header };
    pos += size;
  }
  return null;
}
