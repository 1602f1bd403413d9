import { harness } from "../support/shim-harness";
import { DEFAULT_UNIT_CONFIG } from "../../../../firmware/config/default-unit";
import { saveUnitConfig } from "../../../../firmware/config/unit-file";
import { SimBoard } from "../../../../hal/sim/board";

describe("pins routed to the simulated board by the unit's pin map", () => {
  it("drives the LED channels with analogWrite and records the PWM frequency", () => {
    const h = harness();
    h.run("analogWrite(D25, 0.25, { freq: 1000 }); analogWrite(D26, 1, { freq: 1000 }); analogWrite(D27, 0);");
    expect(h.board.led.rgb()).toEqual([0.25, 1, 0]);
    expect(h.shim.pwmFrequency).toEqual({ D25: 1000, D26: 1000 });
    h.run("digitalWrite(D26, 0); D27.set();");
    expect(h.board.led.rgb()).toEqual([0.25, 0, 1]);
  });

  it("drives the relay coil; its feedback contact follows and is read and watched on the feedback pin", () => {
    const h = harness();
    h.run("var edges = []; setWatch(function (e) { edges.push([e.state, e.time, e.lastTime]); }, D33, { edge: 'both', repeat: true, debounce: 0 });");
    h.board.clock.advance(100);
    h.run("digitalWrite(D32, 1);");
    expect(h.board.relay.coil.isHigh()).toBe(true);
    expect(h.json("digitalRead(D33)")).toBe(0);
    h.board.clock.advance(h.board.relay.delayMs);
    expect(h.json("[digitalRead(D33), D33.read()]")).toEqual([1, true]);
    h.board.clock.advance(200);
    h.run("D32.reset();");
    h.board.clock.advance(50);
    const d = h.board.relay.delayMs;
    const closed = (100 + d) / 1000;
    const opened = (100 + d + 200 + d) / 1000;
    expect(h.json("edges")).toEqual([[true, closed, 0], [false, opened, closed]]);
  });

  it("drives the pilot PWM and reads the pilot sense with analogRead", () => {
    const h = harness();
    h.run("analogWrite(D13, 0.5, { freq: 1000 });");
    expect(h.board.pilot.pwm.duty()).toBe(0.5);
    expect(h.json("analogRead(D34)")).toBeCloseTo(1, 6);
    h.board.pilot.setState("B");
    expect(h.json("analogRead(D34)")).toBeCloseTo((9 + 12) / 24, 6);
  });

  it("counts the meter's S0 pulses with a rising-edge watch", () => {
    const h = harness();
    h.run("var pulses = 0; setWatch(function () { pulses++; }, D35, { edge: 'rising', repeat: true, debounce: 5 });");
    h.board.meter.addEnergy(5);
    h.board.clock.advance(1000);
    expect(h.board.meter.pulsesEmitted).toBe(5);
    expect(h.json("pulses")).toBe(5);
  });

  it("debounces: a glitch shorter than the debounce time is not reported; a stable level is, with its edge time", () => {
    const h = harness();
    h.run("var seen = []; setWatch(function (e) { seen.push([e.state, e.time]); }, D35, { edge: 'both', repeat: true, debounce: 10 });");
    const pin = h.board.meter.pin;
    h.board.clock.advance(100);
    pin.set(true);
    h.board.clock.advance(3);
    pin.set(false);
    h.board.clock.advance(50);
    expect(h.json("seen")).toEqual([]);
    pin.set(true);
    h.board.clock.advance(50);
    expect(h.json("seen")).toEqual([[true, 0.153]]);
  });

  it("watches once without repeat, and clearWatch of an unknown id throws like Espruino", () => {
    const h = harness();
    h.run("var n = 0; var id = setWatch(function () { n++; }, D35, { edge: 'rising' });");
    h.board.meter.pin.set(true);
    h.board.meter.pin.set(false);
    h.board.meter.pin.set(true);
    expect(h.json("n")).toBe(1);
    expect(() => h.shim.evaluate("clearWatch(id)")).toThrow("Unknown Watch");
    expect(() => h.shim.evaluate("setWatch(function () {}, D35, { edge: 'up' })")).toThrow("'edge' in setWatch");
  });

  it("records the reader reset line", () => {
    const h = harness();
    h.board.clock.advance(10);
    h.run("digitalWrite(D22, 0); digitalWrite(D22, 1);");
    expect(h.board.readerReset.isHigh()).toBe(true);
    expect(h.board.readerReset.changes()).toEqual([{ t: 0, high: false }, { t: 10, high: true }]);
  });

  it("lets the firmware use a pin that is not wired (it floats) and records it", () => {
    const h = harness();
    h.run("pinMode(D4, 'output'); digitalWrite(D4, 1); var back = digitalRead(D4); analogWrite(D2, 0.5); var a = analogRead(D36); setWatch(function () {}, D15, {});");
    expect(h.json("[back, a, getPinMode(D4), D4.getMode()]")).toEqual([1, 0, "output", "output"]);
    expect(h.shim.uncaught).toEqual([]);
    expect(h.shim.pinAccesses.map((p) => p.pin + " " + p.op)).toEqual(["D4 digitalWrite", "D4 digitalRead", "D2 analogWrite", "D36 analogRead", "D15 setWatch"]);
  });

  it("reading an output whose mode was not set by hand makes it an input, as on Espruino: the contactor drops", () => {
    const h = harness();
    h.run("digitalWrite(D32, 1); analogWrite(D26, 1);");
    expect(h.board.relay.coil.isHigh()).toBe(true);
    expect(h.json("[D32.read(), getPinMode(D32), digitalRead(D26)]")).toEqual([false, "input", 0]);
    expect(h.board.relay.coil.isHigh()).toBe(false);
    expect(h.board.led.green.duty()).toBe(0);
    expect(h.shim.pinAccesses.map((p) => p.pin + " " + p.op)).toEqual(["D32 digitalRead (an output became an input)", "D26 digitalRead (an output became an input)"]);
    // with the mode set by hand the output keeps driving and reads back
    h.run("pinMode(D32, 'output'); digitalWrite(D32, 1);");
    expect(h.json("digitalRead(D32)")).toBe(1);
    expect(h.board.relay.coil.isHigh()).toBe(true);
  });

  it("records a wired pin used for what it is not wired for (analogWrite on the feedback input)", () => {
    const h = harness();
    h.run("analogWrite(D33, 0.5);");
    expect(h.shim.pinAccesses).toEqual([{ pin: "D33", op: "analogWrite", role: "relayFeedback", count: 1 }]);
  });

  it("throws for something that is not a pin", () => {
    const h = harness();
    expect(() => h.shim.evaluate("digitalWrite(undefined, 1)")).toThrow("Invalid pin");
    expect(() => h.shim.evaluate("digitalWrite(40, 1)")).toThrow("Invalid pin");
    expect(h.json('digitalWrite("D32", 1), getPinMode(32)')).toBe("output");
  });

  it("wires the board from unit.json when the flash has one", () => {
    const board = new SimBoard();
    saveUnitConfig(board.storage, Object.assign({}, DEFAULT_UNIT_CONFIG, { relay: "D21" }));
    const h = harness({ board });
    h.run("digitalWrite(D21, 1); digitalWrite(D32, 1);");
    expect(board.relay.coil.isHigh()).toBe(true);
    expect(h.shim.pinAccesses.map((p) => p.pin)).toEqual(["D32"]);
  });
});
