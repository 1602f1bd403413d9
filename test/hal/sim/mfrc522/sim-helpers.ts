// Register-level helpers for simulator tests: raw SPI windows as the datasheet frames them.
import { SimClock } from "../../../../hal/sim/clock";
import { Mfrc522Sim, Mfrc522SimOptions } from "../../../../hal/sim/mfrc522/mfrc522-sim";
import { Reg, Cmd } from "../../../../hal/sim/mfrc522/registers";

export function writeReg(chip: Mfrc522Sim, reg: number, ...values: number[]): void {
  chip.transfer(Uint8Array.from([reg << 1, ...values]));
}

export function readRegs(chip: Mfrc522Sim, ...regs: number[]): number[] {
  const rx = chip.transfer(Uint8Array.from([...regs.map((a) => 0x80 | (a << 1)), 0]));
  return Array.from(rx.slice(1));
}

export function readReg(chip: Mfrc522Sim, reg: number): number {
  return readRegs(chip, reg)[0] as number;
}

export interface Exchange {
  irq: number;
  error: number;
  level: number;
  lastBits: number;
  coll: number;
  fifo: number[];
}

/** The canonical Transceive of reference §3.2, then a wait on simulated time, then the results. */
export function transceive(chip: Mfrc522Sim, clock: SimClock, frame: number[], txLastBits: number, rxAlign: number, waitMs?: number): Exchange {
  writeReg(chip, Reg.Command, Cmd.Idle);
  writeReg(chip, Reg.ComIrq, 0x7f);
  writeReg(chip, Reg.FIFOLevel, 0x80);
  writeReg(chip, Reg.FIFOData, ...frame);
  writeReg(chip, Reg.BitFraming, (rxAlign << 4) | txLastBits);
  writeReg(chip, Reg.Command, Cmd.Transceive);
  writeReg(chip, Reg.BitFraming, 0x80 | (rxAlign << 4) | txLastBits);
  clock.advance(waitMs === undefined ? 3 : waitMs);
  const [irq, error, level, control, coll] = readRegs(chip, Reg.ComIrq, Reg.Error, Reg.FIFOLevel, Reg.Control, Reg.Coll) as [number, number, number, number, number];
  const fifo = level > 0 ? readRegs(chip, ...new Array(level).fill(Reg.FIFOData)) : [];
  return { irq, error, level, lastBits: control & 7, coll, fifo };
}

/** A chip set up as the Arduino library does (25 ms timer, CRC preset 6363h, antenna on), field settled. */
export function initChip(clock: SimClock, options?: Mfrc522SimOptions): Mfrc522Sim {
  const chip = new Mfrc522Sim(clock, options);
  writeReg(chip, Reg.TMode, 0x80);
  writeReg(chip, Reg.TPrescaler, 0xa9);
  writeReg(chip, Reg.TReloadH, 0x03);
  writeReg(chip, Reg.TReloadL, 0xe8);
  writeReg(chip, Reg.TxASK, 0x40);
  writeReg(chip, Reg.Mode, 0x3d);
  writeReg(chip, Reg.Coll, 0x00);
  writeReg(chip, Reg.TxControl, 0x83);
  return chip;
}

export function hex(bytes: ArrayLike<number>): string {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, "0")).join(" ");
}

export function bytesOf(s: string): number[] {
  return s.split(" ").map((x) => parseInt(x, 16));
}
