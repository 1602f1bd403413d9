import { Clock } from "../clock";
import { RgbLedPins } from "../board";
import { LED_COLORS, LED_COLOR_NAMES, LedColorName, LedPatternName } from "../led-patterns";
import { SimPwm } from "./pins";
import { SignalHistory } from "./signal-history";
import { codedError } from "../coded-error";

/**
 * The status light as three PWM channels, and an observer that says what a person would see over
 * a recent window, worked out from the recorded channel duties alone (not from what the firmware
 * meant to show). The patterns the firmware draws are defined in hal/led-patterns.ts; this is how
 * they are recognised:
 *
 * 1. The window is cut into segments where all three duties are constant. A segment is off when
 *    its brightest channel is below LED_OFF_LEVEL; otherwise its color is the palette entry
 *    nearest (Euclidean) to (r, g, b) divided by the brightest channel.
 * 2. Offline white blink: a run of white no longer than DETECT_OFFLINE_BLINK_MAX_MS with no other
 *    white within DETECT_OFFLINE_BLINK_MIN_GAP_MS either side. Such runs are taken out (the light
 *    is treated as holding what it showed just before) and `whiteBlink` is true if one lies wholly
 *    inside the window.
 * 3. color: off if nothing is lit; else the palette color lit for the longest time.
 * 4. pattern, on brightness relative to the window's peak (on = at least half the peak):
 *    - pulse: at least 3 distinct levels between 15% and 85% of peak, covering at least 15% of the
 *      window, and (when a period is measurable) a period of DETECT_PULSE_MIN_MS..DETECT_PULSE_MAX_MS;
 *    - solid: never off and not a pulse;
 *    - flash: on/off with period below DETECT_FLASH_MAX_MS; blink: period up to DETECT_BLINK_MAX_MS;
 *    - period = mean interval between rising edges, or on + off length of whole phases in the window;
 *    - a single change (no whole phase): not a pattern; the longer side wins, as `solid` (or off);
 *    - anything else (e.g. a pulse or on/off period out of range): `unknown`.
 * History is bounded (capacity changes per channel); a window older than it sees the oldest value.
 */
export type LedColor = LedColorName | "off";
export type LedPattern = LedPatternName | "unknown";

export interface LedObservation {
  color: LedColor;
  pattern: LedPattern;
  /** Measured period of the pattern, 0 if none could be measured. */
  periodMs: number;
  /** A periodic short white blink (the offline indication) was seen inside the window. */
  whiteBlink: boolean;
  /** "off" or "color/pattern", as scenario expectations write it. */
  label: string;
}

export const LED_OFF_LEVEL = 0.02;
export const DETECT_PULSE_MIN_MS = 700;
export const DETECT_PULSE_MAX_MS = 4000;
export const DETECT_FLASH_MAX_MS = 450;
export const DETECT_BLINK_MAX_MS = 4000;
export const DETECT_OFFLINE_BLINK_MAX_MS = 400;
export const DETECT_OFFLINE_BLINK_MIN_GAP_MS = 10000;

const ON_FRACTION = 0.5;
const MID_LOW = 0.15;
const MID_HIGH = 0.85;
const PULSE_MIN_LEVELS = 3;
const PULSE_MIN_MID_SHARE = 0.15;
const OFF = -1;
const WHITE = LED_COLOR_NAMES.indexOf("white");

export const DEFAULT_LED_HISTORY = 4096;

function classify(r: number, g: number, b: number): number {
  const m = Math.max(r, g, b);
  if (m < LED_OFF_LEVEL) return OFF;
  let best = 0;
  let bestDist = Infinity;
  for (let i = 0; i < LED_COLOR_NAMES.length; i++) {
    const p = LED_COLORS[LED_COLOR_NAMES[i] as string] as number[];
    const dr = r / m - (p[0] as number);
    const dg = g / m - (p[1] as number);
    const db = b / m - (p[2] as number);
    const d = dr * dr + dg * dg + db * db;
    if (d < bestDist) {
      bestDist = d;
      best = i;
    }
  }
  return best;
}

