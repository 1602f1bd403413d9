// SPI framing of the simulated MFRC522 (reference §1.2-§1.4, checklist §9.1.1-2).
import { SimClock } from "../../../../hal/sim/clock";
import { Mfrc522Sim } from "../../../../hal/sim/mfrc522/mfrc522-sim";
import { Reg } from "../../../../hal/sim/mfrc522/registers";
import { writeReg, readRegs, readReg } from "./sim-helpers";

function fresh(): { clock: SimClock; chip: Mfrc522Sim } {
  const clock = new SimClock();
  return { clock, chip: new Mfrc522Sim(clock, { version: 0x91 }) };
}

test("a read stream of different registers answers each address in the next byte", () => {
  const { chip } = fresh();
  const rx = chip.transfer(Uint8Array.from([0xee, 0xa8, 0xa2, 0x82, 0x00]));
  expect(Array.from(rx)).toEqual([0x00, 0x91, 0x80, 0x3f, 0x20]);
});

test("reset values of the registers a driver touches", () => {
  const { chip } = fresh();
  expect(readRegs(chip, Reg.Command, Reg.ComIEn, Reg.ComIrq, Reg.Status1, Reg.WaterLevel, Reg.Control, Reg.Coll)).toEqual([0x20, 0x80, 0x14, 0x21, 0x08, 0x10, 0xa0]);
  expect(readRegs(chip, Reg.Mode, Reg.TxControl, Reg.RxSel, Reg.ModWidth, Reg.RFCfg, Reg.TMode, Reg.AutoTest)).toEqual([0x3f, 0x80, 0x84, 0x26, 0x48, 0x00, 0x40]);
  expect(readRegs(chip, Reg.CRCResultH, Reg.CRCResultL, Reg.SerialSpeed)).toEqual([0xff, 0xff, 0xeb]);
});

test("a write stream pushes every data byte into the FIFO; one read stream drains it in order", () => {
  const { chip } = fresh();
  writeReg(chip, Reg.FIFOData, 0x13, 0x33, 0x37, 0x42);
  expect(readReg(chip, Reg.FIFOLevel)).toBe(4);
  const rx = chip.transfer(Uint8Array.from([0x92, 0x92, 0x92, 0x92, 0x00]));
  expect(Array.from(rx)).toEqual([0x00, 0x13, 0x33, 0x37, 0x42]);
  expect(readReg(chip, Reg.FIFOLevel)).toBe(0);
});

test("the FIFO pops only for bytes actually clocked out (the last address byte is not read)", () => {
  const { chip } = fresh();
  writeReg(chip, Reg.FIFOData, 1, 2, 3);
  const rx = chip.transfer(Uint8Array.from([0x92, 0x92]));
  expect(Array.from(rx)).toEqual([0x00, 1]);
  expect(readReg(chip, Reg.FIFOLevel)).toBe(2);
});

test("a write stream to a plain register leaves the last byte", () => {
  const { chip } = fresh();
  writeReg(chip, Reg.TPrescaler, 0x11, 0x22, 0xa9);
  expect(readReg(chip, Reg.TPrescaler)).toBe(0xa9);
});

test("write-only bits read 0 and read-only registers ignore writes", () => {
  const { chip } = fresh();
  writeReg(chip, Reg.BitFraming, 0x87);
  expect(readReg(chip, Reg.BitFraming)).toBe(0x07);
  writeReg(chip, Reg.FIFOLevel, 0xff);
  expect(readReg(chip, Reg.FIFOLevel)).toBe(0);
  writeReg(chip, Reg.Error, 0xff);
  writeReg(chip, Reg.Version, 0x00);
  writeReg(chip, Reg.Status1, 0x00);
  writeReg(chip, Reg.Coll, 0x3f);
  expect(readRegs(chip, Reg.Error, Reg.Version, Reg.Status1, Reg.Coll)).toEqual([0x00, 0x91, 0x21, 0x20]);
  writeReg(chip, Reg.Control, 0x07);
  expect(readReg(chip, Reg.Control)).toBe(0x10);
});

test("reading an empty FIFO returns 00h and is counted", () => {
  const { chip } = fresh();
  expect(readReg(chip, Reg.FIFOData)).toBe(0);
  expect(chip.stats.emptyFifoReads).toBe(1);
});

test("a 65th FIFO byte overflows: BufferOvfl and ErrIRq, cleared only by FlushBuffer", () => {
  const { chip } = fresh();
  writeReg(chip, Reg.ComIrq, 0x7f);
  writeReg(chip, Reg.FIFOData, ...new Array(65).fill(0x55));
  expect(readRegs(chip, Reg.FIFOLevel, Reg.Error, Reg.ComIrq)).toEqual([64, 0x10, 0x0a]); // ErrIRq + HiAlertIRq
  writeReg(chip, Reg.Command, 0x00);
  expect(readReg(chip, Reg.Error)).toBe(0x10);
  writeReg(chip, Reg.FIFOLevel, 0x80);
  expect(readRegs(chip, Reg.FIFOLevel, Reg.Error)).toEqual([0, 0]);
});

test("each window costs simulated time: bytes at the baud rate plus the call overhead; stats count windows and bytes", () => {
  const clock = new SimClock();
  const chip = new Mfrc522Sim(clock, { baud: 4000000, callOverheadMs: 0.05 });
  chip.transfer(Uint8Array.from([0xee, 0x00]));
  chip.transfer(Uint8Array.from([0x12, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
  expect(clock.now()).toBeCloseTo(0.05 + 16 / 4000 + 0.05 + 80 / 4000, 9);
  expect(chip.stats.transactions).toBe(2);
  expect(chip.stats.bytes).toBe(12);
});
