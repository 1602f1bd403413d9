import { Cancel, Clock } from "../../../hal/clock";
import { WallClock } from "../../../firmware/time/wall-clock";

/** A monotonic clock reading fractional ms, as Espruino's getTime() * 1000 does. */
class FractionalClock implements Clock {
  t = 1234.5678;
  now(): number {
    return this.t;
  }
  after(): Cancel {
    return function () {};
  }
  every(): Cancel {
    return function () {};
  }
}

describe("WallClock", () => {
  test("is unknown until the backend sets it", () => {
    const w = new WallClock(new FractionalClock());
    expect(w.isKnown()).toBe(false);
    expect(w.nowEpochMs()).toBeUndefined();
    expect(w.nowEpochS()).toBeUndefined();
  });

  test("follows the monotonic clock in whole milliseconds", () => {
    const c = new FractionalClock();
    const w = new WallClock(c);
    w.set(1712345678901);
    expect(w.nowEpochMs()).toBe(1712345678901);
    c.t += 2500.75;
    expect(w.nowEpochMs()).toBe(1712345681401);
    expect(Number.isInteger(w.nowEpochMs())).toBe(true);
    expect(JSON.stringify({ t: w.nowEpochMs() })).toBe('{"t":1712345681401}');
    expect(w.nowEpochS()).toBe(1712345681);
  });
});
