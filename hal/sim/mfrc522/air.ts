// ISO/IEC 14443-A framing at 106 kbit/s, as bits on the air (reference §4.1, §8.1).

/** One elementary time unit, 128 / 13.56 MHz, in ms. */
export const ETU_MS = 128 / 13560;

/** Carrier cycles per ms (13.56 MHz). */
export const FC_PER_MS = 13560;

/**
 * A PICC answer as it travels: the bits after the start bit, LSB first, each completed byte
 * followed by its odd parity bit. `parity[i]` is 1 where bit i is a parity bit.
 */
export class AirFrame {
  bits: Uint8Array;
  parity: Uint8Array;
  length: number;

  constructor(capacity: number) {
    this.bits = new Uint8Array(capacity);
    this.parity = new Uint8Array(capacity);
    this.length = 0;
  }

  push(bit: number, isParity: boolean): void {
    this.bits[this.length] = bit & 1;
    this.parity[this.length] = isParity ? 1 : 0;
    this.length++;
  }
}

export function oddParity(byte: number): number {
  let p = 1;
  for (let k = 0; k < 8; k++) p ^= (byte >> k) & 1;
  return p;
}

/** A standard frame: `count` whole bytes, each with its parity bit. */
export function standardFrame(bytes: Uint8Array, count: number): AirFrame {
  const f = new AirFrame(count * 9);
  for (let i = 0; i < count; i++) {
    const b = bytes[i] as number;
    for (let k = 0; k < 8; k++) f.push((b >> k) & 1, false);
    f.push(oddParity(b), true);
  }
  return f;
}

/**
 * The PICC part of a bit-oriented anticollision frame: bits `fromBit`..`bits-1` of `bytes`,
 * with the parity of each byte sent after its last bit (the PCD sent the first part of a split byte).
 */
export function tailFrame(bytes: Uint8Array, bits: number, fromBit: number): AirFrame {
  const f = new AirFrame(bits - fromBit + 8);
  for (let i = fromBit; i < bits; i++) {
    const b = bytes[i >> 3] as number;
    f.push((b >> (i & 7)) & 1, false);
    if ((i & 7) === 7) f.push(oddParity(b), true);
  }
  return f;
}

/** Duration in etu of a PCD frame of `bits` data bits: start + data + parity per whole byte + end. */
export function pcdFrameEtu(bits: number): number {
  return 1 + bits + (bits >> 3) + 2;
}

/** Duration in etu of a PICC frame of `length` air bits: start + bits + end. */
export function piccFrameEtu(length: number): number {
  return 1 + length + 1;
}

/**
 * Frame delay time PCD -> PICC for REQA/WUPA/ANTICOLLISION/SELECT (n = 9), in ms:
 * (n*128 + 84)/fc when the last bit sent was 1, (n*128 + 20)/fc when it was 0.
 */
export function frameDelayMs(lastBitOne: boolean): number {
  return (9 * 128 + (lastBitOne ? 84 : 20)) / FC_PER_MS;
}

/** The last bit a PCD frame puts on the air: the parity of a whole last byte, else the last data bit. */
export function lastAirBit(bytes: Uint8Array, bits: number): number {
  if (bits === 0) return 0;
  if ((bits & 7) === 0) return oddParity(bytes[(bits >> 3) - 1] as number);
  const i = bits - 1;
  return ((bytes[i >> 3] as number) >> (i & 7)) & 1;
}
