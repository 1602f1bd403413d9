// Register access to an MFRC522 over SPI (reference §1): one chip-select window per call, read
// streams of several registers in one window, and a shadow of what was written so that a register
// already holding a value is not written again.

import { SpiBus } from "../../hal/spi";
import { resetValue } from "./registers";

export class Mfrc522 {
  private spi: SpiBus;
  /** What each register holds as far as the driver knows; -1 = unknown. */
  private shadow: Int16Array;
  private pair: Uint8Array;

  constructor(spi: SpiBus) {
    this.spi = spi;
    this.shadow = new Int16Array(64);
    this.pair = new Uint8Array(2);
    this.forget();
  }

  /** Writes `value` to `reg` (one window). */
  write(reg: number, value: number): void {
    const b = this.pair;
    b[0] = (reg << 1) & 0x7e;
    b[1] = value;
    this.spi.transfer(b);
    this.shadow[reg] = value;
  }

  /** Writes `value` unless the shadow says `reg` already holds it. */
  writeIfChanged(reg: number, value: number): void {
    if (this.shadow[reg] !== value) this.write(reg, value);
  }

  /** Writes `bytes[0..len)` to `reg` in one write stream (for the FIFO: pushes each). */
  writeStream(reg: number, bytes: Uint8Array, len: number): void {
    const tx = new Uint8Array(len + 1);
    tx[0] = (reg << 1) & 0x7e;
    for (let i = 0; i < len; i++) tx[i + 1] = bytes[i] as number;
    this.spi.transfer(tx);
  }

  /** Reads `regs[0..count)` in one read stream into `out[0..count)`. */
  readStream(regs: Uint8Array, count: number, out: Uint8Array): void {
    const tx = new Uint8Array(count + 1);
    for (let i = 0; i < count; i++) tx[i] = 0x80 | (((regs[i] as number) << 1) & 0x7e);
    const rx = this.spi.transfer(tx);
    for (let i = 0; i < count; i++) out[i] = rx[i + 1] as number;
  }

  read(reg: number): number {
    const b = this.pair;
    b[0] = 0x80 | ((reg << 1) & 0x7e);
    b[1] = 0;
    return this.spi.transfer(b)[1] as number;
  }

  /** After a reset: the shadow holds the datasheet reset values. */
  assumeReset(): void {
    for (let r = 0; r < 64; r++) this.shadow[r] = resetValue(r);
  }

  /** Nothing is known (the chip may have been reset or be unreachable). */
  forget(): void {
    for (let r = 0; r < 64; r++) this.shadow[r] = -1;
  }

  /** The value last written to `reg`, or -1. */
  shadowOf(reg: number): number {
    return this.shadow[reg] as number;
  }
}
