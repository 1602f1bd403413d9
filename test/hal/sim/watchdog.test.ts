import { SimClock } from "../../../hal/sim/clock";
import { SimWatchdog } from "../../../hal/sim/watchdog";

describe("SimWatchdog", () => {
  test("kicked in time: no reset", () => {
    const clock = new SimClock();
    const wd = new SimWatchdog(clock);
    wd.enable(1000);
    clock.every(900, () => wd.kick());
    clock.advance(60000);
    expect(wd.resets).toBe(0);
    expect(wd.isEnabled()).toBe(true);
  });

  test("not kicked within the timeout: a reset is reported once, at the deadline", () => {
    const clock = new SimClock();
    const wd = new SimWatchdog(clock);
    const at: number[] = [];
    wd.onReset((t) => at.push(t));
    wd.enable(1000);
    clock.advance(500);
    wd.kick();
    clock.advance(999);
    expect(wd.resets).toBe(0);
    clock.advance(1);
    expect(wd.resets).toBe(1);
    expect(at).toEqual([1500]);
    expect(wd.isEnabled()).toBe(false);
    clock.advance(10000);
    expect(wd.resets).toBe(1);
  });

  test("a firmware that stops kicking after a while is caught", () => {
    const clock = new SimClock();
    const wd = new SimWatchdog(clock);
    wd.enable(2000);
    const stop = clock.every(500, () => wd.kick());
    clock.advance(10000);
    stop();
    clock.advance(1999);
    expect(wd.resets).toBe(0);
    clock.advance(1);
    expect(wd.resets).toBe(1);
  });

  test("kicks before enable do nothing; disarm stops it without a reset; enable validates", () => {
    const clock = new SimClock();
    const wd = new SimWatchdog(clock);
    wd.kick();
    clock.advance(10000);
    expect(wd.resets).toBe(0);
    expect(wd.kicks).toBe(1);
    wd.enable(100);
    wd.disarm();
    clock.advance(1000);
    expect(wd.resets).toBe(0);
    expect(() => wd.enable(0)).toThrow(/timeout/);
  });
});
