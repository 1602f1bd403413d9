// The real device bundle, built by the project's build, running under the Espruino shim on a
// simulated board: the artifact that is flashed is the one tested. Written to hold both for
// today's composition root (which blinks the light green) and for the charger that replaces it
// (which exposes global CHARGER with status()).
import { DEFAULT_UNIT_CONFIG } from "../../../firmware/config/default-unit";
import { saveUnitConfig } from "../../../firmware/config/unit-file";
import { SimBoard } from "../../../hal/sim/board";
import { BundleRunner, runBundle } from "../../../tools/sim/bundle-runner";
import { Mfrc522Sim } from "../../../hal/sim/mfrc522/mfrc522-sim";
import { buildBundle, BuiltBundle } from "./support/build-bundle";

describe("dist/firmware.js under the Espruino shim", () => {
  let bundle: BuiltBundle;
  const runners: BundleRunner[] = [];
  beforeAll(async () => {
    bundle = await buildBundle("firmware", "firmware/main.ts");
  });
  afterAll(() => bundle.cleanup());
  afterEach(() => {
    for (const r of runners.splice(0)) r.stop();
  });
  const boot = (board: SimBoard) => {
    // the charger has a card reader: an MFRC522 on the reader bus (without one it reports a fault, red)
    board.setReaderSpi(new Mfrc522Sim(board.clock));
    const r = runBundle({ file: bundle.file, board });
    runners.push(r);
    return r;
  };

  it("boots without uncaught errors, keeps the contactor open and the watchdog fed, touches only wired pins", async () => {
    const board = new SimBoard();
    const r = boot(board);
    await r.advance(5000);
    expect(r.errors).toEqual([]);
    expect(board.relay.coil.changes()).toEqual([{ t: 0, high: false }]);
    expect(board.watchdog.isEnabled()).toBe(true);
    expect(board.watchdog.resets).toBe(0);
    expect(r.shim.pinAccesses).toEqual([]);
    expect(r.shim.spiSetup).toEqual({ sck: "D18", miso: "D19", mosi: "D23", baud: 4000000, mode: 0 });
    expect(board.led.observe(3000).color).toBe("green");
    if (r.global("CHARGER") === undefined) {
      expect(board.led.observe(3000).label).toBe("green/blink");
      expect(r.console).toEqual(["started"]);
    } else {
      const status = r.evaluateJSON("CHARGER.status()");
      expect(status !== null && typeof status === "object").toBe(true);
    }
  });

  it("follows the wiring in the unit's unit.json", async () => {
    const board = new SimBoard();
    saveUnitConfig(board.storage, Object.assign({}, DEFAULT_UNIT_CONFIG, { led: { red: "D25", green: "D21", blue: "D27" } }));
    const r = boot(board);
    await r.advance(3000);
    expect(r.errors).toEqual([]);
    expect(board.led.observe(3000).color).toBe("green");
    expect(r.shim.pwmFrequency.D21).toBe(1000);
    expect(r.shim.pinAccesses).toEqual([]);
  });

  it("comes back after a power cycle with the same behaviour", async () => {
    const board = new SimBoard();
    const r = boot(board);
    await r.advance(2000);
    r.powerCycle();
    await r.advance(3000);
    expect(r.errors).toEqual([]);
    expect(r.boots.map((b) => b.reason)).toEqual(["start", "power-cycle"]);
    expect(board.led.observe(2500).color).toBe("green");
    expect(board.relay.coil.isHigh()).toBe(false);
  });
});
