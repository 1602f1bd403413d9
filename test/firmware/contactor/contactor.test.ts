import { SimClock } from "../../../hal/sim/clock";
import { SimRelay } from "../../../hal/sim/relay";
import { Contactor, WELD_DETECT_MS } from "../../../firmware/contactor/contactor";

function setup() {
  const clock = new SimClock();
  const relay = new SimRelay(clock, 15);
  const seen = { welds: 0, feedback: [] as boolean[] };
  const c = new Contactor(relay.coil, relay.feedback, clock, {
    feedbackChanged: (closed) => seen.feedback.push(closed),
    weldDetected: () => seen.welds++,
  });
  return { clock, relay, c, seen };
}

describe("contactor", () => {
  test("the coil starts open and follows the command; feedback changes are reported", () => {
    const { clock, relay, c, seen } = setup();
    expect(relay.coil.isHigh()).toBe(false);
    c.command(true);
    clock.advance(20);
    expect(relay.contactClosed()).toBe(true);
    c.command(false);
    clock.advance(20);
    expect(seen.feedback).toEqual([true, false]);
    clock.advance(1000);
    expect(seen.welds).toBe(0);
  });
  test("a welded contact: feedback still closed WELD_DETECT_MS after opening is reported once", () => {
    const { clock, relay, c, seen } = setup();
    c.command(true);
    clock.advance(50);
    relay.weld(true);
    c.command(false);
    clock.advance(WELD_DETECT_MS - 1);
    expect(seen.welds).toBe(0);
    clock.advance(1);
    expect(seen.welds).toBe(1);
    clock.advance(5000);
    expect(seen.welds).toBe(1);
  });
  test("a weld while open is seen too; freed and welded again is a new episode", () => {
    const { clock, relay, seen } = setup();
    clock.advance(500);
    relay.weld(true);
    clock.advance(1);
    expect(seen.welds).toBe(1); // open for long already
    relay.weld(false);
    clock.advance(10);
    relay.weld(true);
    clock.advance(1);
    expect(seen.welds).toBe(2);
  });
  test("stop() cancels the watch and the pending check", () => {
    const { clock, relay, c, seen } = setup();
    relay.weld(true);
    c.stop();
    clock.advance(1000);
    expect(seen.welds).toBe(0);
  });
});
