import { Cancel, Clock } from "../clock";
import { Watchdog } from "../watchdog";
import { codedError } from "../coded-error";

/**
 * A watchdog on simulated time: once enabled, if `timeoutMs` passes without a kick it reports a
 * reset (counter and callbacks) and disarms, as the unit reboots; the rebooted firmware enables
 * it again. Kicks before `enable` are counted and otherwise ignored.
 */
export class SimWatchdog implements Watchdog {
  resets = 0;
  kicks = 0;
  private timeoutMs = 0;
  private lastKick = 0;
  private timer: Cancel | undefined;
  private listeners: ((atMs: number) => void)[] = [];

  constructor(private readonly clock: Clock) {}

  enable(timeoutMs: number): void {
    if (!(timeoutMs > 0)) {
      throw codedError("ARGS", "Watchdog.enable: timeout must be > 0 ms, got " + timeoutMs);
    }
    this.timeoutMs = timeoutMs;
    this.lastKick = this.clock.now();
    this.arm(timeoutMs);
  }

  kick(): void {
    this.kicks++;
    this.lastKick = this.clock.now();
  }

  isEnabled(): boolean {
    return this.timeoutMs > 0;
  }

  /** Stops it without a reset (a power cut, or a test tearing the unit down). */
  disarm(): void {
    this.timeoutMs = 0;
    if (this.timer) this.timer();
    this.timer = undefined;
  }

  /** `fn` runs with the simulated time of each reset. */
  onReset(fn: (atMs: number) => void): Cancel {
    const ls = this.listeners;
    ls.push(fn);
    return function () {
      const i = ls.indexOf(fn);
      if (i >= 0) ls.splice(i, 1);
    };
  }

  private arm(ms: number): void {
    if (this.timer) this.timer();
    const self = this;
    this.timer = this.clock.after(ms, function () {
      self.timer = undefined;
      self.check();
    });
  }

  // Re-arming on every kick would cost a timer each time; instead the check moves the deadline.
  private check(): void {
    if (this.timeoutMs <= 0) return;
    const deadline = this.lastKick + this.timeoutMs;
    const now = this.clock.now();
    if (now < deadline) {
      this.arm(deadline - now);
      return;
    }
    this.timeoutMs = 0;
    this.resets++;
    const ls = this.listeners.slice();
    for (let i = 0; i < ls.length; i++) (ls[i] as (atMs: number) => void)(now);
  }
}
