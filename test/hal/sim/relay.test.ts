import { SimClock } from "../../../hal/sim/clock";
import { SimRelay, RELAY_DEFAULT_DELAY_MS } from "../../../hal/sim/relay";

describe("SimRelay", () => {
  test("feedback follows the coil after the mechanical delay (15 ms by default)", () => {
    const clock = new SimClock();
    const relay = new SimRelay(clock);
    expect(RELAY_DEFAULT_DELAY_MS).toBe(15);
    const edges: [boolean, number][] = [];
    relay.feedback.watch("both", (h, t) => edges.push([h, t]));
    clock.advance(100);
    relay.coil.write(true);
    clock.advance(14);
    expect(relay.feedback.read()).toBe(false);
    clock.advance(1);
    expect(relay.feedback.read()).toBe(true);
    relay.coil.write(false);
    clock.advance(20);
    expect(relay.contactClosed()).toBe(false);
    expect(edges).toEqual([[true, 115], [false, 130]]);
    expect(relay.coilHistory()).toEqual([{ t: 0, high: false }, { t: 100, high: true }, { t: 115, high: false }]);
  });

  test("a coil pulse shorter than the delay never moves the contact; the last command wins", () => {
    const clock = new SimClock();
    const relay = new SimRelay(clock, 20);
    const edges: number[] = [];
    relay.feedback.watch("both", (h, t) => edges.push(t));
    relay.coil.write(true);
    clock.advance(5);
    relay.coil.write(false);
    clock.advance(50);
    expect(edges).toEqual([]);
    relay.coil.write(true);
    clock.advance(10);
    relay.coil.write(false);
    clock.advance(5);
    relay.coil.write(true);
    clock.advance(25);
    expect(edges).toEqual([90]); // 20 ms after the last command, at 70
    expect(relay.contactClosed()).toBe(true);
  });

  test("welded: the feedback stays closed whatever the coil does, until freed", () => {
    const clock = new SimClock();
    const relay = new SimRelay(clock);
    relay.coil.write(true);
    clock.advance(20);
    relay.weld(true);
    relay.coil.write(false);
    clock.advance(100);
    expect(relay.feedback.read()).toBe(true);
    expect(relay.isWelded()).toBe(true);
    relay.weld(false);
    expect(relay.feedback.read()).toBe(false); // springs open to the coil's position
    relay.coil.write(true);
    clock.advance(15);
    expect(relay.feedback.read()).toBe(true);
  });

  test("a weld with the coil open closes the contact at once; a pending opening is dropped", () => {
    const clock = new SimClock();
    const relay = new SimRelay(clock);
    relay.coil.write(true);
    clock.advance(20);
    relay.coil.write(false);
    clock.advance(5);
    relay.weld(true);
    clock.advance(50);
    expect(relay.feedback.read()).toBe(true);
    const open = new SimRelay(clock);
    open.weld(true);
    expect(open.contactClosed()).toBe(true);
  });
});
