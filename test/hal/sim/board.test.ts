import { Board } from "../../../hal/board";
import { SimBoard } from "../../../hal/sim/board";
import { SimClock } from "../../../hal/sim/clock";
import { SimStorage } from "../../../hal/sim/storage";
import { SpiBus } from "../../../hal/spi";

describe("SimBoard", () => {
  test("the firmware's view (Board) and the test's parts are the same hardware", () => {
    const sim = new SimBoard();
    const b: Board = sim.board;
    b.relay.write(true);
    b.led.blue.setDuty(1);
    b.pilotPwm.setDuty(0.5);
    b.readerReset.write(true);
    sim.pilot.setState("C");
    sim.clock.advance(20);
    expect(sim.relay.contactClosed()).toBe(true);
    expect(b.relayFeedback.read()).toBe(true);
    expect(sim.led.observe(10).label).toBe("blue/solid");
    expect(sim.pilot.dutyHistory().map((e) => e.v)).toEqual([0, 0.5]);
    expect(b.pilotSense.read()).toBe(sim.pilot.sense.read());
    expect(sim.readerReset.isHigh()).toBe(true);
    expect(b.clock).toBe(sim.clock);
    expect(b.storage).toBe(sim.storage);
    expect(b.watchdog).toBe(sim.watchdog);
  });

  test("meter pulses reach the firmware's watch on the board", () => {
    const sim = new SimBoard({ meterPulsesPerKWh: 1000 });
    let pulses = 0;
    sim.board.meterPulses.watch("rising", () => pulses++);
    sim.meter.addEnergy(5);
    sim.clock.advance(1000);
    expect(pulses).toBe(5);
  });

  test("reader bus: 0x00 bytes until a device model is plugged in, then the model answers", () => {
    const sim = new SimBoard();
    expect(Array.from(sim.board.readerSpi.transfer(new Uint8Array([0x80 | (0x37 << 1), 0])))).toEqual([0, 0]);
    const seen: number[][] = [];
    const model: SpiBus = { transfer: (tx) => { seen.push(Array.from(tx)); return new Uint8Array(tx.length).fill(0x92); } };
    sim.setReaderSpi(model);
    expect(Array.from(sim.board.readerSpi.transfer(new Uint8Array([0xee, 0])))).toEqual([0x92, 0x92]);
    expect(seen).toEqual([[0xee, 0]]);
    sim.setReaderSpi(undefined);
    expect(Array.from(sim.board.readerSpi.transfer(new Uint8Array([1])))).toEqual([0]);
    expect(sim.spiTransfers).toBe(3);
  });

  test("log records lines, also when the function is passed around on its own", () => {
    const echoed: string[] = [];
    const sim = new SimBoard({ echo: (l) => echoed.push(l) });
    const log = sim.board.log;
    log("booted");
    sim.board.log("second");
    expect(sim.logLines).toEqual(["booted", "second"]);
    expect(echoed).toEqual(["booted", "second"]);
  });

  test("storage and clock can be kept across a power cycle: a new board sees the old flash", () => {
    const clock = new SimClock();
    const storage = new SimStorage({ pages: 8, pageSize: 512 });
    const first = new SimBoard({ clock, storage });
    first.board.storage.write("unit.json", '{"x":1}');
    clock.clearAll();
    storage.powerCycle();
    const second = new SimBoard({ clock, storage });
    expect(String.fromCharCode(...second.board.storage.read("unit.json")!)).toBe('{"x":1}');
    expect(second.relay.contactClosed()).toBe(false);
  });

  test("the watchdog resets an unkicked board", () => {
    const sim = new SimBoard();
    sim.board.watchdog.enable(5000);
    sim.clock.advance(5000);
    expect(sim.watchdog.resets).toBe(1);
  });
});
