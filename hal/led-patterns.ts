/**
 * What each status-light pattern looks like, as the firmware must drive it and as the simulated
 * LED (hal/sim/rgb-led.ts) recognises it. One place, so both sides agree.
 *
 * A color is an RGB triple of PWM duties; the detector matches hue after dividing by the brightest
 * channel, so a dimmed color keeps its name.
 *
 * - solid: the color, constant, at full brightness.
 * - pulse ("breathing"): brightness(t) = ledPulseBrightness(t), a raised cosine between
 *   LED_PULSE_FLOOR and 1 with period LED_PULSE_PERIOD_MS, written every LED_PULSE_STEP_MS
 *   (each channel = color channel x brightness).
 * - flash: full brightness for LED_FLASH_ON_MS, off for the rest of LED_FLASH_PERIOD_MS.
 * - blink: full brightness for LED_BLINK_ON_MS, off for the rest of LED_BLINK_PERIOD_MS.
 * - offline indication (backend unreachable): the state's own color and pattern, except that
 *   every LED_OFFLINE_BLINK_EVERY_MS the light shows white (1,1,1) for LED_OFFLINE_BLINK_MS,
 *   then the state's pattern resumes where it would have been.
 * - off: all channels 0.
 */

export const LED_PULSE_PERIOD_MS = 2000;
export const LED_PULSE_STEP_MS = 50;
export const LED_PULSE_FLOOR = 0.05;

export const LED_FLASH_PERIOD_MS = 200;
export const LED_FLASH_ON_MS = 100;

export const LED_BLINK_PERIOD_MS = 1000;
export const LED_BLINK_ON_MS = 500;

export const LED_OFFLINE_BLINK_MS = 200;
export const LED_OFFLINE_BLINK_EVERY_MS = 30000;

export type LedColorName = "green" | "yellow" | "blue" | "red" | "white";
export type LedPatternName = "solid" | "pulse" | "flash" | "blink";

/** The palette, red/green/blue duties at full brightness. */
export const LED_COLORS: { [name: string]: number[] } = {
  green: [0, 1, 0],
  yellow: [1, 1, 0],
  blue: [0, 0, 1],
  red: [1, 0, 0],
  white: [1, 1, 1],
};

export const LED_COLOR_NAMES: LedColorName[] = ["green", "yellow", "blue", "red", "white"];

/** Pulse brightness at `ms` into the pattern (0 at the start = the floor). */
export function ledPulseBrightness(ms: number): number {
  const phase = (ms % LED_PULSE_PERIOD_MS) / LED_PULSE_PERIOD_MS;
  return LED_PULSE_FLOOR + (1 - LED_PULSE_FLOOR) * (1 - Math.cos(2 * Math.PI * phase)) / 2;
}
