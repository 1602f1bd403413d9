/** A hardware watchdog: once enabled, the unit resets unless kicked within the timeout. */
export interface Watchdog {
  enable(timeoutMs: number): void;
  kick(): void;
}
