// The ISO 14443A card state machine, cards entering and leaving, and fault injection.
import { SimClock } from "../../../../hal/sim/clock";
import { Mfrc522Sim } from "../../../../hal/sim/mfrc522/mfrc522-sim";
import { Reg, Cmd } from "../../../../hal/sim/mfrc522/registers";
import { classic1k, ultralight, Picc, PiccState } from "../../../../hal/sim/mfrc522/picc";
import { writeReg, readRegs, readReg, initChip, transceive, bytesOf, hex } from "./sim-helpers";

const UID = [0x93, 0xef, 0xd3, 0x80];
const SELECT = bytesOf("93 70 93 EF D3 80 2F 64 C9");
const HLTA = bytesOf("50 00 57 CD");

function withCard(card?: Picc): { clock: SimClock; chip: Mfrc522Sim; card: Picc } {
  const clock = new SimClock();
  const chip = initChip(clock);
  const c = card || classic1k(UID);
  chip.field.enter(c, 0);
  clock.advance(6);
  return { clock, chip, card: c };
}

const answered = (chip: Mfrc522Sim, clock: SimClock, frame: number[], bits: number): boolean =>
  (transceive(chip, clock, frame, bits, 0, 30).irq & 0x20) !== 0;

describe("card state machine", () => {
  test("a halted card ignores REQA and answers WUPA", () => {
    const { clock, chip, card } = withCard();
    expect(answered(chip, clock, [0x26], 7)).toBe(true);
    answered(chip, clock, SELECT, 0);
    answered(chip, clock, HLTA, 0);
    expect(card.state).toBe(PiccState.Halt);
    expect(answered(chip, clock, [0x26], 7)).toBe(false);
    expect(card.state).toBe(PiccState.Halt);
    expect(answered(chip, clock, [0x52], 7)).toBe(true);
    expect(card.state).toBe(PiccState.Ready);
    expect(card.halted).toBe(true);
  });

  test("a selected but not halted card ignores the next REQA, drops to IDLE and answers the one after", () => {
    const { clock, chip, card } = withCard();
    answered(chip, clock, [0x26], 7);
    expect(answered(chip, clock, SELECT, 0)).toBe(true);
    expect(card.state).toBe(PiccState.Active);
    expect(answered(chip, clock, [0x26], 7)).toBe(false);
    expect(card.state).toBe(PiccState.Idle);
    expect(answered(chip, clock, [0x26], 7)).toBe(true);
  });

  test("a card left READY (anticollision without select) also skips one request", () => {
    const { clock, chip } = withCard();
    answered(chip, clock, [0x26], 7);
    answered(chip, clock, [0x93, 0x20], 0);
    expect(answered(chip, clock, [0x52], 7)).toBe(false);
    expect(answered(chip, clock, [0x52], 7)).toBe(true);
  });

  test("a card woken from HALT returns to HALT on an error, not to IDLE", () => {
    const { clock, chip, card } = withCard();
    answered(chip, clock, [0x26], 7);
    answered(chip, clock, SELECT, 0);
    answered(chip, clock, HLTA, 0);
    answered(chip, clock, [0x52], 7);
    answered(chip, clock, [0x95, 0x20], 0); // wrong cascade level: error
    expect(card.state).toBe(PiccState.Halt);
    expect(answered(chip, clock, [0x26], 7)).toBe(false);
  });

  test("SELECT with a wrong CRC or a wrong UID gets no answer", () => {
    const { clock, chip, card } = withCard();
    answered(chip, clock, [0x26], 7);
    expect(answered(chip, clock, bytesOf("93 70 93 EF D3 80 2F 64 C8"), 0)).toBe(false);
    expect(card.state).toBe(PiccState.Idle);
    answered(chip, clock, [0x26], 7);
    expect(answered(chip, clock, bytesOf("93 70 12 34 56 78 08 3C A2"), 0)).toBe(false);
  });

  test("leaving the field forgets HALT; so does a field off/on cycle", () => {
    const { clock, chip, card } = withCard();
    answered(chip, clock, [0x26], 7);
    answered(chip, clock, SELECT, 0);
    answered(chip, clock, HLTA, 0);
    chip.field.leave(card, clock.now());
    clock.advance(50);
    expect(answered(chip, clock, [0x52], 7)).toBe(false);
    chip.field.enter(card, clock.now());
    clock.advance(6);
    expect(answered(chip, clock, [0x26], 7)).toBe(true);
    answered(chip, clock, SELECT, 0);
    answered(chip, clock, HLTA, 0);
    writeReg(chip, Reg.TxControl, 0x80);
    clock.advance(6);
    writeReg(chip, Reg.TxControl, 0x83);
    clock.advance(6);
    expect(answered(chip, clock, [0x26], 7)).toBe(true);
  });

  test("a card answers only after its power-up time", () => {
    const clock = new SimClock();
    const chip = initChip(clock);
    clock.advance(10);
    const card = classic1k(UID);
    card.powerUpMs = 3;
    chip.field.enter(card, clock.now());
    clock.advance(1);
    expect(answered(chip, clock, [0x26], 7)).toBe(false);
    clock.advance(3);
    expect(answered(chip, clock, [0x26], 7)).toBe(true);
  });

  test("a card leaving in the middle of its answer leaves a cut frame", () => {
    const { clock, chip, card } = withCard();
    answered(chip, clock, [0x26], 7);
    // Anticollision: 21 etu out, 9 etu frame delay, then 47 etu of answer; leave ~20 bits in.
    writeReg(chip, Reg.ComIrq, 0x7f);
    writeReg(chip, Reg.FIFOData, 0x93, 0x20);
    writeReg(chip, Reg.BitFraming, 0x00);
    writeReg(chip, Reg.Command, Cmd.Transceive);
    writeReg(chip, Reg.BitFraming, 0x80);
    const etu = 128 / 13560;
    chip.field.leave(card, clock.now() + 21 * etu + 0.0912 + 21 * etu);
    clock.advance(3);
    const [irq, , level, control] = readRegs(chip, Reg.ComIrq, Reg.Error, Reg.FIFOLevel, Reg.Control) as number[];
    expect(irq! & 0x20).toBe(0x20);
    expect(level).toBeLessThan(5);
    expect((level! * 8 - 8 + (control! & 7 || 8))).toBeLessThan(40);
  });

  test("RxCRCEn checks the CRC and keeps it out of the FIFO", () => {
    const { clock, chip } = withCard(ultralight([0x04, 0x93, 0xd4, 0x12, 0x5f, 0x70, 0x80]));
    answered(chip, clock, [0x26], 7);
    writeReg(chip, Reg.TxMode, 0x80);
    writeReg(chip, Reg.RxMode, 0x80);
    const x = transceive(chip, clock, bytesOf("93 70 88 04 93 D4 CB"), 0, 0);
    expect(x.error).toBe(0);
    expect(hex(x.fifo)).toBe("04");
  });
});

