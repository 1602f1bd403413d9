// IRQ flag semantics, the timer, and the CRC coprocessor of the simulated MFRC522.
import { SimClock } from "../../../../hal/sim/clock";
import { Mfrc522Sim } from "../../../../hal/sim/mfrc522/mfrc522-sim";
import { Reg, Cmd } from "../../../../hal/sim/mfrc522/registers";
import { crcA, crc16Lsb } from "../../../../hal/sim/mfrc522/crc";
import { classic1k } from "../../../../hal/sim/mfrc522/picc";
import { writeReg, readRegs, readReg, initChip, transceive, bytesOf } from "./sim-helpers";

function fresh(): { clock: SimClock; chip: Mfrc522Sim } {
  const clock = new SimClock();
  return { clock, chip: new Mfrc522Sim(clock) };
}

describe("ComIrqReg / DivIrqReg", () => {
  test("Set1 = 1 sets the written bits, Set1 = 0 clears them, 7Fh clears all", () => {
    const { chip } = fresh();
    expect(readReg(chip, Reg.ComIrq)).toBe(0x14);
    writeReg(chip, Reg.ComIrq, 0x7f);
    expect(readReg(chip, Reg.ComIrq)).toBe(0x00);
    writeReg(chip, Reg.ComIrq, 0x80 | 0x41);
    expect(readReg(chip, Reg.ComIrq)).toBe(0x41);
    writeReg(chip, Reg.ComIrq, 0x01);
    expect(readReg(chip, Reg.ComIrq)).toBe(0x40);
    writeReg(chip, Reg.DivIrq, 0x80 | 0x04);
    expect(readReg(chip, Reg.DivIrq)).toBe(0x04);
    writeReg(chip, Reg.DivIrq, 0x04);
    expect(readReg(chip, Reg.DivIrq)).toBe(0x00);
  });

  test("IdleIRq: set when a command ends by itself or is unknown, not when the host writes Idle", () => {
    const { chip } = fresh();
    writeReg(chip, Reg.ComIrq, 0x7f);
    writeReg(chip, Reg.Command, Cmd.Transceive);
    writeReg(chip, Reg.Command, Cmd.Idle);
    expect(readReg(chip, Reg.ComIrq) & 0x10).toBe(0);
    writeReg(chip, Reg.Command, 0x0d); // reserved code
    expect(readRegs(chip, Reg.ComIrq, Reg.Command)).toEqual([0x10, 0x00]);
    writeReg(chip, Reg.ComIrq, 0x7f);
    writeReg(chip, Reg.Command, Cmd.Mem);
    expect(readReg(chip, Reg.ComIrq) & 0x10).toBe(0x10);
  });

  test("LoAlertIRq / HiAlertIRq latch on the rising edge of LoAlert / HiAlert", () => {
    const { chip } = fresh();
    writeReg(chip, Reg.ComIrq, 0x7f);
    writeReg(chip, Reg.FIFOData, ...new Array(10).fill(1));
    expect(readRegs(chip, Reg.ComIrq, Reg.Status1)).toEqual([0x00, 0x20]);
    chip.transfer(Uint8Array.from([...new Array(5).fill(0x92), 0]));
    expect(readReg(chip, Reg.ComIrq)).toBe(0x04);
    writeReg(chip, Reg.FIFOData, ...new Array(55).fill(1));
    expect(readRegs(chip, Reg.ComIrq, Reg.Status1)).toEqual([0x0c, 0x22]);
  });

  test("Status1.IRq reflects flags enabled in ComIEnReg / DivIEnReg", () => {
    const { chip } = fresh();
    writeReg(chip, Reg.ComIrq, 0x7f);
    writeReg(chip, Reg.ComIrq, 0x81);
    expect(readReg(chip, Reg.Status1) & 0x10).toBe(0);
    writeReg(chip, Reg.ComIEn, 0x81);
    expect(readReg(chip, Reg.Status1) & 0x10).toBe(0x10);
  });

  test("errors are cleared when a command starts (except TempErr / BufferOvfl)", () => {
    const { clock, chip } = fresh();
    initChipLike(chip);
    chip.field.enter(classic1k([1, 2, 3, 4]), 0);
    chip.field.enter(classic1k([1, 2, 3, 5]), 0);
    clock.advance(6);
    transceive(chip, clock, [0x26], 7, 0);
    expect(transceive(chip, clock, [0x93, 0x20], 0, 0).error).toBe(0x08);
    writeReg(chip, Reg.Command, Cmd.Idle);
    expect(readReg(chip, Reg.Error)).toBe(0);
  });
});

function initChipLike(chip: Mfrc522Sim): void {
  writeReg(chip, Reg.TMode, 0x80);
  writeReg(chip, Reg.TPrescaler, 0xa9);
  writeReg(chip, Reg.TReloadH, 0x03);
  writeReg(chip, Reg.TReloadL, 0xe8);
  writeReg(chip, Reg.Mode, 0x3d);
  writeReg(chip, Reg.Coll, 0x00);
  writeReg(chip, Reg.TxControl, 0x83);
}

