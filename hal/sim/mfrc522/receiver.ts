// What the MFRC522 receiver makes of the answers on the air: several cards answering at once are
// combined bit by bit (a bit where they differ is a collision), noise may corrupt the frame, and
// the data bits land in FIFO bytes starting at bit RxAlign of the first byte.

import { AirFrame, oddParity } from "./air";
import { Err } from "./registers";
import { XorShift32 } from "./random";

/** What one received frame leaves behind. */
export class RxResult {
  /** FIFO bytes in arrival order (RxAlign applied; bits below RxAlign are 0). */
  bytes: Uint8Array;
  byteCount: number;
  /** For each FIFO byte, the air-bit index after which it is complete (the byte lands then). */
  byteDoneBit: Uint16Array;
  dataBits: number;
  /** ErrorReg bits: CollErr, ParityErr, ProtocolErr. */
  errors: number;
  /** Index (among received data bits) of the first collided bit, or -1. */
  collIndex: number;
  /** Air bits of the frame, for its end time. */
  airLength: number;

  constructor() {
    this.bytes = new Uint8Array(72);
    this.byteCount = 0;
    this.byteDoneBit = new Uint16Array(72);
    this.dataBits = 0;
    this.errors = 0;
    this.collIndex = -1;
    this.airLength = 0;
  }
}

/** A combined frame on the air: per bit, the value and whether the cards disagreed. */
export class Combined {
  frame: AirFrame;
  collided: Uint8Array;
  /** Set by noise: the start of frame was garbled. */
  badStart: boolean;

  constructor(capacity: number) {
    this.frame = new AirFrame(capacity);
    this.collided = new Uint8Array(capacity);
    this.badStart = false;
  }
}

/**
 * Superimposes answers: `lengths[i]` is how many air bits answer i got out before its card left.
 * Where answers differ the bit is a collision (its value reads 1, as with load modulation).
 */
export function combine(answers: AirFrame[], lengths: number[]): Combined {
  let len = 0;
  for (let i = 0; i < answers.length; i++) if ((lengths[i] as number) > len) len = lengths[i] as number;
  const c = new Combined(len);
  for (let b = 0; b < len; b++) {
    let value = -1;
    let parity = 0;
    let clash = false;
    for (let i = 0; i < answers.length; i++) {
      if (b >= (lengths[i] as number)) continue;
      const a = answers[i] as AirFrame;
      const v = a.bits[b] as number;
      parity = a.parity[b] as number;
      if (value < 0) value = v;
      else if (v !== value) clash = true;
    }
    c.frame.push(clash ? 1 : value, parity === 1);
    c.collided[b] = clash ? 1 : 0;
  }
  return c;
}

export const NoiseKind = {
  /** One data bit flipped: the parity check catches it. */
  Parity: 0,
  /** A data bit and its parity bit flipped: the frame passes parity with wrong data. */
  Silent: 1,
  /** Garbled start of frame: ProtocolErr, no data. */
  BadStart: 2,
  /** The frame breaks off at a random bit. */
  Cut: 3,
};

/** Corrupts a combined frame in place with noise of `kind`. */
export function addNoise(c: Combined, kind: number, rng: XorShift32): void {
  const f = c.frame;
  if (f.length === 0) return;
  if (kind === NoiseKind.BadStart) {
    c.badStart = true;
    return;
  }
  if (kind === NoiseKind.Cut) {
    f.length = 1 + rng.below(f.length - 1 > 0 ? f.length - 1 : 1);
    return;
  }
  // Pick a data bit.
  let tries = 0;
  let i = rng.below(f.length);
  while (f.parity[i] === 1 && tries++ < 16) i = rng.below(f.length);
  if (f.parity[i] === 1) return;
  f.bits[i] = (f.bits[i] as number) ^ 1;
  if (kind === NoiseKind.Silent) {
    for (let j = i + 1; j < f.length; j++) {
      if (f.parity[j] === 1) {
        f.bits[j] = (f.bits[j] as number) ^ 1;
        break;
      }
    }
  }
}

/**
 * Decodes a combined frame cut to `length` air bits, as the receiver stores it.
 * `clearAfterColl`: CollReg.ValuesAfterColl = 0 (the collided bit and all later bits read 0).
 */
export function decode(c: Combined, length: number, rxAlign: number, clearAfterColl: boolean): RxResult {
  const r = new RxResult();
  const f = c.frame;
  r.airLength = length;
  if (c.badStart) {
    r.errors = Err.ProtocolErr;
    return r;
  }
  let data = 0;
  let byteBits = 0;
  let byteValue = 0;
  for (let i = 0; i < length; i++) {
    if (f.parity[i] === 1) {
      // The card's parity covers its whole byte; a split first byte cannot be checked here.
      if (byteBits === 8 && r.collIndex < 0 && (f.bits[i] as number) !== oddParity(byteValue)) r.errors |= Err.ParityErr;
      byteBits = 0;
      byteValue = 0;
      continue;
    }
    let v = f.bits[i] as number;
    if (c.collided[i] === 1 && r.collIndex < 0) {
      r.collIndex = data;
      r.errors |= Err.CollErr;
    }
    if (r.collIndex >= 0 && clearAfterColl) v = 0;
    byteValue |= v << byteBits;
    byteBits++;
    const pos = rxAlign + data;
    const fifoIndex = pos >> 3;
    if (v) r.bytes[fifoIndex] = (r.bytes[fifoIndex] as number) | (1 << (pos & 7));
    if ((pos & 7) === 7) r.byteDoneBit[fifoIndex] = i + 1;
    data++;
  }
  r.dataBits = data;
  r.byteCount = (rxAlign + data + 7) >> 3;
  if (data === 0) r.byteCount = 0;
  if (r.byteCount > 0 && ((rxAlign + data) & 7) !== 0) r.byteDoneBit[r.byteCount - 1] = length;
  // A whole byte whose parity bit never came.
  if (byteBits === 8 && r.collIndex < 0) r.errors |= Err.ParityErr;
  // Fewer than 4 bits is not a valid data stream (also a frame cut before its first data bit).
  if (data < 4) r.errors |= Err.ProtocolErr;
  return r;
}
