import { Checksum } from "./checksum";
import { getU32, putU32 } from "./bytes";
import { lastWritten } from "./block-log";

/**
 * The 20-byte header of a fixed-size log file (a block log follows it):
 *   [magic 'L'][kind][format 1][0][generation u32][aux u32][crc32 of bytes 0..12][0 0 0][commit 0x5A]
 * The commit mark is the last byte, so it can be written with the header (one write) or later,
 * once the file's initial content is complete (a compaction).
 */
export const LOG_HEADER = 20;
export const LOG_COMMIT_AT = 19;
export const LOG_COMMIT = 0x5a;

export const HEADER_OK = 0;
export const HEADER_UNCOMMITTED = 1;
export const HEADER_TORN = 2;
export const HEADER_CORRUPT = 3;

export function makeLogHeader(kind: number, gen: number, aux: number, committed: boolean, checksum: Checksum): Uint8Array {
  const h = new Uint8Array(committed ? LOG_HEADER : LOG_COMMIT_AT);
  h[0] = 0x4c;
  h[1] = kind;
  h[2] = 1;
  putU32(h, 4, gen);
  putU32(h, 8, aux);
  putU32(h, 12, checksum(h.subarray(0, 12)));
  if (committed) h[LOG_COMMIT_AT] = LOG_COMMIT;
  return h;
}

/** HEADER_OK, HEADER_UNCOMMITTED (intact, commit mark not written), HEADER_TORN or HEADER_CORRUPT. */
export function checkLogHeader(b: Uint8Array, kind: number, checksum: Checksum): number {
  const intact = b.length >= LOG_HEADER && b[0] === 0x4c && b[1] === kind && b[2] === 1 &&
    checksum(b.subarray(0, 12)) === getU32(b, 12);
  if (!intact) return lastWritten(b, 0) < LOG_COMMIT_AT ? HEADER_TORN : HEADER_CORRUPT;
  const c = b[LOG_COMMIT_AT];
  if (c === LOG_COMMIT) return HEADER_OK;
  return c === 0xff ? HEADER_UNCOMMITTED : HEADER_CORRUPT;
}

export function logGeneration(b: Uint8Array): number {
  return getU32(b, 4);
}

export function logAux(b: Uint8Array): number {
  return getU32(b, 8);
}