describe("timer", () => {
  test("TAuto: starts at the end of transmission and fires after (2*TPrescaler+1)(TReload+1)/13.56 MHz", () => {
    const clock = new SimClock();
    const chip = initChip(clock);
    clock.advance(6);
    writeReg(chip, Reg.ComIrq, 0x7f);
    writeReg(chip, Reg.FIFOData, 0x26);
    writeReg(chip, Reg.Command, Cmd.Transceive);
    writeReg(chip, Reg.BitFraming, 0x87);
    const sent = clock.now();
    const txEnd = sent + (10 * 128) / 13560;
    const td = (339 * 1001) / 13560; // 25.02 ms
    clock.advanceTo(txEnd + td - 0.2);
    expect(readRegs(chip, Reg.ComIrq, Reg.Status1)).toEqual([0x40, 0x29]); // TxIRq; TRunning
    clock.advanceTo(txEnd + td + 0.01);
    expect(readReg(chip, Reg.ComIrq)).toBe(0x41);
    expect(readReg(chip, Reg.Status1) & 0x08).toBe(0);
  });

  test("TStartNow / TStopNow and TCounterValReg", () => {
    const { clock, chip } = fresh();
    writeReg(chip, Reg.TPrescaler, 0xa9); // 25 us tick
    writeReg(chip, Reg.TReloadH, 0x01);
    writeReg(chip, Reg.TReloadL, 0x00); // 256 ticks
    writeReg(chip, Reg.Control, 0x40);
    clock.advance(1.0);
    const [hi, lo] = readRegs(chip, Reg.TCounterValH, Reg.TCounterValL) as [number, number];
    const v = (hi << 8) | lo;
    expect(v).toBeLessThan(256 - 38);
    expect(v).toBeGreaterThan(256 - 45);
    writeReg(chip, Reg.Control, 0x80);
    clock.advance(10);
    expect(readReg(chip, Reg.ComIrq) & 0x01).toBe(0);
    expect(readReg(chip, Reg.Status1) & 0x08).toBe(0);
  });

  test("TAutoRestart reloads and raises TimerIRq every period", () => {
    const { clock, chip } = fresh();
    writeReg(chip, Reg.TMode, 0x10);
    writeReg(chip, Reg.TPrescaler, 0xa9);
    writeReg(chip, Reg.TReloadL, 39); // 1 ms
    writeReg(chip, Reg.ComIrq, 0x7f);
    writeReg(chip, Reg.Control, 0x40);
    let fired = 0;
    for (let i = 0; i < 5; i++) {
      clock.advance(1.0);
      if (readReg(chip, Reg.ComIrq) & 1) fired++;
      writeReg(chip, Reg.ComIrq, 0x01);
    }
    expect(fired).toBeGreaterThanOrEqual(4);
    expect(readReg(chip, Reg.Status1) & 0x08).toBe(0x08);
  });

  test("TAuto stops the timer at the 5th received bit: an answered frame never times out", () => {
    const clock = new SimClock();
    const chip = initChip(clock);
    chip.field.enter(classic1k([1, 2, 3, 4]), 0);
    clock.advance(6);
    const x = transceive(chip, clock, [0x26], 7, 0, 40);
    expect(x.irq & 0x21).toBe(0x20);
  });

  test("a host that reads right after StartSend sees nothing yet", () => {
    const clock = new SimClock();
    const chip = initChip(clock);
    chip.field.enter(classic1k([1, 2, 3, 4]), 0);
    clock.advance(6);
    const x = transceive(chip, clock, [0x26], 7, 0, 0);
    expect(x.irq & 0x20).toBe(0); // no RxIRq yet (TxIRq may be: the frame is short)
    expect(x.level).toBe(0);
  });
});

describe("CRC coprocessor and CRC_A", () => {
  const vectors: [string, string][] = [
    ["00 00", "A0 1E"],
    ["12 34", "26 CF"],
    ["50 00", "57 CD"],
    ["30 00", "02 A8"],
    ["08", "B6 DD"],
    ["18", "37 CD"],
    ["09", "3F CC"],
    ["00", "FE 51"],
    ["04", "DA 17"],
    ["20", "FC 70"],
    ["28", "B4 FC"],
    ["60 00", "F5 7B"],
  ];

  test("CRC_A check value of '123456789' is BF05h", () => {
    expect(crcA(new TextEncoder().encode("123456789"), 0, 9)).toBe(0xbf05);
  });

  test.each(vectors)("CRC_A(%s) = %s (in JS)", (data, crc) => {
    const c = crcA(Uint8Array.from(bytesOf(data)), 0, bytesOf(data).length);
    expect([c & 0xff, c >> 8]).toEqual(bytesOf(crc));
  });

  test.each(vectors)("CalcCRC of %s with preset 6363h gives LSB %s in 22h, MSB in 21h", (data, crc) => {
    const { chip } = fresh();
    writeReg(chip, Reg.Mode, 0x3d);
    writeReg(chip, Reg.Command, Cmd.Idle);
    writeReg(chip, Reg.DivIrq, 0x04);
    writeReg(chip, Reg.FIFOLevel, 0x80);
    writeReg(chip, Reg.FIFOData, ...bytesOf(data));
    writeReg(chip, Reg.Command, Cmd.CalcCRC);
    expect(readReg(chip, Reg.DivIrq) & 0x04).toBe(0x04);
    expect(readReg(chip, Reg.Status1) & 0x20).toBe(0x20);
    expect(readRegs(chip, Reg.CRCResultL, Reg.CRCResultH)).toEqual(bytesOf(crc));
    expect(readReg(chip, Reg.Command) & 0x0f).toBe(Cmd.CalcCRC); // never stops by itself
  });

  test("CalcCRC keeps adding bytes written later; the preset comes from ModeReg (reset: FFFFh)", () => {
    const { chip } = fresh();
    writeReg(chip, Reg.FIFOData, 0x50);
    writeReg(chip, Reg.Command, Cmd.CalcCRC);
    writeReg(chip, Reg.FIFOData, 0x00);
    const expected = crc16Lsb(Uint8Array.from([0x50, 0x00]), 0, 2, 0xffff);
    expect(readRegs(chip, Reg.CRCResultH, Reg.CRCResultL)).toEqual([expected >> 8, expected & 0xff]);
  });
});
