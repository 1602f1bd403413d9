import { SimClock } from "../../../hal/sim/clock";
import { SimAnalog, SimInputPin, SimOutputPin, SimPwm } from "../../../hal/sim/pins";
import { SignalHistory } from "../../../hal/sim/signal-history";

describe("simulated pins", () => {
  test("output pin records level changes with simulated time; repeated writes are counted, not recorded", () => {
    const clock = new SimClock();
    const pin = new SimOutputPin(clock);
    const seen: boolean[] = [];
    const stop = pin.onChange((h) => seen.push(h));
    clock.advance(10);
    pin.write(true);
    pin.write(true);
    clock.advance(5);
    pin.write(false);
    stop();
    pin.write(true);
    expect(pin.isHigh()).toBe(true);
    expect(pin.writes).toBe(4);
    expect(pin.changes()).toEqual([
      { t: 0, high: false },
      { t: 10, high: true },
      { t: 15, high: false },
      { t: 15, high: true },
    ]);
    expect(seen).toEqual([true, false]);
  });

  test("input pin: edges go to matching watchers with the time; cancel stops them", () => {
    const clock = new SimClock();
    const pin = new SimInputPin(clock);
    const rising: number[] = [];
    const falling: number[] = [];
    const both: [boolean, number][] = [];
    pin.watch("rising", (h, t) => rising.push(t));
    const stopFalling = pin.watch("falling", (h, t) => falling.push(t));
    pin.watch("both", (h, t) => both.push([h, t]));
    clock.advance(100);
    pin.set(true);
    pin.set(true); // no edge
    clock.advance(30);
    pin.set(false);
    stopFalling();
    stopFalling();
    clock.advance(30);
    pin.set(true);
    pin.set(false);
    expect(rising).toEqual([100, 160]);
    expect(falling).toEqual([130]);
    expect(both).toEqual([[true, 100], [false, 130], [true, 160], [false, 160]]);
    expect(pin.read()).toBe(false);
    expect(pin.watcherCount()).toBe(2);
  });

  test("a watcher cancelled by another watcher during the same edge is not called", () => {
    const clock = new SimClock();
    const pin = new SimInputPin(clock);
    const calls: string[] = [];
    let stopSecond = () => {};
    pin.watch("both", () => {
      calls.push("first");
      stopSecond();
    });
    stopSecond = pin.watch("both", () => calls.push("second"));
    pin.set(true);
    expect(calls).toEqual(["first"]);
  });

  test("PWM records duty history; out-of-range duty throws RANGE", () => {
    const clock = new SimClock();
    const pwm = new SimPwm(clock, 1000);
    clock.advance(5);
    pwm.setDuty(0.5);
    clock.advance(5);
    pwm.setDuty(0.5);
    pwm.setDuty(1);
    expect(pwm.duty()).toBe(1);
    expect(pwm.writes).toBe(3);
    expect(pwm.history.entries()).toEqual([{ t: 0, v: 0 }, { t: 5, v: 0.5 }, { t: 10, v: 1 }]);
    expect(pwm.dutyAt(7)).toBe(0.5);
    expect(pwm.dutyAt(10)).toBe(1);
    let code = "";
    try { pwm.setDuty(-0.1); } catch (e) { code = (e as { code: string }).code; }
    expect(code).toBe("RANGE");
    expect(pwm.duty()).toBe(1);
  });

  test("analog input returns what the test set, counts reads, rejects values outside 0..1", () => {
    const clock = new SimClock();
    const a = new SimAnalog(clock, 0.25);
    expect(a.read()).toBe(0.25);
    a.set(0.75);
    expect(a.read()).toBe(0.75);
    expect(a.reads).toBe(2);
    expect(() => a.set(2)).toThrow(/0 to 1/);
  });

  test("history is a bounded ring: the oldest changes go, levels stay right within it", () => {
    const h = new SignalHistory(4, 0, 0);
    for (let i = 1; i <= 10; i++) h.push(i * 10, i);
    expect(h.length()).toBe(4);
    expect(h.entries()).toEqual([{ t: 70, v: 7 }, { t: 80, v: 8 }, { t: 90, v: 9 }, { t: 100, v: 10 }]);
    expect(h.levelAt(85)).toBe(8);
    expect(h.levelAt(1000)).toBe(10);
    expect(h.levelAt(5)).toBe(7); // before the retained history: the oldest value kept
    expect(h.push(110, 10)).toBe(false);
  });
});
