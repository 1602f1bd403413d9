// The exchange primitive: one ISO 14443A frame out through the FIFO with Transceive, and, after a
// wait, the answer in one read stream (IRQ flags, errors, FIFO level, last bits, collision
// position and the expected FIFO bytes together). The chip's timer (TAuto, 1 ms) marks "no answer";
// the caller's wait is the only host-side delay and the number of late reads is bounded.

import { Mfrc522 } from "./mfrc522";
import {
  CommandReg, ComIrqReg, ErrorReg, FIFODataReg, FIFOLevelReg, ControlReg, BitFramingReg, CollReg,
  CMD_IDLE, CMD_TRANSCEIVE, IRQ_RX, IRQ_TIMER, IRQ_CLEAR_ALL, ERR_COLL, FLUSH_BUFFER, START_SEND,
} from "./registers";

/** Exchange results. */
export const X_OK = 0;
/** No answer: the chip timer ran out, nothing received, no error. */
export const X_TIMEOUT = 1;
/** A bit collision (CollErr); the data up to the collision and CollReg are valid. */
export const X_COLLISION = 2;
/** Something answered, but not a clean frame of the expected length (noise, a card leaving). */
export const X_ERROR = 3;
/** The chip did not behave like a chip (impossible flags, never finished): a bus or chip fault. */
export const X_BUS = 4;
/** Not finished yet: read again a little later. */
export const X_PENDING = 5;

/** The chip's no-answer timer: TPrescaler A9h (25 us ticks), TReload 39 -> 1.0 ms after the frame. */
export const ANSWER_TIMEOUT_MS = 1.0;
const MARGIN_MS = 0.15;
const ETU_MS = 128 / 13560;

/** Air time of a PCD frame of `len` bytes whose last byte has `lastBits` bits (0 = 8). */
export function frameMs(len: number, lastBits: number): number {
  const bits = (len - 1) * 8 + (lastBits || 8);
  return (1 + bits + (bits >> 3) + 2) * ETU_MS;
}

/** Frame delay (n = 9, last bit 1) plus the air time of a PICC answer of `bytes` bytes from bit `rxAlign`. */
export function answerMs(bytes: number, rxAlign: number): number {
  return (9 * 128 + 84) / 13560 + (1 + bytes * 9 - rxAlign + 1) * ETU_MS;
}

export class Transceiver {
  /** Received bytes of the last exchange (up to the expected count). */
  readonly rx: Uint8Array;
  rxLen: number;
  rxLastBits: number;
  errorBits: number;
  collReg: number;

  private chip: Mfrc522;
  /** Transceive is the running command (waiting for StartSend, or receiving). */
  private active: boolean;
  /** The receiver may still be listening (no answer came, or the state is unknown). */
  private listening: boolean;
  private fifoDirty: boolean;
  /** FIFO bytes were popped before the frame was complete: this exchange cannot succeed. */
  private tainted: boolean;
  private expect: number;
  private withColl: boolean;
  private statusRegs: Uint8Array;
  private status: Uint8Array;

  constructor(chip: Mfrc522) {
    this.chip = chip;
    this.rx = new Uint8Array(8);
    this.rxLen = 0;
    this.rxLastBits = 0;
    this.errorBits = 0;
    this.collReg = 0;
    this.active = false;
    this.listening = true;
    this.fifoDirty = true;
    this.tainted = false;
    this.expect = 0;
    this.withColl = false;
    this.statusRegs = new Uint8Array(16);
    this.status = new Uint8Array(16);
  }

  /** The chip is in an unknown state: the next exchange starts from scratch. */
  reset(): void {
    this.active = false;
    this.listening = true;
    this.fifoDirty = true;
  }

  /** The chip was just reset: idle, FIFO empty. */
  chipWasReset(): void {
    this.active = false;
    this.listening = false;
    this.fifoDirty = false;
  }

