// The worked byte vectors of reference §4.8, played register by register against the simulator.
import { SimClock } from "../../../../hal/sim/clock";
import { classic1k, ultralight, tripleUidCard, Picc, PiccState } from "../../../../hal/sim/mfrc522/picc";
import { Reg } from "../../../../hal/sim/mfrc522/registers";
import { initChip, transceive, hex, bytesOf } from "./sim-helpers";
import { Mfrc522Sim } from "../../../../hal/sim/mfrc522/mfrc522-sim";

function setup(cards: Picc[], collPos?: string): { clock: SimClock; chip: Mfrc522Sim } {
  const clock = new SimClock();
  const chip = initChip(clock, { collPos });
  for (const c of cards) chip.field.enter(c, 0);
  clock.advance(6); // >= 5.1 ms of unmodulated field before the first request
  return { clock, chip };
}

function expectAnswer(x: ReturnType<typeof transceive>, expected: string): void {
  expect(x.irq & 0x20).toBe(0x20); // RxIRq
  expect(x.error).toBe(0);
  expect(x.lastBits).toBe(0);
  expect(hex(x.fifo)).toBe(expected);
}

describe("4-byte UID 93 EF D3 80", () => {
  test("REQA, anticollision, select, halt", () => {
    const card = classic1k([0x93, 0xef, 0xd3, 0x80]);
    const { clock, chip } = setup([card]);
    expectAnswer(transceive(chip, clock, [0x26], 7, 0), "04 00");
    expectAnswer(transceive(chip, clock, [0x93, 0x20], 0, 0), "93 EF D3 80 2F");
    expectAnswer(transceive(chip, clock, bytesOf("93 70 93 EF D3 80 2F 64 C9"), 0, 0), "08 B6 DD");
    expect(card.state).toBe(PiccState.Active);
    const halt = transceive(chip, clock, bytesOf("50 00 57 CD"), 0, 0, 30);
    expect(halt.irq & 0x21).toBe(0x01); // TimerIRq, no RxIRq: no answer
    expect(halt.level).toBe(0);
    expect(card.state).toBe(PiccState.Halt);
  });
});

describe("7-byte UID 04 93 D4 12 5F 70 80", () => {
  test.each([
    ["Ultralight", ultralight, "00 FE 51"],
    ["Classic 1K 7-byte", classic1k, "08 B6 DD"],
  ])("%s: two cascade levels", (_name, make, sak) => {
    const card = make([0x04, 0x93, 0xd4, 0x12, 0x5f, 0x70, 0x80]);
    const { clock, chip } = setup([card]);
    expectAnswer(transceive(chip, clock, [0x26], 7, 0), "44 00");
    expectAnswer(transceive(chip, clock, [0x93, 0x20], 0, 0), "88 04 93 D4 CB");
    expectAnswer(transceive(chip, clock, bytesOf("93 70 88 04 93 D4 CB 9C 5D"), 0, 0), "04 DA 17");
    expectAnswer(transceive(chip, clock, [0x95, 0x20], 0, 0), "12 5F 70 80 BD");
    expectAnswer(transceive(chip, clock, bytesOf("95 70 12 5F 70 80 BD 0C 26"), 0, 0), sak);
    expect(card.state).toBe(PiccState.Active);
  });
});

describe("10-byte UID 04 11 22 33 44 55 66 77 99 AA", () => {
  test("three cascade levels", () => {
    const card = tripleUidCard([0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x99, 0xaa]);
    const { clock, chip } = setup([card]);
    expect(transceive(chip, clock, [0x26], 7, 0).level).toBe(2);
    expectAnswer(transceive(chip, clock, [0x93, 0x20], 0, 0), "88 04 11 22 BF");
    expectAnswer(transceive(chip, clock, bytesOf("93 70 88 04 11 22 BF B3 F9"), 0, 0), "04 DA 17");
    expectAnswer(transceive(chip, clock, [0x95, 0x20], 0, 0), "88 33 44 55 AA");
    expectAnswer(transceive(chip, clock, bytesOf("95 70 88 33 44 55 AA 13 FA"), 0, 0), "04 DA 17");
    expectAnswer(transceive(chip, clock, [0x97, 0x20], 0, 0), "66 77 99 AA 22");
    expectAnswer(transceive(chip, clock, bytesOf("97 70 66 77 99 AA 22 5D 64"), 0, 0), "00 FE 51");
    expect(card.state).toBe(PiccState.Active);
  });
});