function collectTimes(h: SignalHistory, start: number, end: number, out: number[]): void {
  for (let i = 0; i < h.length(); i++) {
    const t = h.timeAt(i);
    if (t > start && t < end) out.push(t);
  }
}

function observation(color: LedColor, pattern: LedPattern, periodMs: number, whiteBlink: boolean): LedObservation {
  return { color: color, pattern: pattern, periodMs: periodMs, whiteBlink: whiteBlink,
    label: color === "off" ? "off" : color + "/" + pattern };
}

export class SimRgbLed implements RgbLedPins {
  readonly red: SimPwm;
  readonly green: SimPwm;
  readonly blue: SimPwm;

  constructor(private readonly clock: Clock, frequencyHz?: number, capacity?: number) {
    const f = frequencyHz || 1000;
    const cap = capacity || DEFAULT_LED_HISTORY;
    this.red = new SimPwm(clock, f, cap);
    this.green = new SimPwm(clock, f, cap);
    this.blue = new SimPwm(clock, f, cap);
  }

  /** Current duties [r, g, b]. */
  rgb(): number[] {
    return [this.red.duty(), this.green.duty(), this.blue.duty()];
  }

  /** Color shown right now ("off" or a palette name). */
  colorNow(): LedColor {
    const c = classify(this.red.duty(), this.green.duty(), this.blue.duty());
    return c === OFF ? "off" : (LED_COLOR_NAMES[c] as LedColorName);
  }

