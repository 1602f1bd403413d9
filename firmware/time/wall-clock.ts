import { Clock } from "../../hal/clock";

/**
 * UTC time, known only once the backend has told it (BootNotification, Heartbeat).
 * Until then `nowEpochS()` is undefined: nothing may be judged expired or valid by date.
 */
export class WallClock {
  private offsetMs: number | undefined;

  constructor(private readonly clock: Clock) {}

  /** Sets the time from the backend (epoch milliseconds). */
  set(epochMs: number): void {
    this.offsetMs = epochMs - this.clock.now();
  }

  isKnown(): boolean {
    return this.offsetMs !== undefined;
  }

  /**
   * Whole milliseconds: a device clock reads fractions (getTime() * 1000), and these times are
   * persisted as JSON, where Espruino writes the 13 digits of an integer exactly but a fraction
   * as 11 more digits.
   */
  nowEpochMs(): number | undefined {
    return this.offsetMs === undefined ? undefined : Math.floor(this.clock.now() + this.offsetMs);
  }

  nowEpochS(): number | undefined {
    const ms = this.nowEpochMs();
    return ms === undefined ? undefined : Math.floor(ms / 1000);
  }
}
