import { SimClock } from "../../../hal/sim/clock";
import { SimMeter } from "../../../hal/sim/meter";

function countPulses(meter: SimMeter) {
  const rises: number[] = [];
  const falls: number[] = [];
  meter.pin.watch("rising", (h, t) => rises.push(t));
  meter.pin.watch("falling", (h, t) => falls.push(t));
  return { rises, falls };
}

describe("SimMeter", () => {
  test("addEnergy: one 30 ms pulse per Wh at 1000 pulses/kWh, spaced by 30 ms pauses", () => {
    const clock = new SimClock();
    const meter = new SimMeter(clock);
    const { rises, falls } = countPulses(meter);
    meter.addEnergy(3);
    expect(rises).toEqual([0]); // the first pulse starts at once
    clock.advance(1000);
    expect(rises).toEqual([0, 60, 120]);
    expect(falls).toEqual([30, 90, 150]);
    expect(meter.pulsesEmitted).toBe(3);
    expect(meter.energyWh()).toBe(3);
  });

  test("energy below one pulse is carried over", () => {
    const clock = new SimClock();
    const meter = new SimMeter(clock, 500); // 2 Wh per pulse
    const { rises } = countPulses(meter);
    meter.addEnergy(1.5);
    clock.advance(500);
    expect(rises.length).toBe(0);
    meter.addEnergy(0.5);
    clock.advance(500);
    expect(rises.length).toBe(1);
    for (let i = 0; i < 10; i++) meter.addEnergy(0.2);
    clock.advance(500);
    expect(rises.length).toBe(2);
  });

  test("constant power: pulses as simulated time passes, energy from pulses matches", () => {
    const clock = new SimClock();
    const meter = new SimMeter(clock); // 1 Wh per pulse
    const { rises } = countPulses(meter);
    meter.setPower(7200); // 2 Wh per second
    clock.advance(60000);
    expect(meter.energyWh()).toBeCloseTo(120, 6);
    expect(rises.length).toBeGreaterThanOrEqual(119);
    expect(rises.length).toBeLessThanOrEqual(120);
    // evenly spaced, about every 500 ms
    const gaps = rises.slice(1).map((t, i) => t - rises[i]!);
    for (const g of gaps) expect(Math.abs(g - 500)).toBeLessThanOrEqual(1);
    meter.setPower(0);
    const n = rises.length;
    clock.advance(60000);
    expect(rises.length).toBeLessThanOrEqual(n + 1);
    expect(meter.energyWh()).toBeCloseTo(120, 6);
  });

  test("power changes keep the energy exact (pulses never lost or invented)", () => {
    const clock = new SimClock();
    const meter = new SimMeter(clock, 1000);
    const { rises } = countPulses(meter);
    const steps: [number, number][] = [[11000, 37000], [3700, 20000], [22000, 15000], [0, 5000]];
    let expected = 0;
    for (const [w, ms] of steps) {
      meter.setPower(w);
      clock.advance(ms);
      expected += (w * ms) / 3600000;
    }
    meter.addEnergy(2.5);
    expected += 2.5;
    clock.advance(100000);
    expect(meter.energyWh()).toBeCloseTo(expected, 6);
    expect(rises.length).toBe(Math.floor(expected + 1e-9));
  });

  test("energy faster than the S0 rate queues pulses instead of losing them", () => {
    const clock = new SimClock();
    const meter = new SimMeter(clock);
    const { rises } = countPulses(meter);
    meter.addEnergy(50);
    expect(meter.pendingPulses()).toBe(49);
    clock.advance(50 * 60);
    expect(rises.length).toBe(50);
    expect(meter.pendingPulses()).toBe(0);
  });

  test("bad input is a clear error", () => {
    const meter = new SimMeter(new SimClock());
    expect(() => meter.addEnergy(-1)).toThrow(/Wh >= 0/);
    expect(() => meter.setPower(NaN)).toThrow(/watts >= 0/);
    expect(() => new SimMeter(new SimClock(), -5)).toThrow(/pulsesPerKWh/);
  });
});
