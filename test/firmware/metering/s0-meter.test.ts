import { SimClock } from "../../../hal/sim/clock";
import { SimMeter } from "../../../hal/sim/meter";
import { S0Meter } from "../../../firmware/metering/s0-meter";

describe("S0 meter", () => {
  test("pulses give Wh at the meter constant, from the persisted base", () => {
    const clock = new SimClock();
    const sim = new SimMeter(clock, 500);
    const m = new S0Meter(sim.pin, 500, 1000);
    sim.addEnergy(10);
    clock.advance(10000);
    expect(m.pulseCount()).toBe(5);
    expect(m.wh()).toBe(1010);
  });
  test("a bad constant is refused with a clear error", () => {
    const clock = new SimClock();
    const sim = new SimMeter(clock);
    expect(() => new S0Meter(sim.pin, 0, 0)).toThrow(/pulsesPerKWh/);
  });
});
