// The ISO 14443A step machine on its own: the frames it asks for and how it reads the answers,
// checked against the worked vectors of reference §4.8.
import {
  Activation, A_SEND, A_READ, A_CONFIRMED, A_NO_CARD, A_ABSENT, A_FAILED,
} from "../../../firmware/reader/activation";
import { X_OK, X_TIMEOUT, X_COLLISION, X_ERROR } from "../../../firmware/reader/transceiver";

const bytes = (s: string) => Uint8Array.from(s.split(" ").map((x) => parseInt(x, 16)));
const hex = (b: ArrayLike<number>) => Array.from(b, (x) => x.toString(16).toUpperCase().padStart(2, "0")).join(" ");

/** What the machine asks to send: "frame / txLastBits rxAlign expectBytes". */
function asked(a: Activation): string {
  return `${hex(a.frame.subarray(0, a.frameLen))} / ${a.txLastBits} ${a.rxAlign} ${a.expectBytes}`;
}

function answer(a: Activation, status: number, rx: string, coll?: number): number {
  const b = rx ? bytes(rx) : new Uint8Array(0);
  const buf = new Uint8Array(8);
  buf.set(b);
  return a.onResult(status, buf, b.length, coll === undefined ? 0x20 : coll);
}

test("4-byte UID 93 EF D3 80", () => {
  const a = new Activation();
  a.beginRead();
  expect(asked(a)).toBe("52 / 7 0 2");
  expect(answer(a, X_OK, "04 00")).toBe(A_SEND);
  expect(asked(a)).toBe("93 20 / 0 0 5");
  expect(answer(a, X_OK, "93 EF D3 80 2F")).toBe(A_SEND);
  expect(asked(a)).toBe("93 70 93 EF D3 80 2F 64 C9 / 0 0 3");
  expect(answer(a, X_OK, "08 B6 DD")).toBe(A_READ);
  expect(hex(a.uid.subarray(0, a.uidLen))).toBe("93 EF D3 80");
  expect(a.sak).toBe(0x08);
  expect(a.cardAnswered).toBe(true);
  expect(hex(a.frame.subarray(0, a.haltFrame()))).toBe("50 00 57 CD");
});

test("7-byte UID 04 93 D4 12 5F 70 80 (cascade tag stripped)", () => {
  const a = new Activation();
  a.beginRead();
  answer(a, X_OK, "44 00");
  answer(a, X_OK, "88 04 93 D4 CB");
  expect(asked(a)).toBe("93 70 88 04 93 D4 CB 9C 5D / 0 0 3");
  expect(answer(a, X_OK, "04 DA 17")).toBe(A_SEND);
  expect(asked(a)).toBe("95 20 / 0 0 5");
  answer(a, X_OK, "12 5F 70 80 BD");
  expect(asked(a)).toBe("95 70 12 5F 70 80 BD 0C 26 / 0 0 3");
  expect(answer(a, X_OK, "00 FE 51")).toBe(A_READ);
  expect(hex(a.uid.subarray(0, a.uidLen))).toBe("04 93 D4 12 5F 70 80");
});

test("10-byte UID 04 11 22 33 44 55 66 77 99 AA", () => {
  const a = new Activation();
  a.beginRead();
  answer(a, X_OK, "84 00");
  answer(a, X_OK, "88 04 11 22 BF");
  expect(asked(a)).toBe("93 70 88 04 11 22 BF B3 F9 / 0 0 3");
  answer(a, X_OK, "04 DA 17");
  answer(a, X_OK, "88 33 44 55 AA");
  expect(asked(a)).toBe("95 70 88 33 44 55 AA 13 FA / 0 0 3");
  answer(a, X_OK, "04 DA 17");
  answer(a, X_OK, "66 77 99 AA 22");
  expect(asked(a)).toBe("97 70 66 77 99 AA 22 5D 64 / 0 0 3");
  expect(answer(a, X_OK, "00 FE 51")).toBe(A_READ);
  expect(hex(a.uid.subarray(0, a.uidLen))).toBe("04 11 22 33 44 55 66 77 99 AA");
});

