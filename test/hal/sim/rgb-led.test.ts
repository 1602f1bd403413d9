import fc from "fast-check";
import { SimClock } from "../../../hal/sim/clock";
import { SimRgbLed } from "../../../hal/sim/rgb-led";
import {
  LED_BLINK_PERIOD_MS, LED_COLOR_NAMES, LED_FLASH_PERIOD_MS, LED_OFFLINE_BLINK_EVERY_MS, LED_PULSE_PERIOD_MS,
  ledPulseBrightness, LED_PULSE_FLOOR,
} from "../../../hal/led-patterns";
import { driveLed, Pattern } from "./drive-led";

const PATTERNS: Pattern[] = ["solid", "pulse", "flash", "blink"];
const PERIOD: Record<Pattern, number> = { solid: 0, pulse: LED_PULSE_PERIOD_MS, flash: LED_FLASH_PERIOD_MS, blink: LED_BLINK_PERIOD_MS };

function setup() {
  const clock = new SimClock();
  return { clock, led: new SimRgbLed(clock) };
}

const grid = LED_COLOR_NAMES.flatMap((c) => PATTERNS.map((p) => [c, p] as const));

describe("SimRgbLed.observe", () => {
  test("the shared pulse waveform runs from the floor to full brightness", () => {
    expect(ledPulseBrightness(0)).toBeCloseTo(LED_PULSE_FLOOR);
    expect(ledPulseBrightness(LED_PULSE_PERIOD_MS / 2)).toBeCloseTo(1);
    expect(ledPulseBrightness(LED_PULSE_PERIOD_MS)).toBeCloseTo(LED_PULSE_FLOOR);
  });

  test.each(grid)("%s/%s is recognised over a 3 s window", (color, pattern) => {
    const { clock, led } = setup();
    driveLed(clock, led, color, pattern);
    clock.advance(5123);
    const o = led.observe(3000);
    expect(o.label).toBe(`${color}/${pattern}`);
    expect(o.whiteBlink).toBe(false);
    if (pattern === "solid") expect(o.periodMs).toBe(0);
    else expect(Math.abs(o.periodMs - PERIOD[pattern])).toBeLessThanOrEqual(PERIOD[pattern] * 0.1);
  });

  test("property: any color/pattern, observed over 3 s ending at any time, is recognised", () => {
    fc.assert(
      fc.property(fc.constantFrom(...grid), fc.integer({ min: 3000, max: 60000 }), fc.constantFrom(10, 20, 50), ([color, pattern], end, stepMs) => {
        const { clock, led } = setup();
        driveLed(clock, led, color, pattern, { stepMs });
        clock.advance(end);
        expect(led.observe(3000).label).toBe(`${color}/${pattern}`);
      }),
      { numRuns: 150 },
    );
  });

  test("a flash seen for under a second (card accepted / rejected) is a flash", () => {
    for (const color of ["green", "red"] as const) {
      const { clock, led } = setup();
      led.blue.setDuty(1); // the state's color before
      clock.advance(5000);
      led.blue.setDuty(0);
      driveLed(clock, led, color, "flash");
      clock.advance(800);
      expect(led.observe(800).label).toBe(`${color}/flash`);
    }
  });

  test("a pulse drawn with coarse steps (100 ms) is still a pulse", () => {
    const { clock, led } = setup();
    driveLed(clock, led, "blue", "pulse", { stepMs: 100 });
    clock.advance(7000);
    expect(led.observe(3000).label).toBe("blue/pulse");
  });

  test("off is off, whatever the window", () => {
    const { clock, led } = setup();
    clock.advance(1000);
    expect(led.observe(500)).toEqual({ color: "off", pattern: "solid", periodMs: 0, whiteBlink: false, label: "off" });
    driveLed(clock, led, "off", "solid");
    clock.advance(2000);
    expect(led.observe(3000).label).toBe("off");
  });

  test.each([
    ["green", [0, 0.3, 0]],
    ["yellow", [1, 0.6, 0]],
    ["yellow", [0.25, 0.2, 0.02]],
    ["blue", [0.05, 0.1, 0.8]],
    ["red", [0.9, 0.1, 0.1]],
    ["white", [0.9, 0.8, 1]],
  ] as const)("hue after normalising brightness: %s from %j", (color, rgb) => {
    const { clock, led } = setup();
    driveLed(clock, led, "red", "solid", { rgb: [...rgb] });
    clock.advance(1000);
    expect(led.observe(800).label).toBe(`${color}/solid`);
    expect(led.colorNow()).toBe(color);
  });

  test("a dimmed pulse is still a pulse (levels are relative to the window's peak)", () => {
    const { clock, led } = setup();
    driveLed(clock, led, "blue", "pulse", { rgb: [0, 0, 0.4] });
    clock.advance(6000);
    expect(led.observe(4000).label).toBe("blue/pulse");
  });

  describe("offline indication: the state's pattern plus a short white blink every 30 s", () => {
    // white is left out: a white state with white blinks is white (no state uses white)
    const withOff = [...grid.filter(([c]) => c !== "white"), ["off", "solid"] as const];
    const label = (color: string, pattern: string) => (color === "off" ? "off" : `${color}/${pattern}`);

    test.each(withOff)("%s/%s with white blinks: main pattern kept, whiteBlink seen", (color, pattern) => {
      const { clock, led } = setup();
      driveLed(clock, led, color, pattern, { offlineAtMs: 4000 }); // blinks at 4 s, 34 s, 64 s
      // a short window around a blink still sees the main pattern
      clock.advanceTo(34000 + 1500);
      const around = led.observe(3000);
      expect(around.label).toBe(label(color, pattern));
      expect(around.whiteBlink).toBe(true);
      // a long window covering both blinks
      clock.advanceTo(36000);
      const long = led.observe(35000);
      expect(long.label).toBe(label(color, pattern));
      expect(long.whiteBlink).toBe(true);
      // a window between blinks sees none
      clock.advanceTo(50000);
      const between = led.observe(10000);
      expect(between.label).toBe(label(color, pattern));
      expect(between.whiteBlink).toBe(false);
    });

    test("a blink cut by the window edge is taken out but not reported as seen", () => {
      const { clock, led } = setup();
      driveLed(clock, led, "green", "solid", { offlineAtMs: 1000 });
      clock.advance(1100); // mid-blink
      const o = led.observe(1000);
      expect(o.label).toBe("green/solid");
      expect(o.whiteBlink).toBe(false);
    });

    test("white blink/flash patterns are white, not offline blinks", () => {
      for (const p of ["blink", "flash"] as const) {
        const { clock, led } = setup();
        driveLed(clock, led, "white", p);
        clock.advance(LED_OFFLINE_BLINK_EVERY_MS);
        const o = led.observe(5000);
        expect(o.label).toBe(`white/${p}`);
        expect(o.whiteBlink).toBe(false);
      }
    });
  });

  describe("what is not one of the patterns", () => {
    test("a pulse far slower than 1-3 s is unknown", () => {
      const { clock, led } = setup();
      driveLed(clock, led, "blue", "pulse", { pulsePeriodMs: 9000 });
      clock.advance(30000);
      const o = led.observe(20000);
      expect(o.pattern).toBe("unknown");
      expect(o.periodMs).toBeGreaterThan(8000);
    });

    test("an on/off period between flash and blink boundaries goes by the 450 ms rule", () => {
      const fast = setup();
      driveLed(fast.clock, fast.led, "red", "flash", { periodMs: 300, onMs: 150 });
      fast.clock.advance(3000);
      expect(fast.led.observe(2000).label).toBe("red/flash");
      const slow = setup();
      driveLed(slow.clock, slow.led, "red", "blink", { periodMs: 600, onMs: 300 });
      slow.clock.advance(3000);
      expect(slow.led.observe(2000).label).toBe("red/blink");
    });

    test("a very slow on/off is unknown", () => {
      const { clock, led } = setup();
      driveLed(clock, led, "yellow", "blink", { periodMs: 10000, onMs: 5000 });
      clock.advance(40000);
      expect(led.observe(30000).pattern).toBe("unknown");
    });

    test("a single change in the window: the longer side wins", () => {
      const { clock, led } = setup();
      led.green.setDuty(1);
      clock.advance(2000);
      led.green.setDuty(0);
      clock.advance(500);
      expect(led.observe(2000).label).toBe("green/solid");
      clock.advance(1000);
      expect(led.observe(2000).label).toBe("off");
    });

    test("a color change at full brightness is solid, in the color shown longest", () => {
      const { clock, led } = setup();
      led.green.setDuty(1);
      clock.advance(1000);
      led.red.setDuty(1); // yellow
      clock.advance(2000);
      expect(led.observe(2500).label).toBe("yellow/solid");
    });
  });

  test("detection uses the recorded duties: writes at the same instant leave no trace", () => {
    const { clock, led } = setup();
    clock.advance(100);
    led.red.setDuty(1); // momentarily red, then the firmware corrects it at the same time
    led.red.setDuty(0);
    led.blue.setDuty(1);
    clock.advance(1000);
    expect(led.observe(1000).label).toBe("blue/solid");
    expect(led.red.history.entries().map((e) => e.v)).toEqual([0, 1, 0]);
  });

  test("bad window and bad duty are clear errors", () => {
    const { led } = setup();
    expect(() => led.observe(0)).toThrow(/window/);
    expect(() => led.red.setDuty(1.5)).toThrow(/0 to 1/);
    expect(() => led.red.setDuty(NaN)).toThrow(/0 to 1/);
  });
});
