import { Vehicle } from "../session/status";

/**
 * Control pilot state from the sensed high level (IEC 61851-1: A 12 V, B 9 V, C 6 V, D 3 V,
 * E 0 V, F -12 V), with hysteresis around the thresholds and a debounce over consecutive samples.
 */
export const PILOT_SAMPLE_MS = 20;
/** Consecutive samples that must agree before the state changes (worst case 3 x 20 ms = 60 ms). */
export const PILOT_STABLE_SAMPLES = 3;
/** Leaving the current state needs the level this far past a threshold. */
export const PILOT_HYSTERESIS_V = 0.5;

const ORDER: Vehicle[] = ["A", "B", "C", "D", "E", "F"];
/** Threshold between ORDER[i] (above) and ORDER[i + 1] (below). */
const THRESHOLDS = [10.5, 7.5, 4.5, 1.5, -6];

/** The state a level reads as, seen from `current` (hysteresis keeps it near a boundary). */
export function classifyPilot(volts: number, current: Vehicle | undefined): Vehicle {
  for (let i = 0; i < THRESHOLDS.length; i++) {
    let t = THRESHOLDS[i] as number;
    if (current === ORDER[i]) t -= PILOT_HYSTERESIS_V;
    else if (current === ORDER[i + 1]) t += PILOT_HYSTERESIS_V;
    if (volts > t) return ORDER[i] as Vehicle;
  }
  return "F";
}

export class PilotDebouncer {
  private stable: Vehicle | undefined;
  private candidate: Vehicle | undefined;
  private count = 0;

  /** Feeds one sample; true when the debounced state changed (including the first one). */
  sample(volts: number): boolean {
    const v = classifyPilot(volts, this.stable);
    if (v === this.stable) {
      this.candidate = undefined;
      this.count = 0;
      return false;
    }
    if (v !== this.candidate) {
      this.candidate = v;
      this.count = 0;
    }
    this.count++;
    if (this.count < PILOT_STABLE_SAMPLES) return false;
    this.stable = v;
    this.candidate = undefined;
    this.count = 0;
    return true;
  }

  state(): Vehicle | undefined {
    return this.stable;
  }
}

/** PWM duty (0..1) advertising `amps` (IEC 61851-1: duty % = A / 0.6 for 6..51 A); 1 = no PWM. */
export function pilotDutyFor(amps: number): number {
  if (!(amps >= 6)) return 1;
  return (amps > 51 ? 51 : amps) / 60;
}
