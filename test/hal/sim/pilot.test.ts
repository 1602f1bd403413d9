import { SimClock } from "../../../hal/sim/clock";
import { SimPilot, PilotState, PILOT_STATE_VOLTS } from "../../../hal/sim/pilot";
import { pilotSenseToVolts } from "../../../hal/board";

describe("SimPilot", () => {
  test("starts in A (no vehicle, 12 V)", () => {
    const pilot = new SimPilot(new SimClock());
    expect(pilot.state()).toBe("A");
    expect(pilotSenseToVolts(pilot.sense.read())).toBeCloseTo(12);
  });

  test.each([
    ["A", 12], ["B", 9], ["C", 6], ["D", 3], ["E", 0], ["F", -12],
  ] as [PilotState, number][])("state %s reads back as %d V through the sense mapping", (state, volts) => {
    const pilot = new SimPilot(new SimClock());
    pilot.setState(state);
    expect(PILOT_STATE_VOLTS[state]).toBe(volts);
    expect(pilot.state()).toBe(state);
    const sense = pilot.sense.read();
    expect(sense).toBeGreaterThanOrEqual(0);
    expect(sense).toBeLessThanOrEqual(1);
    expect(pilotSenseToVolts(sense)).toBeCloseTo(volts, 9);
  });

  test("the sense reads the state's high level whatever the PWM duty (peak detector)", () => {
    const pilot = new SimPilot(new SimClock());
    pilot.setState("C");
    for (const duty of [1, 0.5, 0.1, 0.0]) {
      pilot.pwm.setDuty(duty);
      expect(pilotSenseToVolts(pilot.sense.read())).toBeCloseTo(6, 9);
    }
  });

  test("records the PWM duty with simulated times", () => {
    const clock = new SimClock();
    const pilot = new SimPilot(clock);
    clock.advance(100);
    pilot.pwm.setDuty(1);
    clock.advance(400);
    pilot.pwm.setDuty(0.266);
    clock.advance(1000);
    pilot.pwm.setDuty(0.1);
    expect(pilot.dutyHistory()).toEqual([{ t: 0, v: 0 }, { t: 100, v: 1 }, { t: 500, v: 0.266 }, { t: 1500, v: 0.1 }]);
    expect(pilot.pwm.frequencyHz).toBe(1000);
  });

  test("an unknown state is a clear error and changes nothing", () => {
    const pilot = new SimPilot(new SimClock());
    pilot.setState("B");
    expect(() => pilot.setState("G" as PilotState)).toThrow(/A, B, C, D, E, F/);
    expect(pilot.state()).toBe("B");
  });
});
