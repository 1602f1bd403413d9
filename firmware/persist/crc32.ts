// CRC-32 (IEEE 802.3, reflected, poly 0xEDB88320), table-free so it costs no RAM on a device.

/** CRC-32 of `bytes[start..end)`, continuing from `crc` (pass 0 to start). */
export function crc32(bytes: Uint8Array, start: number, end: number, crc: number): number {
  let c = ~crc >>> 0;
  for (let i = start; i < end; i++) {
    c ^= bytes[i] as number;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}