describe("faults", () => {
  test.each([0x00, 0xff])("a hung chip reads %s everywhere and ignores writes until it answers again", (v) => {
    const { chip } = withCard();
    chip.hang(v);
    expect(readRegs(chip, Reg.Version, Reg.TxControl)).toEqual([v, v]);
    writeReg(chip, Reg.TxControl, 0x80);
    chip.unhang();
    expect(readRegs(chip, Reg.Version, Reg.TxControl)).toEqual([0x92, 0x83]);
  });

  test("a silent reset puts back reset values and the antenna off, VersionReg still answers", () => {
    const { clock, chip } = withCard();
    chip.silentReset();
    expect(readRegs(chip, Reg.Version, Reg.TxControl, Reg.TMode, Reg.Mode, Reg.Command)).toEqual([0x92, 0x80, 0x00, 0x3f, 0x20]);
    expect(chip.antennaOn()).toBe(false);
    // With TxWaitRF = 1 and no field, Transceive never transmits: no TxIRq, no timer.
    const x = transceive(chip, clock, [0x26], 7, 0, 50);
    expect(x.irq & 0x61).toBe(0);
  });

  test("garbage on MISO replaces read bytes; noise corrupts answers", () => {
    const { clock, chip } = withCard();
    chip.setGarbage(1);
    const reads = new Set<number>();
    for (let i = 0; i < 20; i++) reads.add(readReg(chip, Reg.Version));
    expect(reads.size).toBeGreaterThan(5);
    chip.setGarbage(0);
    chip.setNoise(1);
    let bad = 0;
    for (let i = 0; i < 40; i++) {
      const x = transceive(chip, clock, [0x52], 7, 0, 2);
      if (x.error !== 0 || hex(x.fifo) !== "04 00" || x.lastBits !== 0) bad++;
      transceive(chip, clock, HLTA, 0, 0, 2);
    }
    expect(bad).toBeGreaterThan(20);
  });

  test("SoftReset: PowerDown reads 1 for a while, registers reset, writes ignored meanwhile", () => {
    const clock = new SimClock();
    const chip = new Mfrc522Sim(clock, { resetMs: 1 });
    writeReg(chip, Reg.TMode, 0x80);
    writeReg(chip, Reg.FIFOData, 1, 2, 3);
    writeReg(chip, Reg.Command, Cmd.Mem);
    writeReg(chip, Reg.Command, Cmd.SoftReset);
    expect(readReg(chip, Reg.Command) & 0x10).toBe(0x10);
    writeReg(chip, Reg.TPrescaler, 0x55);
    clock.advance(1);
    expect(readRegs(chip, Reg.Command, Reg.TMode, Reg.TPrescaler)).toEqual([0x20, 0x00, 0x00]);
    writeReg(chip, Reg.Command, Cmd.Mem); // the internal buffer survives
    expect(readRegs(chip, Reg.FIFOLevel, Reg.FIFOData, Reg.FIFOData, Reg.FIFOData)).toEqual([25, 1, 2, 3]);
  });

  test("NRSTPD low: hard power-down (no answer); high: reset", () => {
    const { clock, chip } = withCard();
    chip.hang(0xff, true);
    chip.resetPin.write(false);
    expect(readReg(chip, Reg.Version)).toBe(0x00);
    chip.resetPin.write(true);
    clock.advance(1);
    expect(readRegs(chip, Reg.Version, Reg.TxControl)).toEqual([0x92, 0x80]);
  });
});