test("two cards: CollReg 11h with FIFO 12 34 00 00 00 -> bit 17 chosen 0, bit-oriented continuation", () => {
  const a = new Activation();
  a.beginRead();
  answer(a, X_OK, "04 00");
  expect(answer(a, X_COLLISION, "12 34 00 00 00", 0x11)).toBe(A_SEND);
  expect(asked(a)).toBe("93 41 12 34 00 / 1 1 3");
  expect(answer(a, X_OK, "56 78 08")).toBe(A_SEND); // bit 0 of the first byte is below RxAlign
  expect(asked(a)).toBe("93 70 12 34 56 78 08 3C A2 / 0 0 3");
  expect(answer(a, X_OK, "08 B6 DD")).toBe(A_READ);
  expect(hex(a.uid.subarray(0, a.uidLen))).toBe("12 34 56 78");
  expect(a.collisions).toBe(1);
});

test("a collision on the last UID bit goes straight to SELECT with the BCC computed", () => {
  const a = new Activation();
  a.beginRead();
  answer(a, X_OK, "04 00");
  // Cards 12 34 56 78 and 12 34 56 F8 differ at bit 32 (CollPos 0 = 32).
  expect(answer(a, X_COLLISION, "12 34 56 78 00", 0x00)).toBe(A_SEND);
  expect(asked(a)).toBe("93 70 12 34 56 78 08 3C A2 / 0 0 3");
});

describe("a second collision with 8+ known bits (CollPos readings differ)", () => {
  // Round 1: a collision at bit 16 (0-based); bit 16 = 0 chosen, k = 17. Round 2: the cards with
  // that prefix answer bits 17..39 and collide again at bit 27 (0-based), cleared from there on.
  function round2(): Activation {
    const a = new Activation();
    a.beginRead();
    answer(a, X_OK, "04 00");
    answer(a, X_COLLISION, "12 34 00 00 00", 0x11);
    return a;
  }

  test("NXP reading: CollPos 12 (RxAlign 1 + 11th received bit) -> known bits 27", () => {
    const a = round2();
    // Received bits 17..39 of B/C with bit 27 and later cleared: byte 2 = 57h & FEh | ..., byte 3 low 3 bits 000.
    expect(answer(a, X_COLLISION, "56 00 00", 0x0c)).toBe(A_SEND);
    // 8*2 + 12 - 1 = bit 27; bits 0..26 known + bit 27 = 0 -> 28 known bits: NVB 54h.
    // The absolute reading would give bit 11, below k = 17: not plausible -> NXP.
    expect(asked(a)).toBe("93 54 12 34 56 00 / 4 4 2");
  });

  test("absolute reading: CollPos 28 with only zeros between -> the earlier position is taken", () => {
    const a = round2();
    // absolute: p = 27; NXP: 16 + 27 = 43 (out of range) -> absolute.
    expect(answer(a, X_COLLISION, "56 00 00", 0x1c)).toBe(A_SEND);
    expect(asked(a)).toBe("93 54 12 34 56 00 / 4 4 2");
  });

  test("ambiguous position with a 1 between the two readings -> the later (NXP) one", () => {
    const a = new Activation();
    a.beginRead();
    answer(a, X_OK, "04 00");
    answer(a, X_COLLISION, "12 00 00 00 00", 0x09); // collision at bit 8 (0-based): k becomes 9
    expect(asked(a)).toBe("93 31 12 00 / 1 1 4");
    // CollPos 12: absolute -> bit 11; NXP -> 8 + 11 = bit 19. Received bit 15 (bit 7 of the first
    // FIFO byte, RxAlign 1) is 1, which a collision at bit 11 would have cleared -> NXP.
    expect(answer(a, X_COLLISION, "80 00 00 00", 0x0c)).toBe(A_SEND);
    expect(asked(a)).toBe("93 44 12 80 00 / 4 4 3");
  });

  test("ambiguous position with only zeros between -> the earlier one (0 is a real bit there)", () => {
    const a = new Activation();
    a.beginRead();
    answer(a, X_OK, "04 00");
    answer(a, X_COLLISION, "12 00 00 00 00", 0x09);
    expect(answer(a, X_COLLISION, "00 00 00 00", 0x0c)).toBe(A_SEND);
    expect(asked(a)).toBe("93 34 12 00 / 4 4 4");
  });
});

