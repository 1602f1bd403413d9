// The simulated unit around a bundle: cards in the reader chip's field, the vehicle on the pilot and
// its load, weld, reader faults, power cycles, time. A stand-in firmware keeps this apart from the
// real one (which the scenarios exercise).
import * as path from "path";
import { Reg } from "../../../hal/sim/mfrc522/registers";
import { SimStorage } from "../../../hal/sim/storage";
import { SimUnit, uidBytes, VEHICLE_WATTS } from "../../../tools/sim/sim-unit";
import { writeScript, BuiltBundle } from "./support/build-bundle";

const STUB = path.join(__dirname, "fixtures/charger-stub.js");

function readVersion(unit: SimUnit): number {
  return unit.chip.transfer(new Uint8Array([0x80 | (Reg.Version << 1), 0]))[1] as number;
}

describe("SimUnit", () => {
  const units: SimUnit[] = [];
  const scripts: BuiltBundle[] = [];
  const make = (file = STUB, online = false) => {
    const u = new SimUnit({ file, storage: new SimStorage(), online });
    units.push(u);
    return u;
  };
  afterEach(() => {
    for (const u of units.splice(0)) u.stop();
    for (const s of scripts.splice(0)) s.cleanup();
  });

  it("a tap is a card in the chip's field for holdMs; a second tap of a card still there extends it; tap-many puts several at once", async () => {
    const u = make();
    await u.advanceTo(100);
    u.tap("04a1b2c3d4e5f6");
    expect(u.cardsInField()).toEqual(["04A1B2C3D4E5F6"]);
    await u.advanceTo(300);
    u.tap("04A1B2C3D4E5F6", 500);
    await u.advanceTo(700);
    expect(u.cardsInField()).toEqual(["04A1B2C3D4E5F6"]);
    await u.advanceTo(801);
    expect(u.cardsInField()).toEqual([]);
    const p = u.chip.field.presences;
    expect(p.map((x) => [x.enter, x.leave])).toEqual([[100, 800]]);
    expect(Array.from(p[0]?.card.uid || [])).toEqual(uidBytes("04A1B2C3D4E5F6"));
    u.tapMany(["A1B2C3D4", "0102030405060708090A"], 200);
    expect(u.cardsInField().sort()).toEqual(["0102030405060708090A", "A1B2C3D4"]);
    await u.advance(201);
    expect(u.cardsInField()).toEqual([]);
    expect(() => u.tap("ABC")).toThrow(/4, 7 or 10 bytes/);
  });

  it("the vehicle: plug B, request C, suspend B, unplug A; it draws power only in C with the contact closed", async () => {
    const u = make();
    await u.advanceTo(100);
    expect(u.pilot()).toBe("A");
    u.plug();
    await u.advance(100);
    expect(u.board.pilot.state()).toBe("B");
    u.request();
    await u.advance(1000);
    expect(u.relayCommand()).toBe(true);
    expect(u.relayContact()).toBe(true);
    const pulses = u.board.meter.pulsesEmitted;
    await u.advance(3600);
    // 7.4 kW for 3.6 s = 7.4 Wh = 7 or 8 pulses of 1 Wh
    expect(u.board.meter.pulsesEmitted - pulses).toBeGreaterThanOrEqual(Math.floor(VEHICLE_WATTS / 1000) - 1);
    u.suspend();
    await u.advance(200);
    const idle = u.board.meter.pulsesEmitted;
    await u.advance(5000);
    expect(u.board.meter.pulsesEmitted - idle).toBeLessThanOrEqual(1);
    u.unplug();
    await u.advance(100);
    expect(u.board.pilot.state()).toBe("A");
  });

  it("weld keeps the contact closed whatever the coil does, until freed", async () => {
    const u = make();
    u.request();
    await u.advance(500);
    u.weld(true);
    u.unplug();
    await u.advance(500);
    expect(u.relayCommand()).toBe(false);
    expect(u.relayContact()).toBe(true);
    u.weld(false);
    expect(u.relayContact()).toBe(false);
  });

  it("reader faults: hang silences the chip until a power cycle; reset is a brown-out; noise is reported", async () => {
    const u = make();
    // the stand-in firmware does not drive the reader: release NRSTPD by hand, as a firmware does
    u.board.readerReset.write(true);
    await u.advance(100);
    expect(readVersion(u)).toBe(0x92);
    u.readerFault("hang");
    expect(readVersion(u)).toBe(0x00);
    u.board.readerReset.write(false);
    u.board.readerReset.write(true);
    expect(readVersion(u)).toBe(0x00);
    u.readerFault("noise");
    expect(u.readerFaults()).toEqual(["hang", "noise"]);
    u.powerCycle();
    expect(readVersion(u)).toBe(0x00);
    u.board.readerReset.write(true);
    await u.advance(100);
    expect(u.readerFaults()).toEqual([]);
    expect(readVersion(u)).toBe(0x92);
    // brown-out: registers back to reset values (TModeReg resets to 00h)
    u.chip.transfer(new Uint8Array([Reg.TMode << 1, 0x8d]));
    expect(u.chip.peek(Reg.TMode)).toBe(0x8d);
    u.readerFault("reset");
    expect(u.chip.peek(Reg.TMode)).toBe(0x00);
  });

  it("power cycle: the firmware boots again from flash; the reader chip is held in reset until the firmware releases it", async () => {
    const s = writeScript('E.on("init", function () { print("boot " + getTime()); setInterval(function () {}, 1000); });');
    scripts.push(s);
    const u = make(s.file);
    expect(u.board.readerReset.isHigh()).toBe(false);
    await u.advanceTo(2500);
    u.powerCycle();
    await u.advance(10);
    expect(u.runner.console).toEqual(["boot 0", "boot 2.5"]);
    expect(u.lastBootAt()).toBe(2500);
    expect(u.chargerStatus().error).toMatch(/no CHARGER object/);
    expect(() => u.changeConfigurationLocally("HeartbeatInterval", "60")).toThrow(/no CHARGER object/);
  });

  it("advances from timer to timer without a network; an `at` already passed is no error", async () => {
    const s = writeScript('var n = 0; E.on("init", function () { setInterval(function () { n++; }, 1000); });');
    scripts.push(s);
    const u = make(s.file);
    const t0 = Date.now();
    await u.advance(3600 * 1000);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(u.runner.evaluate("n")).toBe(3600);
    await u.advanceTo(5);
    expect(u.clockMs).toBe(3600 * 1000);
  });

  it("the light is judged no further back than the last boot", async () => {
    const s = writeScript('E.on("init", function () { analogWrite(D26, 1); });');
    scripts.push(s);
    const u = make(s.file);
    await u.advanceTo(300);
    expect(u.led(1000).label).toBe("green/solid");
    expect(u.board.led.observe(1000).label).toBe("off");
  });

  it("reads CHARGER.status() and calls CHARGER.changeConfiguration of the firmware", async () => {
    const u = make();
    await u.advance(100);
    expect(u.chargerStatus().status).toMatchObject({ status: "Available", online: false, lastAuth: "None" });
    expect(u.changeConfigurationLocally("ConnectionTimeOut", "45")).toBe("Accepted");
    expect(u.runner.evaluateJSON("configured")).toEqual(["ConnectionTimeOut=45"]);
  });
});