  /**
   * Sends `frame[0..len)` (last byte `txLastBits` bits, answer aligned at `rxAlign`), expecting
   * `expectBytes` bytes back. Returns how long to wait before `collect()`: until the answer is
   * complete when a card is known to be there (`likely`), else until the no-answer timer is out,
   * so that an empty field costs a single read.
   */
  send(frame: Uint8Array, len: number, txLastBits: number, rxAlign: number, expectBytes: number, withColl: boolean, likely: boolean): number {
    this.expect = expectBytes;
    this.withColl = withColl;
    this.start(frame, len, txLastBits, rxAlign, true);
    return frameMs(len, txLastBits) + (likely ? answerMs(expectBytes, rxAlign) : ANSWER_TIMEOUT_MS) + MARGIN_MS;
  }

  /** Sends a frame that expects no answer (HLTA). Returns how long until it is on the air. */
  sendOnly(frame: Uint8Array, len: number): number {
    // Nobody reads this exchange's flags: no need to clear them.
    this.start(frame, len, 0, 0, false);
    return frameMs(len, 0) + MARGIN_MS;
  }

  /** Stops Transceive (the receiver goes off until the next exchange). */
  stop(): void {
    this.chip.write(CommandReg, CMD_IDLE);
    this.active = false;
    this.listening = false;
  }

  /** Reads the outcome of the last `send` in one read stream. */
  collect(): number {
    const regs = this.statusRegs;
    let n = 0;
    regs[n++] = ComIrqReg;
    regs[n++] = ErrorReg;
    regs[n++] = FIFOLevelReg;
    regs[n++] = ControlReg;
    if (this.withColl) regs[n++] = CollReg;
    const head = n;
    for (let i = 0; i < this.expect; i++) regs[n++] = FIFODataReg;
    const s = this.status;
    this.chip.readStream(regs, n, s);
    const irq = s[0] as number;
    const err = s[1] as number;
    const level = s[2] as number;
    // Set1 and bit 7 of FIFOLevelReg always read 0: anything else is not the chip talking.
    if (irq & 0x80 || level > 64) return this.fault();
    if (!(irq & (IRQ_RX | IRQ_TIMER))) {
      // Bytes were popped if the FIFO had some: what follows cannot be trusted.
      if (level > 0) {
        this.fifoDirty = true;
        this.tainted = true;
      }
      return X_PENDING;
    }
    this.rxLastBits = (s[3] as number) & 7;
    this.collReg = this.withColl ? (s[4] as number) : 0;
    this.errorBits = err;
    const got = level < this.expect ? level : this.expect;
    for (let i = 0; i < got; i++) this.rx[i] = s[head + i] as number;
    this.rxLen = level;
    if (level > this.expect) this.fifoDirty = true;
    let result: number;
    if (irq & IRQ_RX) {
      // A frame ended: Transceive waits for the next StartSend.
      this.listening = false;
      if (err & ERR_COLL) result = X_COLLISION;
      else if (err !== 0 || level !== this.expect || this.rxLastBits !== 0) result = X_ERROR;
      else result = X_OK;
    } else {
      result = err === 0 && level === 0 ? X_TIMEOUT : X_ERROR;
    }
    if (result === X_OK && this.tainted) result = X_ERROR;
    // Bytes left behind (or a level that cannot be trusted) must not prefix the next frame.
    if (result === X_ERROR) this.fifoDirty = true;
    return result;
  }

  /** Gives up on the exchange: the chip state is unknown. */
  fault(): number {
    this.reset();
    return X_BUS;
  }

  private start(frame: Uint8Array, len: number, txLastBits: number, rxAlign: number, clearIrq: boolean): void {
    const chip = this.chip;
    this.tainted = false;
    if (this.listening && this.active) {
      // A receiver still waiting for an answer would take FIFO writes as errors: stop it first.
      chip.write(CommandReg, CMD_IDLE);
      this.active = false;
    }
    if (this.fifoDirty) {
      chip.write(FIFOLevelReg, FLUSH_BUFFER);
      this.fifoDirty = false;
    }
    if (clearIrq) chip.write(ComIrqReg, IRQ_CLEAR_ALL);
    chip.writeStream(FIFODataReg, frame, len);
    if (!this.active) {
      chip.write(CommandReg, CMD_TRANSCEIVE);
      this.active = true;
    }
    chip.write(BitFramingReg, START_SEND | (rxAlign << 4) | txLastBits);
    this.listening = true;
  }
}
