/**
 * Reconnect delays: exponential from `initialMs`, doubling per failed attempt up to `maxMs`, with
 * "equal jitter": each delay is drawn uniformly from [cap/2, cap], so a fleet of chargers that lost
 * the backend together does not come back in lock-step, and no delay exceeds `maxMs`.
 */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
    private readonly random: () => number,
  ) {}

  /** The delay before the next attempt; each call counts one more failure. */
  next(): number {
    let cap = this.initialMs;
    for (let i = 0; i < this.attempt && cap < this.maxMs; i++) cap *= 2;
    if (cap > this.maxMs) cap = this.maxMs;
    this.attempt++;
    const r = this.random();
    return Math.floor(cap / 2 + (r >= 0 && r < 1 ? r : 0) * (cap / 2));
  }

  /** Consecutive failures counted so far. */
  failures(): number {
    return this.attempt;
  }

  /** After a connection that stayed up: start again from `initialMs`. */
  reset(): void {
    this.attempt = 0;
  }
}
