import { Watchdog } from "../watchdog";

/** The chip's watchdog in manual mode: only `kick()` keeps the unit alive. Whole seconds. */
export class EspruinoWatchdog implements Watchdog {
  enable(timeoutMs: number): void {
    E.enableWatchdog(Math.max(1, Math.ceil(timeoutMs / 1000)), false);
  }

  kick(): void {
    E.kickWatchdog();
  }
}
