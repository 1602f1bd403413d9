// SimClock.spend: time passing inside a synchronous call (used by the simulated MFRC522 per SPI call).
import { SimClock } from "../../../hal/sim/clock";

test("spend moves now() without firing timers; they fire late at the next advance, time never goes back", () => {
  const clock = new SimClock();
  const fired: number[] = [];
  clock.after(5, () => fired.push(clock.now()));
  clock.spend(8);
  expect(clock.now()).toBe(8);
  expect(fired).toEqual([]);
  clock.advance(1);
  expect(fired).toEqual([8]);
  expect(clock.now()).toBe(9);
});

test("a timer callback that spends time does not pull the clock back for the next timer", () => {
  const clock = new SimClock();
  const seen: number[] = [];
  clock.after(1, () => clock.spend(3));
  clock.after(2, () => seen.push(clock.now()));
  clock.every(10, () => seen.push(clock.now()));
  clock.advance(10);
  expect(seen).toEqual([4, 10]);
  clock.spend(15);
  expect(clock.runUntilIdle(1)).toBeGreaterThanOrEqual(25);
  expect(seen).toEqual([4, 10, 25]);
});
