import { classifyPilot, PilotDebouncer, pilotDutyFor, PILOT_STABLE_SAMPLES } from "../../../firmware/pilot/pilot-sense";

describe("pilot state from the sensed level (IEC 61851 A-F)", () => {
  test("nominal levels", () => {
    expect([12, 9, 6, 3, 0, -12].map((v) => classifyPilot(v, undefined))).toEqual(["A", "B", "C", "D", "E", "F"]);
  });
  test("hysteresis: near a threshold the current state holds", () => {
    expect(classifyPilot(7.3, undefined)).toBe("C");
    expect(classifyPilot(7.3, "B")).toBe("B"); // B holds down to 7.0
    expect(classifyPilot(6.9, "B")).toBe("C");
    expect(classifyPilot(7.7, "C")).toBe("C"); // C holds up to 8.0
    expect(classifyPilot(8.1, "C")).toBe("B");
  });
  test("debounce: a state counts after consecutive agreeing samples; a glitch is ignored", () => {
    const d = new PilotDebouncer();
    for (let i = 0; i < PILOT_STABLE_SAMPLES - 1; i++) expect(d.sample(9)).toBe(false);
    expect(d.sample(9)).toBe(true);
    expect(d.state()).toBe("B");
    expect(d.sample(6)).toBe(false); // one sample of C
    expect(d.sample(9)).toBe(false);
    expect(d.state()).toBe("B");
    for (let i = 0; i < PILOT_STABLE_SAMPLES - 1; i++) d.sample(6);
    expect(d.sample(6)).toBe(true);
    expect(d.state()).toBe("C");
  });
  test("PWM duty advertises MaxCurrent: amps / 0.6 % for 6-51 A, 100 % otherwise", () => {
    expect(pilotDutyFor(6)).toBeCloseTo(0.1);
    expect(pilotDutyFor(16)).toBeCloseTo(0.2667, 3);
    expect(pilotDutyFor(32)).toBeCloseTo(0.5333, 3);
    expect(pilotDutyFor(51)).toBeCloseTo(0.85);
    expect(pilotDutyFor(0)).toBe(1);
    expect(pilotDutyFor(5)).toBe(1);
  });
});
