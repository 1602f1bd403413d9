import { Cancel } from "./clock";

/** A digital output (relay coil, reader reset, ...). */
export interface OutputPin {
  write(high: boolean): void;
}

export type Edge = "rising" | "falling" | "both";

/** A digital input with an edge watch (relay feedback contact, S0 meter pulses, ...). */
export interface InputPin {
  read(): boolean;
  /** Calls `fn` with the new level and the time (ms, clock origin) of each edge. */
  watch(edge: Edge, fn: (high: boolean, timeMs: number) => void): Cancel;
}

/** A PWM output whose frequency is fixed when the binding sets it up. */
export interface PwmOutput {
  /** 0 = always low, 1 = always high. */
  setDuty(duty: number): void;
}

/** An analog input, as a fraction 0..1 of the converter's range. */
export interface AnalogInput {
  read(): number;
}