  /** What the light showed over the last `windowMs` (see the rules at the top of this file). */
  observe(windowMs: number): LedObservation {
    if (!(windowMs > 0)) {
      throw codedError("ARGS", "SimRgbLed.observe: window must be > 0 ms, got " + windowMs);
    }
    const end = this.clock.now();
    const start = end - windowMs;
    const times: number[] = [start];
    collectTimes(this.red.history, start, end, times);
    collectTimes(this.green.history, start, end, times);
    collectTimes(this.blue.history, start, end, times);
    times.sort(function (a, b) { return a - b; });

    // 1. segments of constant duty
    const segT: number[] = [];
    const segD: number[] = [];
    const segB: number[] = [];
    const segC: number[] = [];
    for (let i = 0; i < times.length; i++) {
      const t = times[i] as number;
      const next = i + 1 < times.length ? (times[i + 1] as number) : end;
      if (next <= t) continue;
      const r = this.red.history.levelAt(t);
      const g = this.green.history.levelAt(t);
      const b = this.blue.history.levelAt(t);
      segT.push(t);
      segD.push(next - t);
      segB.push(Math.max(r, g, b));
      segC.push(classify(r, g, b));
    }
    const n = segT.length;

    // 2. offline white blinks
    const excluded: boolean[] = [];
    for (let i = 0; i < n; i++) excluded.push(false);
    const runFirst: number[] = [];
    const runLast: number[] = [];
    for (let i = 0; i < n; i++) {
      if (segC[i] !== WHITE) continue;
      let j = i;
      while (j + 1 < n && segC[j + 1] === WHITE) j++;
      runFirst.push(i);
      runLast.push(j);
      i = j;
    }
    let whiteBlink = false;
    let keptAny = false;
    for (let k = 0; k < runFirst.length; k++) {
      const f = runFirst[k] as number;
      const l = runLast[k] as number;
      const s = segT[f] as number;
      const e = (segT[l] as number) + (segD[l] as number);
      const prevEnd = k > 0 ? (segT[runLast[k - 1] as number] as number) + (segD[runLast[k - 1] as number] as number) : -Infinity;
      const nextStart = k + 1 < runFirst.length ? (segT[runFirst[k + 1] as number] as number) : Infinity;
      if (e - s <= DETECT_OFFLINE_BLINK_MAX_MS && s - prevEnd >= DETECT_OFFLINE_BLINK_MIN_GAP_MS &&
          nextStart - e >= DETECT_OFFLINE_BLINK_MIN_GAP_MS) {
        for (let i = f; i <= l; i++) excluded[i] = true;
        if (s > start && e < end) whiteBlink = true;
      }
    }
    for (let i = 0; i < n; i++) if (!excluded[i]) keptAny = true;
    if (keptAny) {
      // an excluded stretch shows what the light held before it (or after it, at the window start)
      let firstKept = 0;
      while (excluded[firstKept]) firstKept++;
      for (let i = 0; i < n; i++) {
        if (!excluded[i]) continue;
        const from = i < firstKept ? firstKept : i - 1;
        segB[i] = segB[from] as number;
        segC[i] = segC[from] as number;
      }
    } else {
      whiteBlink = false;
    }

    // 3. color
    let peak = 0;
    for (let i = 0; i < n; i++) if ((segB[i] as number) > peak) peak = segB[i] as number;
    if (peak < LED_OFF_LEVEL) return observation("off", "solid", 0, whiteBlink);
    const litTime: number[] = [];
    for (let c = 0; c < LED_COLOR_NAMES.length; c++) litTime.push(0);
    for (let i = 0; i < n; i++) {
      const c = segC[i] as number;
      if (c !== OFF) litTime[c] = (litTime[c] as number) + (segD[i] as number);
    }
    let colorIdx = 0;
    for (let c = 1; c < litTime.length; c++) if ((litTime[c] as number) > (litTime[colorIdx] as number)) colorIdx = c;
    const color = LED_COLOR_NAMES[colorIdx] as LedColorName;

    // 4. pattern: intermediate levels, then on/off phases
    const levels: number[] = [];
    let midTime = 0;
    for (let i = 0; i < n; i++) {
      const rel = (segB[i] as number) / peak;
      if (rel > MID_LOW && rel < MID_HIGH) {
        midTime += segD[i] as number;
        const q = Math.round(rel * 100);
        if (levels.indexOf(q) < 0) levels.push(q);
      }
    }
    const smooth = levels.length >= PULSE_MIN_LEVELS && midTime >= PULSE_MIN_MID_SHARE * windowMs;

    const phaseOn: boolean[] = [];
    const phaseT: number[] = [];
    const phaseD: number[] = [];
    for (let i = 0; i < n; i++) {
      const on = (segB[i] as number) >= ON_FRACTION * peak;
      const last = phaseOn.length - 1;
      if (last >= 0 && phaseOn[last] === on) phaseD[last] = (phaseD[last] as number) + (segD[i] as number);
      else {
        phaseOn.push(on);
        phaseT.push(segT[i] as number);
        phaseD.push(segD[i] as number);
      }
    }
    const phases = phaseOn.length;
    if (phases === 1) return observation(color, smooth ? "pulse" : "solid", 0, whiteBlink);

    let period = 0;
    const rising: number[] = [];
    for (let k = 1; k < phases; k++) if (phaseOn[k]) rising.push(phaseT[k] as number);
    if (rising.length >= 2) {
      period = ((rising[rising.length - 1] as number) - (rising[0] as number)) / (rising.length - 1);
    } else {
      let onSum = 0, onCount = 0, offSum = 0, offCount = 0;
      for (let k = 1; k < phases - 1; k++) {
        if (phaseOn[k]) { onSum += phaseD[k] as number; onCount++; } else { offSum += phaseD[k] as number; offCount++; }
      }
      if (onCount > 0 && offCount > 0) period = onSum / onCount + offSum / offCount;
      else if (onCount > 0) period = 2 * onSum / onCount;
      else if (offCount > 0) period = 2 * offSum / offCount;
    }

    if (smooth) {
      const inRange = period === 0 || (period >= DETECT_PULSE_MIN_MS && period <= DETECT_PULSE_MAX_MS);
      return observation(color, inRange ? "pulse" : "unknown", period, whiteBlink);
    }
    if (period > 0 && period <= DETECT_BLINK_MAX_MS) {
      return observation(color, period < DETECT_FLASH_MAX_MS ? "flash" : "blink", period, whiteBlink);
    }
    if (period > 0) return observation(color, "unknown", period, whiteBlink);
    // a single change: the longer side wins
    let onTime = 0;
    for (let k = 0; k < phases; k++) if (phaseOn[k]) onTime += phaseD[k] as number;
    if (onTime * 2 < windowMs) return observation("off", "solid", 0, whiteBlink);
    return observation(color, "solid", 0, whiteBlink);
  }
}
