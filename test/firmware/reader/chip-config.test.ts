// The settings the driver writes and the read-back that tells a healthy chip from a reset or dead one.
import { SimClock } from "../../../hal/sim/clock";
import { Mfrc522Sim } from "../../../hal/sim/mfrc522/mfrc522-sim";
import { Mfrc522 } from "../../../firmware/reader/mfrc522";
import { ChipConfig, describeVersion } from "../../../firmware/reader/chip-config";

function fresh(version?: number): { sim: Mfrc522Sim; chip: Mfrc522; config: ChipConfig } {
  const sim = new Mfrc522Sim(new SimClock(), { version });
  const chip = new Mfrc522(sim);
  chip.assumeReset();
  return { sim, chip, config: new ChipConfig(-1) };
}

test("after a reset only the registers that differ from their reset value are written; then none", () => {
  const { sim, chip, config } = fresh();
  config.apply(chip);
  // TModeReg, TPrescalerReg, TReloadRegL, TxASKReg, ModeReg, CollReg, TxControlReg.
  expect(sim.stats.transactions).toBe(7);
  config.apply(chip);
  expect(sim.stats.transactions).toBe(7);
  expect(config.check(chip, 0x92)).toBe("");
  expect(sim.stats.transactions).toBe(8); // the read-back is one window
  expect(sim.antennaOn()).toBe(true);
});

test("the read-back names what is wrong", () => {
  const { sim, chip, config } = fresh();
  config.apply(chip);
  sim.silentReset();
  expect(config.check(chip, 0x92)).toBe("settings lost: TModeReg reads 00h, expected 80h");
  sim.hang(0xff);
  expect(config.check(chip, 0x92)).toBe("no answer on SPI (VersionReg FFh)");
  sim.hang(0x00);
  expect(config.check(chip, 0x92)).toBe("no answer on SPI (VersionReg 00h)");
  sim.unhang();
  sim.version = 0x88;
  expect(config.check(chip, 0x92)).toBe("VersionReg changed from 92h to 88h");
  expect(config.check(chip, -1)).toMatch(/^settings lost/);
});

test("CollReg is checked on ValuesAfterColl only (its other bits are status)", () => {
  const { sim, chip, config } = fresh();
  config.apply(chip);
  sim.transfer(Uint8Array.from([0x0e << 1, 0x80]));
  expect(config.check(chip, 0x92)).toBe("settings lost: CollReg reads A0h, expected 00h");
});

test("RxGain: RFCfgReg written with the reserved bits as after reset, checked on the gain bits", () => {
  const { sim, chip } = fresh();
  const config = new ChipConfig(5);
  config.apply(chip);
  expect(sim.peek(0x26)).toBe(0x58);
  expect(config.check(chip, 0x92)).toBe("");
});

test.each([
  [0x91, "MFRC522 v1.0 (91h)"],
  [0x92, "MFRC522 v2.0 (92h)"],
  [0x88, "FM17522 clone (88h)"],
  [0xb2, "FM17522 clone (B2h)"],
  [0x12, "unknown chip (12h)"],
])("VersionReg %s is %s", (v, name) => {
  expect(describeVersion(v)).toBe(name);
});
