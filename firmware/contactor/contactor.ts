import { Cancel, Clock } from "../../hal/clock";
import { InputPin, OutputPin } from "../../hal/pins";

/** Feedback closed this long after the coil opened = welded (contactors drop out in tens of ms). */
export const WELD_DETECT_MS = 100;

export interface ContactorListener {
  feedbackChanged(closed: boolean): void;
  /** The contact still reads closed WELD_DETECT_MS after the coil was opened (once per episode). */
  weldDetected(): void;
}

/**
 * Drives the contactor coil and watches its auxiliary contact. The coil starts open. The command
 * comes from the session's derived relay rule; this only performs it and reports what the
 * feedback contact says.
 */
export class Contactor {
  private commanded = false;
  private openedAt: number;
  private check: Cancel | undefined;
  private unwatch: Cancel;
  private weldReported = false;

  constructor(private readonly coil: OutputPin, private readonly feedback: InputPin, private readonly clock: Clock,
              private readonly listener: ContactorListener) {
    coil.write(false);
    this.openedAt = clock.now();
    const self = this;
    this.unwatch = feedback.watch("both", function (high: boolean) {
      if (!high) self.weldReported = false;
      self.listener.feedbackChanged(high);
      self.schedule();
    });
    this.schedule();
  }

  command(closed: boolean): void {
    if (closed === this.commanded) return;
    this.commanded = closed;
    this.coil.write(closed);
    if (!closed) this.openedAt = this.clock.now();
    this.schedule();
  }

  isCommandedClosed(): boolean {
    return this.commanded;
  }

  feedbackClosed(): boolean {
    return this.feedback.read();
  }

  stop(): void {
    this.unwatch();
    if (this.check) this.check();
    this.check = undefined;
  }

  private schedule(): void {
    if (this.check) this.check();
    this.check = undefined;
    if (this.commanded || this.weldReported || !this.feedback.read()) return;
    const wait = this.remainingMs();
    const self = this;
    this.check = this.clock.after(wait > 0 ? Math.ceil(wait) : 0, function () {
      self.check = undefined;
      self.verify();
    });
  }

  /** Time left before an open coil with a closed contact counts as a weld (one expression for both uses). */
  private remainingMs(): number {
    return WELD_DETECT_MS - (this.clock.now() - this.openedAt);
  }

  private verify(): void {
    if (this.commanded || this.weldReported || !this.feedback.read()) return;
    if (this.remainingMs() > 0) {
      this.schedule();
      return;
    }
    this.weldReported = true;
    this.listener.weldDetected();
  }
}
