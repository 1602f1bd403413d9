import { Cancel, Clock } from "../clock";

/** Real time on Node (tests against real peers, tools). */
export class NodeClock implements Clock {
  private readonly origin = Date.now();

  now(): number {
    return Date.now() - this.origin;
  }

  after(ms: number, fn: () => void): Cancel {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  }

  every(ms: number, fn: () => void): Cancel {
    const t = setInterval(fn, ms);
    return () => clearInterval(t);
  }
}
