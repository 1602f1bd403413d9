import { Cancel, Clock } from "../../hal/clock";
import { RgbLedPins } from "../../hal/board";
import {
  LED_BLINK_ON_MS, LED_BLINK_PERIOD_MS, LED_COLORS, LED_FLASH_ON_MS, LED_FLASH_PERIOD_MS,
  LED_OFFLINE_BLINK_EVERY_MS, LED_OFFLINE_BLINK_MS, LED_PULSE_PERIOD_MS, LED_PULSE_STEP_MS, ledPulseBrightness,
} from "../../hal/led-patterns";
import { Indication, sameIndication } from "./indication";

const WHITE = LED_COLORS.white as number[];
const BLACK = [0, 0, 0];

/**
 * Draws an Indication onto the three PWM channels with the timings of hal/led-patterns.ts.
 * Only channel changes are written, and one timer waits for the next change (none while solid).
 * A new color or pattern starts its pattern from the beginning; the offline white blink runs on
 * its own schedule (first one LED_OFFLINE_BLINK_EVERY_MS after the backend was lost).
 */
export class LedDriver {
  private current: Indication | undefined;
  private origin = 0;
  private offlineOrigin = 0;
  private timer: Cancel | undefined;
  /** Duties last written, per channel (updated in place: a pulse writes every 50 ms). */
  private readonly written = [-1, -1, -1];
  /** The timer callback, made once rather than at every step of a pattern. */
  private readonly step: () => void;

  constructor(private readonly pins: RgbLedPins, private readonly clock: Clock) {
    const self = this;
    this.step = function () {
      self.timer = undefined;
      self.render();
    };
    this.write(BLACK, 1);
  }

  show(ind: Indication): void {
    if (sameIndication(this.current, ind)) return;
    const prev = this.current;
    const now = this.clock.now();
    if (prev === undefined || prev.color !== ind.color || prev.pattern !== ind.pattern) this.origin = now;
    if (ind.offline && (prev === undefined || !prev.offline)) this.offlineOrigin = now;
    this.current = ind;
    this.render();
  }

  showing(): Indication | undefined {
    return this.current;
  }

  stop(): void {
    if (this.timer) this.timer();
    this.timer = undefined;
  }

  private render(): void {
    if (this.timer) this.timer();
    this.timer = undefined;
    const ind = this.current;
    if (ind === undefined) return;
    const now = this.clock.now();
    const t = now - this.origin;
    let rgb = BLACK;
    let scale = 1;
    let nextIn = -1;
    if (ind.color !== "off") {
      const color = LED_COLORS[ind.color] as number[];
      if (ind.pattern === "solid") {
        rgb = color;
      } else if (ind.pattern === "pulse") {
        const step = Math.floor(t / LED_PULSE_STEP_MS) * LED_PULSE_STEP_MS;
        rgb = color;
        scale = ledPulseBrightness(step % LED_PULSE_PERIOD_MS);
        nextIn = step + LED_PULSE_STEP_MS - t;
      } else {
        const period = ind.pattern === "flash" ? LED_FLASH_PERIOD_MS : LED_BLINK_PERIOD_MS;
        const on = ind.pattern === "flash" ? LED_FLASH_ON_MS : LED_BLINK_ON_MS;
        const phase = t % period;
        rgb = phase < on ? color : BLACK;
        nextIn = phase < on ? on - phase : period - phase;
      }
    }
    if (ind.offline) {
      const u = now - this.offlineOrigin;
      const k = Math.floor(u / LED_OFFLINE_BLINK_EVERY_MS);
      const into = u - k * LED_OFFLINE_BLINK_EVERY_MS;
      let offlineNext: number;
      if (k >= 1 && into < LED_OFFLINE_BLINK_MS) {
        rgb = WHITE;
        scale = 1;
        offlineNext = LED_OFFLINE_BLINK_MS - into;
      } else {
        offlineNext = LED_OFFLINE_BLINK_EVERY_MS - into;
      }
      if (nextIn < 0 || offlineNext < nextIn) nextIn = offlineNext;
    }
    this.write(rgb, scale);
    if (nextIn >= 0) this.timer = this.clock.after(nextIn >= 1 ? Math.ceil(nextIn) : 1, this.step);
  }

  private write(rgb: number[], scale: number): void {
    const r = (rgb[0] as number) * scale;
    const g = (rgb[1] as number) * scale;
    const b = (rgb[2] as number) * scale;
    const w = this.written;
    if (r !== w[0]) this.pins.red.setDuty(r);
    if (g !== w[1]) this.pins.green.setDuty(g);
    if (b !== w[2]) this.pins.blue.setDuty(b);
    w[0] = r;
    w[1] = g;
    w[2] = b;
  }
}
