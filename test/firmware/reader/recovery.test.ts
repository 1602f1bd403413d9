// Fault injection: for each kind of fault, the reader reports faulted while it cannot work, and
// works again within two health-check periods once the fault is gone.
import { classic1k, ultralight } from "../../../hal/sim/mfrc522/picc";
import { Mfrc522Sim } from "../../../hal/sim/mfrc522/mfrc522-sim";
import { rig } from "./reader-harness";

const HEALTH_MS = 2000;
const FAULT_AT = 1000;
const FAULT_MS = 6000;

interface FaultKind {
  name: string;
  start(chip: Mfrc522Sim): void;
  stop(chip: Mfrc522Sim): void;
  /** Whether the chip cannot work while the fault lasts (so the reader must say faulted). */
  fatal: boolean;
}

const faults: FaultKind[] = [
  { name: "chip stops answering, MISO 00h", start: (c) => c.hang(0x00), stop: (c) => c.unhang(), fatal: true },
  { name: "chip stops answering, MISO FFh", start: (c) => c.hang(0xff), stop: (c) => c.unhang(), fatal: true },
  { name: "garbage on MISO (half the bytes)", start: (c) => c.setGarbage(0.5), stop: (c) => c.setGarbage(0), fatal: true },
  { name: "noise on every answer", start: (c) => c.setNoise(1), stop: (c) => c.setNoise(0), fatal: false },
  { name: "silent reset", start: (c) => c.silentReset(), stop: () => undefined, fatal: false },
];

describe.each(faults)("$name", (fault) => {
  test("faulted while it cannot work; a card is read within two health periods after the fault", () => {
    const { clock, chip, reader, rec } = rig({ seed: 7 }, { healthMs: HEALTH_MS });
    reader.start();
    clock.advanceTo(FAULT_AT);
    expect(reader.isHealthy()).toBe(true);
    fault.start(chip);
    clock.advanceTo(FAULT_AT + FAULT_MS);
    const during = rec.of("health").filter((e) => e.t > FAULT_AT);
    if (fault.fatal) {
      expect(during.length).toBeGreaterThan(0);
      expect(during[0]!.healthy).toBe(false);
      expect(during[0]!.t - FAULT_AT).toBeLessThan(HEALTH_MS);
      expect(reader.isHealthy()).toBe(false);
    } else {
      expect(during.filter((e) => !e.healthy)).toEqual([]);
    }
    expect(rec.of("presented")).toEqual([]);
    fault.stop(chip);
    const cleared = clock.now();
    const card = ultralight([0x04, 0x93, 0xd4, 0x12, 0x5f, 0x70, 0x80]);
    chip.field.enter(card, cleared);
    clock.advanceTo(cleared + 2 * HEALTH_MS);
    expect(reader.isHealthy()).toBe(true);
    expect(rec.of("presented").map((e) => e.id)).toEqual(["0493D4125F7080"]);
    const after = rec.of("health").filter((e) => e.t > cleared);
    if (fault.fatal) expect(after.map((e) => e.healthy)).toEqual([true]);
    // And it keeps working.
    chip.field.leave(card, clock.now());
    clock.advance(1000);
    expect(rec.of("removed").map((e) => e.id)).toEqual(["0493D4125F7080"]);
  });
});

test("a card resting on the reader survives a silent chip reset: no removal, no second tap", () => {
  const { clock, chip, reader, rec } = rig({}, { healthMs: HEALTH_MS });
  reader.start();
  chip.field.enter(classic1k([0x93, 0xef, 0xd3, 0x80]), 50);
  clock.advance(1000);
  chip.silentReset();
  clock.advance(5000);
  expect(rec.of("presented").length).toBe(1);
  expect(rec.of("removed").length).toBe(0);
  expect(reader.recoveryCount()).toBeGreaterThanOrEqual(1);
  expect(chip.antennaOn()).toBe(true);
  expect(rec.of("health").filter((e) => !e.healthy)).toEqual([]);
});

test("a hung chip that only NRSTPD clears: the reader pulses the reset pin and recovers by itself", () => {
  const { clock, chip, reader, rec } = rig({}, { healthMs: HEALTH_MS }, true);
  reader.start();
  clock.advanceTo(FAULT_AT);
  chip.hang(0xff, true);
  clock.advanceTo(FAULT_AT + 3 * HEALTH_MS);
  expect(rec.of("health").map((e) => e.healthy)).toEqual([true, false, true]);
  chip.field.enter(classic1k([1, 2, 3, 4]), clock.now());
  clock.advance(300);
  expect(rec.of("presented").map((e) => e.id)).toEqual(["01020304"]);
});

test("without the reset pin, that chip stays faulted (and the reader keeps trying)", () => {
  const { clock, chip, reader, rec } = rig({}, { healthMs: HEALTH_MS });
  reader.start();
  clock.advanceTo(FAULT_AT);
  chip.hang(0xff, true);
  const before = chip.stats.transactions;
  clock.advanceTo(FAULT_AT + 5 * HEALTH_MS);
  expect(rec.of("health").map((e) => e.healthy)).toEqual([true, false]);
  expect(chip.stats.transactions - before).toBeGreaterThan(5);
});

test("a chip that stays in power-down after reset is reported, and retried", () => {
  const { clock, chip, reader, rec } = rig({ resetMs: 3000 }, { healthMs: HEALTH_MS });
  reader.start();
  clock.advance(2500);
  expect(rec.of("health")).toEqual([expect.objectContaining({ healthy: false, id: "chip stays in power-down after reset" })]);
  chip.resetMs = 0.5;
  clock.advance(2 * HEALTH_MS + 100);
  expect(reader.isHealthy()).toBe(true);
});
