// The CardReader on the simulated chip: reading, presence, traffic, turn lengths.
import { SimClock } from "../../../hal/sim/clock";
import { Clock, Cancel } from "../../../hal/clock";
import { SpiBus } from "../../../hal/spi";
import { Mfrc522Sim } from "../../../hal/sim/mfrc522/mfrc522-sim";
import { classic1k, classic4k, ultralight, tripleUidCard, Picc } from "../../../hal/sim/mfrc522/picc";
import { CardReader } from "../../../firmware/reader/card-reader";
import { rig, hexUid, Recorder } from "./reader-harness";

const U4 = [0x93, 0xef, 0xd3, 0x80];
const U7 = [0x04, 0x93, 0xd4, 0x12, 0x5f, 0x70, 0x80];
const U10 = [0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x99, 0xaa];

test("start: soft reset, settings, read-back; reports the chip healthy with its version", () => {
  const { clock, chip, reader, rec } = rig({ version: 0x91 });
  reader.start();
  clock.advance(20);
  expect(rec.of("health")).toEqual([{ t: expect.any(Number), kind: "health", id: "MFRC522 v1.0 (91h)", healthy: true }]);
  expect(reader.chipVersion()).toBe(0x91);
  expect(reader.isHealthy()).toBe(true);
  expect(chip.antennaOn()).toBe(true);
  expect(chip.peek(0x2a)).toBe(0x80);
  expect(chip.peek(0x11)).toBe(0x3d);
  expect(chip.peek(0x0e) & 0x80).toBe(0);
});

test.each([
  ["4-byte Classic 1K", classic1k(U4), "93EFD380"],
  ["4-byte Classic 4K", classic4k(U4), "93EFD380"],
  ["7-byte Ultralight", ultralight(U7), "0493D4125F7080"],
  ["7-byte Classic 1K", classic1k(U7), "0493D4125F7080"],
  ["10-byte", tripleUidCard(U10), "041122334455667799AA"],
  ["4-byte starting with 88h", classic1k([0x88, 0x77, 0x66, 0x55]), "88776655"],
])("%s: reported once while held, removal reported once", (_name, card, id) => {
  const { clock, chip, reader, rec } = rig();
  reader.start();
  clock.advance(150);
  chip.field.enter(card as Picc, clock.now());
  clock.advance(2000);
  expect(rec.of("presented").map((e) => e.id)).toEqual([id]);
  expect(reader.currentCard()).toBe(id);
  chip.field.leave(card as Picc, clock.now());
  clock.advance(1000);
  expect(rec.of("removed").map((e) => e.id)).toEqual([id]);
  expect(reader.currentCard()).toBe("");
});

test("a flapping read (present, missed once, present) is not a new tap; a real absence is", () => {
  const { clock, chip, reader, rec } = rig();
  reader.start();
  const card = classic1k(U4);
  chip.field.enter(card, 50);
  clock.advance(400);
  // Out of range across exactly one poll (polls at 100 ms multiples).
  chip.field.leave(card, 440);
  chip.field.enter(card, 560);
  clock.advance(1000);
  expect(rec.of("presented").length).toBe(1);
  expect(rec.of("removed").length).toBe(0);
  chip.field.leave(card, clock.now());
  clock.advance(1000);
  chip.field.enter(card, clock.now());
  clock.advance(500);
  expect(rec.of("presented").length).toBe(2);
  expect(rec.of("removed").length).toBe(1);
});

test("two cards: one is reported; when it leaves, the other", () => {
  const { clock, chip, reader, rec } = rig();
  reader.start();
  const a = classic1k([0x12, 0x34, 0x56, 0x78]);
  const b = classic1k([0x12, 0x34, 0x57, 0x78]);
  chip.field.enter(a, 50);
  chip.field.enter(b, 50);
  clock.advance(1000);
  const first = rec.of("presented").map((e) => e.id);
  expect(first.length).toBe(1);
  expect(["12345678", "12345778"]).toContain(first[0]);
  chip.field.leave(first[0] === "12345678" ? a : b, clock.now());
  clock.advance(1000);
  expect(rec.of("removed").map((e) => e.id)).toEqual(first);
  expect(rec.of("presented").map((e) => e.id)).toEqual([first[0], first[0] === "12345678" ? "12345778" : "12345678"]);
});

describe.each(["nxp", "absolute"])("three colliding cards, CollPos read %s", (mode) => {
  // Collisions at bit 17 and then at bit 28 of UID CL1 (a second collision with 17 known bits),
  // and 7-byte cards whose CL1 (88h + 3 bytes) collides with a 4-byte UID starting with 88h.
  test.each([
    [[0x12, 0x34, 0x56, 0x78], [0x12, 0x34, 0x57, 0x78], [0x12, 0x34, 0x57, 0x70]],
    [[0x12, 0x00, 0x00, 0x00], [0x12, 0x80, 0x00, 0x00], [0x12, 0x81, 0xff, 0x00]],
    [[0x88, 0x04, 0x93, 0xd4, 0x12, 0x5f, 0x70], [0x88, 0x04, 0x93, 0x00], [0x04, 0x93, 0xd4, 0x12, 0x5f, 0x70, 0x80]],
  ])("every card is read, one after the other as they leave", (u1, u2, u3) => {
    const { clock, chip, reader, rec } = rig({ collPos: mode });
    reader.start();
    const cards = [u1, u2, u3].map((u) => (u.length === 7 ? ultralight(u) : classic1k(u)));
    for (const c of cards) chip.field.enter(c, 50);
    clock.advance(600);
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const got = rec.of("presented").map((e) => e.id);
      expect(got.length).toBe(i + 1);
      const id = got[i] as string;
      const card = cards.find((c) => hexUid(c.uid) === id);
      expect(card).toBeDefined();
      seen.push(id);
      chip.field.leave(card as Picc, clock.now());
      clock.advance(1000);
    }
    expect(seen.sort()).toEqual(cards.map((c) => hexUid(c.uid)).sort());
  });
});

