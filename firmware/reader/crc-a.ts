// CRC_A of ISO/IEC 14443-3: CRC-16 0x1021 reflected (0x8408), preset 6363h, no final XOR,
// sent low byte first. Computed here rather than with the chip's CalcCRC: that would cost
// 6-10 SPI calls per frame.

export function crcA(bytes: Uint8Array, start: number, end: number): number {
  let c = 0x6363;
  for (let i = start; i < end; i++) {
    c ^= bytes[i] as number;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x8408 : c >>> 1;
  }
  return c;
}

/** Writes CRC_A of `bytes[0..len)` at `bytes[len]`, `bytes[len+1]`. */
export function appendCrcA(bytes: Uint8Array, len: number): void {
  const c = crcA(bytes, 0, len);
  bytes[len] = c & 0xff;
  bytes[len + 1] = c >> 8;
}

/** Whether the last two of `len` bytes are the CRC_A of the ones before. */
export function checkCrcA(bytes: Uint8Array, len: number): boolean {
  if (len < 3) return false;
  const c = crcA(bytes, 0, len - 2);
  return bytes[len - 2] === (c & 0xff) && bytes[len - 1] === c >> 8;
}
