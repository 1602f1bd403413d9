// Simulated time that follows real time, for firmware on a simulated board that talks to real
// peers over real sockets (Node-only). The SimClock is advanced by the real time elapsed every
// few milliseconds, so socket events (Node's event loop) and firmware timers interleave as on a
// device. `skip` jumps ahead quickly (in steps, yielding to the event loop between them) when a
// test must pass minutes of idle time.
import { SimClock } from "../../hal/sim/clock";

export class RealTimeClockPump {
  private timer: NodeJS.Timeout | undefined;
  private last = 0;
  /** An error thrown by firmware code inside a timer (reported by `check`). */
  error: unknown;

  constructor(readonly clock: SimClock, private readonly tickMs = 2) {}

  start(): void {
    if (this.timer) return;
    this.last = Date.now();
    this.timer = setInterval(() => this.tick(), this.tickMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Moves simulated time `ms` ahead in `stepMs` steps, letting sockets run between steps. */
  async skip(ms: number, stepMs = 200): Promise<void> {
    const end = this.clock.now() + ms;
    while (this.clock.now() < end) {
      this.run(Math.min(stepMs, end - this.clock.now()));
      await new Promise((r) => setImmediate(r));
    }
    this.last = Date.now();
  }

  /** Throws the first error a firmware timer threw. */
  check(): void {
    if (this.error) throw this.error;
  }

  private tick(): void {
    const now = Date.now();
    const d = now - this.last;
    this.last = now;
    if (d > 0) this.run(d);
  }

  private run(ms: number): void {
    try {
      this.clock.advance(ms);
    } catch (e) {
      if (!this.error) this.error = e;
    }
  }
}

/** Waits (real time) until `cond` holds; rejects after `timeoutMs`. */
export function until(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (cond()) return resolve();
      if (Date.now() - start > timeoutMs) return reject(new Error("timed out waiting for " + what));
      setTimeout(poll, 3);
    };
    poll();
  });
}