describe("two cards colliding at UID bit 17", () => {
  const A = [0x12, 0x34, 0x56, 0x78];
  const B = [0x12, 0x34, 0x57, 0x78];

  test.each(["nxp", "absolute"])("collision report, then bit-oriented continuation choosing 1 (CollPos %s)", (mode) => {
    const a = classic1k(A);
    const b = classic1k(B);
    const { clock, chip } = setup([a, b], mode);
    expectAnswer(transceive(chip, clock, [0x26], 7, 0), "04 00"); // identical ATQAs do not collide
    const coll = transceive(chip, clock, [0x93, 0x20], 0, 0);
    expect(coll.error).toBe(0x08); // CollErr only
    expect(coll.coll).toBe(0x11); // ValuesAfterColl 0, CollPos 17, valid
    expect(coll.level).toBe(5);
    expect(coll.lastBits).toBe(0);
    expect(hex(coll.fifo)).toBe("12 34 00 00 00");
    expect(coll.irq & 0x22).toBe(0x22); // RxIRq and ErrIRq
    // k = 17 known bits, the 17th chosen as 1: only B answers with its remaining 23 bits.
    const rest = transceive(chip, clock, [0x93, 0x41, 0x12, 0x34, 0x01], 1, 1);
    expect(rest.error).toBe(0);
    expect(rest.level).toBe(3);
    expect(rest.lastBits).toBe(0);
    expect(hex(rest.fifo)).toBe("56 78 09");
    expectAnswer(transceive(chip, clock, bytesOf("93 70 12 34 57 78 09 69 E9"), 0, 0), "08 B6 DD");
    expect(b.state).toBe(PiccState.Active);
    expect(a.state).not.toBe(PiccState.Active);
  });

  test("choosing 0 (NXP style) selects A", () => {
    const a = classic1k(A);
    const b = classic1k(B);
    const { clock, chip } = setup([a, b]);
    transceive(chip, clock, [0x26], 7, 0);
    transceive(chip, clock, [0x93, 0x20], 0, 0);
    const rest = transceive(chip, clock, [0x93, 0x41, 0x12, 0x34, 0x00], 1, 1);
    expect(rest.error).toBe(0);
    expect(hex(rest.fifo)).toBe("56 78 08");
    expectAnswer(transceive(chip, clock, bytesOf("93 70 12 34 56 78 08 3C A2"), 0, 0), "08 B6 DD");
    expect(a.state).toBe(PiccState.Active);
  });

  test("ValuesAfterColl = 1 keeps the (ORed) bits after the collision", () => {
    const { clock, chip } = setup([classic1k(A), classic1k(B)]);
    transceive(chip, clock, [0x26], 7, 0);
    chip.transfer(Uint8Array.from([Reg.Coll << 1, 0x80]));
    const coll = transceive(chip, clock, [0x93, 0x20], 0, 0);
    expect(coll.error & 0x08).toBe(0x08);
    expect(coll.coll).toBe(0x91);
    expect(hex(coll.fifo)).toBe("12 34 57 78 09");
  });

  test("different ATQAs collide in the REQA answer", () => {
    const { clock, chip } = setup([classic1k(A), ultralight([0x04, 1, 2, 3, 4, 5, 6])]);
    const x = transceive(chip, clock, [0x26], 7, 0);
    expect(x.error & 0x08).toBe(0x08);
    expect(x.level).toBe(2);
  });
});

describe("CollPos alignment with a later collision (three cards)", () => {
  // A and B differ first at bit 17 (as above); B and C differ at bit 28 (1-based: byte 3, bit 3).
  const A = [0x12, 0x34, 0x56, 0x78];
  const B = [0x12, 0x34, 0x57, 0x78];
  const C = [0x12, 0x34, 0x57, 0x70];
  test.each([
    ["nxp", 1 + 11], // RxAlign 1 + 11th received bit (UID bits 17..27 received before)
    ["absolute", 28], // the 28th bit of UID CL1
  ])("CollPos reads %s", (mode, expected) => {
    const { clock, chip } = setup([classic1k(A), classic1k(B), classic1k(C)], mode);
    transceive(chip, clock, [0x26], 7, 0);
    const first = transceive(chip, clock, [0x93, 0x20], 0, 0);
    expect(first.coll & 0x1f).toBe(17);
    const second = transceive(chip, clock, [0x93, 0x41, 0x12, 0x34, 0x01], 1, 1);
    expect(second.error & 0x08).toBe(0x08);
    expect(second.coll & 0x1f).toBe(expected);
    expect(second.coll & 0x20).toBe(0);
  });
});
