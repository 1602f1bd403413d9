// The MFRC522 CRC coprocessor: CRC-16, polynomial x^16 + x^12 + x^5 + 1, with a chosen preset.
// LSB-first (reflected) as ISO/IEC 14443-3 CRC_A; ModeReg.MSBFirst runs it MSB-first instead.

/** Preset values selected by ModeReg.CRCPreset (bits 1..0). */
export const CRC_PRESETS = [0x0000, 0x6363, 0xa671, 0xffff];

/** Continues `crc` over `bytes[start..end)`, LSB first (poly 0x8408 reflected). */
export function crc16Lsb(bytes: Uint8Array, start: number, end: number, crc: number): number {
  let c = crc & 0xffff;
  for (let i = start; i < end; i++) {
    c ^= bytes[i] as number;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x8408 : c >>> 1;
  }
  return c;
}

/** Continues `crc` over `bytes[start..end)`, MSB first (poly 0x1021). */
export function crc16Msb(bytes: Uint8Array, start: number, end: number, crc: number): number {
  let c = crc & 0xffff;
  for (let i = start; i < end; i++) {
    c ^= (bytes[i] as number) << 8;
    for (let k = 0; k < 8; k++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
  }
  return c;
}

/** CRC_A (preset 6363h, LSB first) of `bytes[start..end)`; sent low byte first. */
export function crcA(bytes: Uint8Array, start: number, end: number): number {
  return crc16Lsb(bytes, start, end, 0x6363);
}
