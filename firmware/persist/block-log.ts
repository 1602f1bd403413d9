import { Checksum } from "./checksum";
import { getU16, getU32, putU16, putU32 } from "./bytes";

/**
 * An append-only log of checksummed blocks inside a fixed-size flash file.
 *
 * Block: [0xB1][length u16][length check][flags][payload...][crc32 u32][0x5A]
 * - the length covers the whole block; the length check (lo ^ hi ^ 0x6D) guards it;
 * - the crc covers everything from the mark to the end of the payload;
 * - flag MORE: the group goes on in the next block. A group counts only once its last block is in,
 *   so one update can span several blocks and still land all or nothing.
 *
 * A power cut leaves a prefix of the last write followed by 0xFF ("torn"): the interrupted group is
 * dropped. A block whose crc holds counts even if its final 0x5A was cut off (all its data landed).
 * Anything else that fails (bad mark, length, crc on a block that was written to its end, bytes
 * after the end of the log) is "corrupt". One flipped byte can never pass for a power cut.
 */
export const BLOCK_MARK = 0xb1;
export const BLOCK_COMMIT = 0x5a;
export const BLOCK_HEAD = 5;
export const BLOCK_TAIL = 5;
export const BLOCK_OVERHEAD = BLOCK_HEAD + BLOCK_TAIL;
export const BLOCK_MORE = 1;

export const LOG_CLEAN = 0;
export const LOG_TORN = 1;
export const LOG_CORRUPT = 2;

export interface LogScan {
  /** LOG_CLEAN, LOG_TORN (an update was cut short: dropped) or LOG_CORRUPT. */
  state: number;
  /** Offset just after the last complete group: where the log's live content ends. */
  end: number;
  reason: string;
}

function lengthCheck(len: number): number {
  return (len & 0xff) ^ (len >> 8) ^ 0x6d;
}

/** Index of the last byte in b[start..) that is not 0xFF, or start - 1. */
export function lastWritten(b: Uint8Array, start: number): number {
  let i = b.length - 1;
  while (i >= start && b[i] === 0xff) i--;
  return i;
}

/**
 * Walks the log in b[start..), calling onGroup(first, end) for every complete group, in order.
 * Stops at the first block that is not valid and says why.
 */
export function scanLog(b: Uint8Array, start: number, checksum: Checksum, onGroup: (first: number, end: number) => void): LogScan {
  const last = lastWritten(b, start);
  let o = start;
  let group = -1;
  let end = start;
  while (o < b.length) {
    if (b[o] === 0xff) {
      if (last < o) return { state: group < 0 ? LOG_CLEAN : LOG_TORN, end: end, reason: group < 0 ? "" : "update cut short" };
      return { state: LOG_CORRUPT, end: end, reason: "bytes written after the end of the log at " + o };
    }
    if (b[o] !== BLOCK_MARK) return { state: LOG_CORRUPT, end: end, reason: "bad block mark at " + o };
    const len = o + 3 < b.length ? getU16(b, o + 1) : 0;
    const headOk = len >= BLOCK_OVERHEAD && o + len <= b.length && b[o + 3] === lengthCheck(len);
    if (!headOk) {
      if (last < o + 4) return { state: LOG_TORN, end: end, reason: "update cut short" };
      return { state: LOG_CORRUPT, end: end, reason: "bad block length at " + o };
    }
    const blockEnd = o + len;
    const crcAt = blockEnd - BLOCK_TAIL;
    const commit = b[blockEnd - 1] as number;
    if (checksum(b.subarray(o, crcAt)) !== getU32(b, crcAt)) {
      if (commit === 0xff && last < blockEnd - 1) return { state: LOG_TORN, end: end, reason: "update cut short" };
      return { state: LOG_CORRUPT, end: end, reason: "checksum mismatch in block at " + o };
    }
    if (commit !== BLOCK_COMMIT && commit !== 0xff) return { state: LOG_CORRUPT, end: end, reason: "bad commit mark at " + o };
    if (group < 0) group = o;
    if (((b[o + 4] as number) & BLOCK_MORE) === 0) {
      onGroup(group, blockEnd);
      end = blockEnd;
      group = -1;
    }
    o = blockEnd;
  }
  return { state: group < 0 ? LOG_CLEAN : LOG_TORN, end: end, reason: group < 0 ? "" : "update cut short" };
}

export function blockLength(b: Uint8Array, at: number): number {
  return getU16(b, at + 1);
}

export function blockFlags(b: Uint8Array, at: number): number {
  return b[at + 4] as number;
}

/**
 * One block being built in RAM: payload bytes go to buf[len..]; seal() adds head and tail.
 * Sized once (fixed RAM); reused for every block of a group.
 */
export class BlockBuffer {
  readonly buf: Uint8Array;
  len = BLOCK_HEAD;

  constructor(maxBlockBytes: number) {
    this.buf = new Uint8Array(maxBlockBytes);
  }

  reset(): void {
    this.len = BLOCK_HEAD;
  }

  /** Payload bytes still free in this block. */
  room(): number {
    return this.buf.length - BLOCK_TAIL - this.len;
  }

  /** Finishes the block and returns a view of its bytes (valid until the next reset). */
  seal(flags: number, checksum: Checksum): Uint8Array {
    const b = this.buf;
    const total = this.len + BLOCK_TAIL;
    b[0] = BLOCK_MARK;
    putU16(b, 1, total);
    b[3] = lengthCheck(total);
    b[4] = flags;
    putU32(b, this.len, checksum(b.subarray(0, this.len)));
    b[total - 1] = BLOCK_COMMIT;
    return b.subarray(0, total);
  }
}
