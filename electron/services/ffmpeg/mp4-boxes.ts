import type { FileHandle } from 'node:fs/promises';

/** Reading ISO-BMFF (MP4/MOV) boxes: a file's top-level boxes, and a box's children inside a buffer. */

export interface Box {
  type: string;
  /** Payload range inside the buffer. */
  start: number;
  end: number;
}

export function children(buf: Buffer, from: number, to: number): Box[] {
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

export function child(buf: Buffer, parent: Box, type: string): Box | undefined {
  return children(buf, parent.start, parent.end).find((b) => b.type === type);
}

export function descend(buf: Buffer, from: Box, path: string[]): Box | undefined {
  let cur: Box | undefined = from;
  for (const type of path) {
    if (!cur) return undefined;
    cur = child(buf, cur, type);
  }
  return cur;
}

export async function findTopLevelBox(
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