describe("SPI traffic", () => {
  function windowsOf(step: (r: ReturnType<typeof rig>) => void): number {
    const r = rig();
    r.reader.start();
    r.clock.advance(150);
    const before = r.chip.stats.transactions;
    step(r);
    return r.chip.stats.transactions - before;
  }

  test("an idle poll is 6 windows: IRQ clear, FIFO, Transceive, StartSend, one read, Idle", () => {
    expect(windowsOf((r) => r.clock.advance(100))).toBe(6);
    expect(windowsOf((r) => r.clock.advance(2000))).toBe(20 * 6 + 1); // plus one health check
  });

  test.each([
    [U4, 16],
    [U7, 24],
    [U10, 32],
  ])("reading a %j UID costs %i windows; checking it is still there costs less", (uid, n) => {
    const r = rig();
    r.reader.start();
    r.clock.advance(150);
    r.chip.field.enter(uid.length === 10 ? tripleUidCard(uid) : classic1k(uid), 160);
    let before = r.chip.stats.transactions;
    r.clock.advance(100);
    expect(r.rec.of("presented").length).toBe(1);
    expect(r.chip.stats.transactions - before).toBe(n);
    before = r.chip.stats.transactions;
    r.clock.advance(100);
    expect(r.chip.stats.transactions - before).toBe(n - (uid.length === 4 ? 4 : uid.length === 7 ? 8 : 12));
  });
});

/** A clock that measures the SPI windows and the time spent in each timer callback (one turn). */
class TurnClock implements Clock {
  maxWindows = 0;
  maxSpentMs = 0;
  constructor(private inner: SimClock, private chip: Mfrc522Sim) {}
  now(): number {
    return this.inner.now();
  }
  private wrap(fn: () => void): () => void {
    return () => {
      const w = this.chip.stats.transactions;
      const t = this.inner.now();
      fn();
      this.maxWindows = Math.max(this.maxWindows, this.chip.stats.transactions - w);
      this.maxSpentMs = Math.max(this.maxSpentMs, this.inner.now() - t);
    };
  }
  after(ms: number, fn: () => void): Cancel {
    return this.inner.after(ms, this.wrap(fn));
  }
  every(ms: number, fn: () => void): Cancel {
    return this.inner.every(ms, this.wrap(fn));
  }
}

test("no turn does more than one exchange: a few windows, well under 2 ms of simulated time each", () => {
  const clock = new SimClock();
  const chip = new Mfrc522Sim(clock);
  const turns = new TurnClock(clock, chip);
  const reader = new CardReader(chip, turns, new Recorder(clock));
  reader.start();
  chip.field.enter(tripleUidCard(U10), 120);
  chip.field.enter(classic1k([0x04, 0x11, 0x22, 0x00]), 120);
  clock.advance(3000);
  chip.silentReset();
  clock.advance(3000);
  expect(turns.maxWindows).toBeLessThanOrEqual(14);
  expect(turns.maxSpentMs).toBeLessThan(2);
});

test("the poll interval is configurable; stop() ends polling", () => {
  const { clock, chip, reader } = rig({}, { pollMs: 250 });
  reader.start();
  clock.advance(300);
  const before = chip.stats.transactions;
  clock.advance(1000);
  expect(chip.stats.transactions - before).toBe(4 * 6);
  reader.stop();
  const stopped = chip.stats.transactions;
  clock.advance(1000);
  expect(chip.stats.transactions).toBe(stopped);
});

test("RxGain can be set; it is part of the checked settings", () => {
  const { clock, chip, reader } = rig({}, { rxGain: 7 });
  reader.start();
  clock.advance(20);
  expect(chip.peek(0x26) & 0x70).toBe(0x70);
  expect(reader.isHealthy()).toBe(true);
});

test("a card entering the field is reported within one poll interval plus the activation", () => {
  for (let phase = 0; phase < 100; phase += 7) {
    const { clock, chip, reader, rec } = rig();
    reader.start();
    const enter = 200 + phase;
    chip.field.enter(classic1k(U4), enter);
    clock.advance(600);
    const p = rec.of("presented");
    expect(p.length).toBe(1);
    expect(p[0]!.t - enter).toBeLessThan(100 + 12);
  }
});

test("a reader on a bus with nothing attached reports a fault and keeps trying", () => {
  const clock = new SimClock();
  const rec = new Recorder(clock);
  let attached: SpiBus | null = null;
  const sim = new Mfrc522Sim(clock);
  const bus: SpiBus = { transfer: (tx) => (attached ? attached.transfer(tx) : new Uint8Array(tx.length)) };
  const reader = new CardReader(bus, clock, rec, { healthMs: 1000 });
  reader.start();
  clock.advance(5000);
  expect(rec.of("health")).toEqual([{ t: expect.any(Number), kind: "health", id: "no answer on SPI (VersionReg 00h)", healthy: false }]);
  expect(reader.isHealthy()).toBe(false);
  attached = sim;
  clock.advance(2000);
  expect(rec.of("health").map((e) => e.healthy)).toEqual([false, true]);
});

test("setPollInterval changes the rate from the next poll on", () => {
  const { clock, chip, reader } = rig();
  reader.start();
  clock.advance(150);
  reader.setPollInterval(500);
  const before = chip.stats.transactions;
  clock.advance(1900); // polls at 650, 1150, 1650
  expect(chip.stats.transactions - before).toBe(3 * 6);
});
