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

  nowEpochMs(): number | undefined {
    return this.offsetMs === undefined ? undefined : this.clock.now() + this.offsetMs;
  }

  nowEpochS(): number | undefined {
    const ms = this.nowEpochMs();
    return ms === undefined ? undefined : Math.floor(ms / 1000);
  }
}
