// Test helper: draws the patterns of hal/led-patterns.ts on an RGB LED, the way the firmware's
// indicator is meant to, so the detector is tested against the shared definitions.
import { Cancel, Clock } from "../../../hal/clock";
import { RgbLedPins } from "../../../hal/board";
import {
  LED_BLINK_ON_MS, LED_BLINK_PERIOD_MS, LED_COLORS, LED_FLASH_ON_MS, LED_FLASH_PERIOD_MS, LED_OFFLINE_BLINK_EVERY_MS,
  LED_OFFLINE_BLINK_MS, LED_PULSE_PERIOD_MS, LED_PULSE_STEP_MS, LedColorName, ledPulseBrightness,
} from "../../../hal/led-patterns";

export type Pattern = "solid" | "pulse" | "flash" | "blink";

export interface DriveOptions {
  /** Draw the offline indication, its first white blink this many ms after the start. */
  offlineAtMs?: number;
  pulsePeriodMs?: number;
  /** On/off pattern period and on time (default: the flash or blink constants). */
  periodMs?: number;
  onMs?: number;
  /** How often the output is recomputed (default LED_PULSE_STEP_MS). */
  stepMs?: number;
  /** Scales the color (a dimmed or unbalanced LED). */
  rgb?: number[];
}

export function driveLed(clock: Clock, led: RgbLedPins, color: LedColorName | "off", pattern: Pattern, options: DriveOptions = {}): Cancel {
  const start = clock.now();
  const rgb = options.rgb ?? (color === "off" ? [0, 0, 0] : LED_COLORS[color]!);
  const period = options.periodMs ?? (pattern === "flash" ? LED_FLASH_PERIOD_MS : LED_BLINK_PERIOD_MS);
  const on = options.onMs ?? (pattern === "flash" ? LED_FLASH_ON_MS : LED_BLINK_ON_MS);
  const pulsePeriod = options.pulsePeriodMs ?? LED_PULSE_PERIOD_MS;
  const render = () => {
    const t = clock.now() - start;
    if (options.offlineAtMs !== undefined && t >= options.offlineAtMs &&
        (t - options.offlineAtMs) % LED_OFFLINE_BLINK_EVERY_MS < LED_OFFLINE_BLINK_MS) {
      led.red.setDuty(1);
      led.green.setDuty(1);
      led.blue.setDuty(1);
      return;
    }
    let level = 1;
    if (pattern === "pulse") {
      level = ledPulseBrightness((t * LED_PULSE_PERIOD_MS) / pulsePeriod);
    } else if (pattern === "flash" || pattern === "blink") {
      level = t % period < on ? 1 : 0;
    }
    led.red.setDuty(rgb[0]! * level);
    led.green.setDuty(rgb[1]! * level);
    led.blue.setDuty(rgb[2]! * level);
  };
  render();
  return clock.every(options.stepMs ?? LED_PULSE_STEP_MS, render);
}