test("a clean WUPA timeout is 'no card'; a damaged ATQA still goes on", () => {
  const a = new Activation();
  a.beginRead();
  expect(answer(a, X_TIMEOUT, "")).toBe(A_NO_CARD);
  expect(a.cardAnswered).toBe(false);
  a.beginRead();
  expect(answer(a, X_ERROR, "04")).toBe(A_SEND);
  expect(asked(a)).toBe("93 20 / 0 0 5");
});

test.each([
  ["BCC wrong", X_OK, "93 EF D3 80 2E", -1, ""],
  ["SAK CRC wrong", X_OK, "93 EF D3 80 2F", X_OK, "08 B6 DC"],
  ["SAK of 1 byte", X_OK, "93 EF D3 80 2F", X_OK, "08"],
  ["cascade bit without a cascade tag", X_OK, "93 EF D3 80 2F", X_OK, "04 DA 17"],
  ["no answer to SELECT", X_OK, "93 EF D3 80 2F", X_TIMEOUT, ""],
  ["error on anticollision", X_ERROR, "93 EF D3", -1, ""],
  ["anticollision cut short", X_OK, "93 EF D3 80", -1, ""],
])("%s: no UID", (_name, acStatus, acRx, selStatus, selRx) => {
  const a = new Activation();
  a.beginRead();
  answer(a, X_OK, "04 00");
  const r = answer(a, acStatus, acRx);
  if (selStatus < 0) expect(r).toBe(A_FAILED);
  else {
    expect(r).toBe(A_SEND);
    expect(answer(a, selStatus, selRx)).toBe(A_FAILED);
  }
  expect(a.cardAnswered).toBe(true);
});

test("a non-standard 4-byte UID starting with 88h: the SAK, not the 88h, says it is complete", () => {
  const a = new Activation();
  a.beginRead();
  answer(a, X_OK, "04 00");
  answer(a, X_OK, "88 77 66 55 CC");
  expect(answer(a, X_OK, "08 B6 DD")).toBe(A_READ);
  expect(hex(a.uid.subarray(0, a.uidLen))).toBe("88 77 66 55");
});

test("a fourth cascade level is refused", () => {
  const a = new Activation();
  a.beginRead();
  answer(a, X_OK, "84 00");
  for (let level = 0; level < 2; level++) {
    answer(a, X_OK, "88 04 11 22 BF");
    answer(a, X_OK, "04 DA 17");
  }
  answer(a, X_OK, "88 04 11 22 BF");
  expect(answer(a, X_OK, "04 DA 17")).toBe(A_FAILED);
});

describe("check mode", () => {
  const uid7 = bytes("04 93 D4 12 5F 70 80");

  test("WUPA, then SELECT of each level of the known UID, no anticollision", () => {
    const a = new Activation();
    a.beginCheck(uid7, 7);
    expect(asked(a)).toBe("52 / 7 0 2");
    answer(a, X_OK, "44 00");
    expect(asked(a)).toBe("93 70 88 04 93 D4 CB 9C 5D / 0 0 3");
    answer(a, X_OK, "04 DA 17");
    expect(asked(a)).toBe("95 70 12 5F 70 80 BD 0C 26 / 0 0 3");
    expect(answer(a, X_OK, "00 FE 51")).toBe(A_CONFIRMED);
  });

  test("cards answer WUPA but the known one not its SELECT: absent; with a damaged ATQA: no conclusion", () => {
    const a = new Activation();
    a.beginCheck(uid7, 7);
    answer(a, X_COLLISION, "44 00");
    expect(answer(a, X_TIMEOUT, "")).toBe(A_ABSENT);
    a.beginCheck(uid7, 7);
    answer(a, X_ERROR, "44");
    expect(answer(a, X_TIMEOUT, "")).toBe(A_FAILED);
  });

  test("a SAK that does not fit the UID size is no confirmation", () => {
    const a = new Activation();
    a.beginCheck(uid7, 7);
    answer(a, X_OK, "44 00");
    expect(answer(a, X_OK, "08 B6 DD")).toBe(A_FAILED);
  });
});
