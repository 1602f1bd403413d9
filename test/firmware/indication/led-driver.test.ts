import { SimClock } from "../../../hal/sim/clock";
import { SimRgbLed } from "../../../hal/sim/rgb-led";
import { LedDriver } from "../../../firmware/indication/led-driver";
import { Indication } from "../../../firmware/indication/indication";

function ind(color: Indication["color"], pattern: Indication["pattern"], offline?: boolean): Indication {
  return { color, pattern, offline: !!offline };
}

function setup() {
  const clock = new SimClock();
  const led = new SimRgbLed(clock);
  const d = new LedDriver(led, clock);
  return { clock, led, d };
}

describe("LED driver draws what the simulated LED recognises", () => {
  const cases: [Indication, string][] = [
    [ind("green", "solid"), "green/solid"],
    [ind("yellow", "solid"), "yellow/solid"],
    [ind("yellow", "blink"), "yellow/blink"],
    [ind("green", "flash"), "green/flash"],
    [ind("red", "flash"), "red/flash"],
    [ind("blue", "solid"), "blue/solid"],
    [ind("blue", "pulse"), "blue/pulse"],
    [ind("red", "solid"), "red/solid"],
    [ind("off", "solid"), "off"],
  ];
  for (const [i, label] of cases) {
    test(label, () => {
      const { clock, led, d } = setup();
      d.show(i);
      clock.advance(4000);
      expect(led.observe(3000).label).toBe(label);
      expect(led.observe(3000).whiteBlink).toBe(false);
    });
  }
  test("offline: a short white blink every 30 s over the state's own indication", () => {
    const { clock, led, d } = setup();
    d.show(ind("blue", "pulse", true));
    clock.advance(61000);
    const o = led.observe(35000);
    expect(o.label).toBe("blue/pulse");
    expect(o.whiteBlink).toBe(true);
  });
  test("a decision flash starts lit at once", () => {
    const { clock, led, d } = setup();
    d.show(ind("yellow", "solid"));
    clock.advance(1000);
    d.show(ind("red", "flash"));
    expect(led.colorNow()).toBe("red");
  });
  test("solid draws once and needs no timer", () => {
    const { clock, led, d } = setup();
    d.show(ind("green", "solid"));
    const writes = led.red.history.length() + led.green.history.length() + led.blue.history.length();
    clock.advance(20000);
    expect(led.red.history.length() + led.green.history.length() + led.blue.history.length()).toBe(writes);
    expect(clock.pending()).toBe(0);
  });
  test("the same indication again changes nothing (a pattern is not restarted)", () => {
    const { clock, led, d } = setup();
    d.show(ind("yellow", "blink"));
    clock.advance(250);
    d.show(ind("yellow", "blink"));
    expect(led.colorNow()).toBe("yellow");
  });
});
