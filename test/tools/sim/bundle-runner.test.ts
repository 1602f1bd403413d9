import * as path from "path";
import { SimBoard } from "../../../hal/sim/board";
import { SimStorage } from "../../../hal/sim/storage";
import { BOOT_FILE, BundleRunner, installCode, runBundle } from "../../../tools/sim/bundle-runner";
import { NetworkLink } from "../../../tools/sim/network-link";
import { buildBundle, writeScript, BuiltBundle } from "./support/build-bundle";
import { Loopback, loopbackServer } from "./support/loopback";

const COUNTING_BOOTS = `(function () {
  var S = require("Storage");
  var boots = (S.readJSON("boots.json", true) || 0) + 1;
  S.writeJSON("boots.json", boots);
  E.on("init", function () {
    print("boot " + boots);
    setInterval(function () { print("tick " + boots); }, 100);
  });
})();`;

describe("runBundle", () => {
  const made: BuiltBundle[] = [];
  const runners: BundleRunner[] = [];
  const start = (source: string, board = new SimBoard(), network?: NetworkLink) => {
    const script = writeScript(source);
    made.push(script);
    const r = runBundle({ file: script.file, board, network });
    runners.push(r);
    return r;
  };
  afterEach(() => {
    for (const r of runners.splice(0)) r.stop();
    for (const m of made.splice(0)) m.cleanup();
  });

  it("installs the bundle in flash as .bootcde, loads it from there and emits init", async () => {
    const r = start(COUNTING_BOOTS);
    expect(r.board.storage.list()).toContain(BOOT_FILE);
    expect(r.boots).toEqual([{ atMs: 0, reason: "start", codeBytes: COUNTING_BOOTS.length }]);
    await r.advance(250);
    expect(r.console).toEqual(["boot 1", "tick 1", "tick 1"]);
  });

  it("power cycle: the program, its timers and watches go; the flash stays and the code boots again", async () => {
    const r = start(COUNTING_BOOTS);
    await r.advance(250);
    r.powerCycle();
    await r.advance(250);
    expect(r.console).toEqual(["boot 1", "tick 1", "tick 1", "boot 2", "tick 2", "tick 2"]);
    expect(r.boots.map((b) => [b.atMs, b.reason])).toEqual([[0, "start"], [250, "power-cycle"]]);
    expect(r.shim.counts().timers).toBe(1);
    expect(r.board.clock.pending()).toBe(1);
  });

  it("power cycle drops the outputs (contactor open, light off) until the program drives them again", async () => {
    const r = start('E.on("init", function () { if (require("Storage").read("second")) return; digitalWrite(D32, 1); analogWrite(D26, 1); require("Storage").write("second", "1"); });');
    await r.advance(100);
    expect(r.board.relay.coil.isHigh()).toBe(true);
    r.powerCycle();
    expect(r.board.relay.coil.isHigh()).toBe(false);
    expect(r.board.led.rgb()).toEqual([0, 0, 0]);
  });

  it("boots nothing when the flash has no code (as a unit whose .bootcde was erased)", async () => {
    const r = start(COUNTING_BOOTS);
    r.board.storage.erase(BOOT_FILE);
    r.powerCycle();
    await r.advance(500);
    expect(r.boots[1]).toEqual({ atMs: 0, reason: "power-cycle", codeBytes: 0 });
    expect(r.console).toEqual(["boot 1"]);
  });

  it("reboots when the watchdog bites", async () => {
    const r = start('E.on("init", function () { print("up at " + getTime()); E.enableWatchdog(2, false); });');
    await r.advance(4500);
    expect(r.console).toEqual(["up at 0", "up at 2", "up at 4"]);
    expect(r.boots.map((b) => b.reason)).toEqual(["start", "watchdog", "watchdog"]);
    expect(r.board.watchdog.resets).toBe(2);
  });

  it("reports an uncaught exception and goes on; errors of every boot are kept", async () => {
    const r = start('E.on("init", function () { setTimeout(function () { throw new Error("boom"); }, 10); });');
    await r.advance(20);
    r.powerCycle();
    await r.advance(20);
    expect(r.errors.map((e) => [e.line, e.where, e.atMs])).toEqual([["Uncaught Error: boom", "timer", 10], ["Uncaught Error: boom", "timer", 30]]);
  });

  it("advanceTo moves to an absolute simulated time and refuses the past", async () => {
    const r = start(COUNTING_BOOTS);
    await r.advanceTo(350);
    expect(r.board.clock.now()).toBe(350);
    expect(r.console).toEqual(["boot 1", "tick 1", "tick 1", "tick 1"]);
    await expect(r.advanceTo(100)).rejects.toThrow("in the past");
  });

  it("names the file when the bundle cannot be read", () => {
    expect(() => runBundle({ file: "/nonexistent/firmware.js", board: new SimBoard() })).toThrow(/cannot read \/nonexistent\/firmware.js.*npm run build/);
  });

  it("reinstalls changed code over old code, compacting a full flash once", () => {
    const storage = new SimStorage({ pages: 1, pageSize: 4096 });
    const board = new SimBoard({ storage });
    installCode(board, "x".repeat(1800));
    installCode(board, "x".repeat(1800));
    expect(storage.counters.operations).toBe(1);
    installCode(board, "y".repeat(1800));
    installCode(board, "z".repeat(1800));
    expect(storage.counters.compactions).toBe(1);
    expect(String.fromCharCode(...(storage.read(BOOT_FILE) as Uint8Array).subarray(0, 3))).toBe("zzz");
  });

  it("reads what the firmware exposes: evaluate, evaluateJSON, global", () => {
    const r = start('global.CHARGER = { status: function () { return { relay: "open", n: 2 }; } };');
    expect(r.evaluateJSON("CHARGER.status()")).toEqual({ relay: "open", n: 2 });
    expect(typeof r.global("CHARGER")).toBe("object");
    expect(r.evaluate("1 + 1")).toBe(2);
    expect(r.global("nothing")).toBeUndefined();
  });

  describe("with a real server on loopback", () => {
    let server: Loopback;
    beforeEach(async () => {
      server = await loopbackServer((chunk) => "echo " + chunk);
    });
    afterEach(() => server.close());

    it("lets replies arrive between simulated steps: each answer lands within a few simulated ms", async () => {
      const link = new NetworkLink();
      const r = start(`E.on("init", function () {
        var s = require("net").connect({ host: "127.0.0.1", port: ${server.port} }, function () {
          setInterval(function () { s.write(String(Math.round(getTime() * 1000))); }, 100);
        });
        s.on("data", function (d) { print(d + " at " + Math.round(getTime() * 1000)); });
      });`, new SimBoard(), link);
      await r.advance(1050);
      expect(r.console.length).toBeGreaterThanOrEqual(9);
      for (const line of r.console) {
        const m = /^echo (\d+) at (\d+)$/.exec(line);
        expect(m).not.toBeNull();
        const latency = Number(m![2]) - Number(m![1]);
        expect(latency).toBeGreaterThanOrEqual(0);
        expect(latency).toBeLessThanOrEqual(60);
      }
      expect(r.board.clock.now()).toBe(1050);
    });

    it("jumps straight from timer to timer when no connection is open", async () => {
      const r = start('E.on("init", function () { setInterval(function () {}, 1000); });', new SimBoard(), new NetworkLink());
      const t0 = Date.now();
      await r.advance(3600 * 1000);
      expect(Date.now() - t0).toBeLessThan(2000);
      expect(r.board.clock.now()).toBe(3600 * 1000);
    });

    it("runs the firmware's own Espruino socket binding against the server", async () => {
      const bundle = await buildBundle("socket-probe", path.relative(path.resolve(__dirname, "../../.."), path.join(__dirname, "fixtures/socket-probe.js")));
      made.push(bundle);
      const link = new NetworkLink({ route: () => ({ host: "127.0.0.1", port: server.port }) });
      const r = runBundle({ file: bundle.file, board: new SimBoard(), network: link });
      runners.push(r);
      await r.advance(500);
      expect(r.errors).toEqual([]);
      expect(r.console).toEqual(["connected", "data echo hello", "closed"]);
      expect(server.received).toEqual(["hello"]);
    });
  });
});
