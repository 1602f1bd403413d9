import { Clock } from "../clock";
import { pilotVoltsToSense } from "../board";
import { SimAnalog, SimPwm } from "./pins";
import { HistoryEntry } from "./signal-history";
import { codedError } from "../coded-error";

export type PilotState = "A" | "B" | "C" | "D" | "E" | "F";

/**
 * Control pilot high level per state (IEC 61851-1): A no vehicle 12 V, B connected 9 V,
 * C charging 6 V, D charging with ventilation 3 V, E short/no supply 0 V, F not available -12 V.
 */
export const PILOT_STATE_VOLTS: { [state: string]: number } = { A: 12, B: 9, C: 6, D: 3, E: 0, F: -12 };

export const PILOT_PWM_HZ = 1000;

/**
 * The control pilot: the firmware's 1 kHz PWM (its duty advertises the current) and the sense
 * input. The sense front end is a peak detector, so it reads the state's high level whatever the
 * duty (a duty of 0, a constant -12 V on a real line, is not modelled).
 */
export class SimPilot {
  readonly pwm: SimPwm;
  readonly sense: SimAnalog;
  private current: PilotState = "A";

  constructor(clock: Clock) {
    this.pwm = new SimPwm(clock, PILOT_PWM_HZ);
    this.sense = new SimAnalog(clock, pilotVoltsToSense(PILOT_STATE_VOLTS.A as number));
  }

  setState(state: PilotState): void {
    const volts = PILOT_STATE_VOLTS[state];
    if (volts === undefined) {
      throw codedError("ARGS", "SimPilot: state must be one of A, B, C, D, E, F, got " + state);
    }
    this.current = state;
    this.sense.set(pilotVoltsToSense(volts));
  }

  state(): PilotState {
    return this.current;
  }

  /** Duty changes with their simulated times, oldest first. */
  dutyHistory(): HistoryEntry[] {
    return this.pwm.history.entries();
  }
}
