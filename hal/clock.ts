/** Stops a timer or a watch. Calling it twice is harmless. */
export type Cancel = () => void;

/**
 * Monotonic time and timers. Milliseconds since an arbitrary origin (boot on a device).
 * Wall-clock time is not the hardware's business: it comes from the backend.
 */
export interface Clock {
  now(): number;
  /** Runs `fn` once, `ms` from now. */
  after(ms: number, fn: () => void): Cancel;
  /** Runs `fn` every `ms`, first `ms` from now. */
  every(ms: number, fn: () => void): Cancel;
}