describe("other commands", () => {
  test("Transmit ends by itself (IdleIRq); a Receive started in time catches the answer", () => {
    const { clock, chip } = withCard();
    writeReg(chip, Reg.ComIrq, 0x7f);
    writeReg(chip, Reg.BitFraming, 0x07);
    writeReg(chip, Reg.FIFOData, 0x26);
    writeReg(chip, Reg.Command, Cmd.Transmit);
    // The next SPI call comes 0.1 ms later: the REQA (0.09 ms) is out, the answer not yet started.
    writeReg(chip, Reg.Command, Cmd.Receive);
    clock.advance(2);
    const [irq, level, command] = readRegs(chip, Reg.ComIrq, Reg.FIFOLevel, Reg.Command) as number[];
    expect(irq! & 0x30).toBe(0x30); // RxIRq, IdleIRq (Receive ended by itself)
    expect(level).toBe(2);
    expect(command! & 0x0f).toBe(Cmd.Idle);
  });

  test("without a receiver the answer is lost", () => {
    const { clock, chip } = withCard();
    writeReg(chip, Reg.ComIrq, 0x7f);
    writeReg(chip, Reg.BitFraming, 0x07);
    writeReg(chip, Reg.FIFOData, 0x26);
    writeReg(chip, Reg.Command, Cmd.Transmit);
    clock.advance(2);
    expect(readRegs(chip, Reg.ComIrq, Reg.FIFOLevel)).toEqual([0x50, 0]); // TxIRq, IdleIRq
  });

  test("writing the FIFO while Transceive waits for an answer sets WrErr", () => {
    const { clock, chip } = withCard();
    transceive(chip, clock, [0x26], 7, 0);
    transceive(chip, clock, [0x95, 0x20], 0, 0, 30); // no answer: still receiving
    writeReg(chip, Reg.FIFOData, 0x00);
    expect(readReg(chip, Reg.Error) & 0x80).toBe(0x80);
  });

  test("MFAuthent gets no answer here: it runs until stopped; the timer says so", () => {
    const { clock, chip } = withCard();
    writeReg(chip, Reg.ComIrq, 0x7f);
    writeReg(chip, Reg.FIFOData, 0x60, 0x04, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x93, 0xef, 0xd3, 0x80);
    writeReg(chip, Reg.Command, Cmd.MFAuthent);
    clock.advance(30);
    expect(readReg(chip, Reg.ComIrq) & 0x11).toBe(0x01);
    expect(readReg(chip, Reg.Command) & 0x0f).toBe(Cmd.MFAuthent);
  });

  test("an unknown command and a StartSend without Transceive are ignored", () => {
    const { chip } = withCard();
    writeReg(chip, Reg.BitFraming, 0x80);
    expect(chip.stats.ignoredStartSend).toBe(1);
    expect(chip.stats.rfFrames).toBe(0);
  });

  test.each([0x91, 0x92, 0x88, 0x89, 0xb2, 0x12])("VersionReg can be %s", (v) => {
    const chip = new Mfrc522Sim(new SimClock(), { version: v });
    expect(readReg(chip, Reg.Version)).toBe(v);
  });
});
