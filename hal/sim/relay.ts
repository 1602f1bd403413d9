import { Cancel, Clock } from "../clock";
import { SimInputPin, SimOutputPin, LevelChange } from "./pins";

export const RELAY_DEFAULT_DELAY_MS = 15;

/**
 * A contactor: the firmware drives the coil; the auxiliary contact (feedback, high = closed)
 * follows the coil after a mechanical delay. A welded contact stays closed whatever the coil does
 * until `weld(false)` frees it, when it springs to the coil's position at once.
 */
export class SimRelay {
  readonly coil: SimOutputPin;
  readonly feedback: SimInputPin;
  readonly delayMs: number;
  private welded = false;
  private pending: Cancel | undefined;

  constructor(private readonly clock: Clock, delayMs?: number) {
    this.delayMs = delayMs === undefined ? RELAY_DEFAULT_DELAY_MS : delayMs;
    this.coil = new SimOutputPin(clock);
    this.feedback = new SimInputPin(clock);
    const self = this;
    this.coil.onChange(function (high: boolean) {
      self.coilChanged(high);
    });
  }

  /** Test hook: the contact welds shut (true) or is freed (false). */
  weld(stuck: boolean): void {
    this.welded = !!stuck;
    if (this.welded) {
      this.cancelPending();
      this.feedback.set(true);
    } else {
      this.feedback.set(this.coil.isHigh());
    }
  }

  isWelded(): boolean {
    return this.welded;
  }

  /** Whether the main contact is closed (what the feedback reports). */
  contactClosed(): boolean {
    return this.feedback.read();
  }

  /** Coil level changes, oldest first. */
  coilHistory(): LevelChange[] {
    return this.coil.changes();
  }

  private coilChanged(high: boolean): void {
    this.cancelPending();
    if (this.welded) return;
    const self = this;
    this.pending = this.clock.after(this.delayMs, function () {
      self.pending = undefined;
      if (!self.welded) self.feedback.set(high);
    });
  }

  private cancelPending(): void {
    if (this.pending) {
      this.pending();
      this.pending = undefined;
    }
  }
}
