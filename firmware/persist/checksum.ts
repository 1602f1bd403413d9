import { crc32 } from "./crc32";

/**
 * A whole-view checksum (CRC-32/IEEE). The default runs in JavaScript; on a device pass the
 * interpreter's native one (`function (b) { return E.CRC32(b); }` gives the same values) so that
 * verifying a large file at boot takes milliseconds instead of seconds.
 */
export type Checksum = (bytes: Uint8Array) => number;

export function softwareCrc32(bytes: Uint8Array): number {
  return crc32(bytes, 0, bytes.length, 0);
}
