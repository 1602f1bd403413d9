import { Cancel, Clock } from "../clock";
import { codedError } from "../coded-error";

interface SimTimer {
  id: number;
  due: number;
  period: number;
  fn: () => void;
  live: boolean;
}

/**
 * A clock that only moves when a test advances it. Due timers fire in order of due time, and
 * timers due at the same time fire in the order they were set. `now()` reads the firing
 * timer's due time inside its callback (or later, if `spend` made it fire late).
 */
export class SimClock implements Clock {
  private t: number;
  private timers: SimTimer[] = [];
  private nextId = 1;

  constructor(startMs?: number) {
    this.t = startMs || 0;
  }

  now(): number {
    return this.t;
  }

  after(ms: number, fn: () => void): Cancel {
    return this.add(ms, 0, fn);
  }

  every(ms: number, fn: () => void): Cancel {
    return this.add(ms, ms > 0 ? ms : 1, fn);
  }

  /**
   * Time spent inside a synchronous call (an SPI transfer, a busy wait): moves now() forward
   * without firing timers. Timers that fell due meanwhile fire late, at the next advance, as on a
   * device where a busy event loop delays them.
   */
  spend(ms: number): void {
    if (ms > 0) this.t += ms;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    this.advanceTo(this.t + ms);
  }

  advanceTo(target: number): void {
    if (target < this.t) throw codedError("ARGS", "SimClock: time cannot go backwards");
    for (;;) {
      const next = this.nextDue();
      if (!next || next.due > target) break;
      if (next.due > this.t) this.t = next.due;
      if (next.period > 0) next.due += next.period;
      else this.remove(next);
      next.fn();
    }
    if (target > this.t) this.t = target;
  }

  /** Fires timers until none is left or `limitMs` has passed; returns the time reached. */
  runUntilIdle(limitMs: number): number {
    const end = this.t + limitMs;
    for (;;) {
      const next = this.nextDue();
      if (!next || next.due > end) break;
      this.advanceTo(next.due > this.t ? next.due : this.t);
    }
    return this.t;
  }

  /** Number of timers still pending. */
  pending(): number {
    return this.timers.length;
  }

  /** Time of the next pending timer, or undefined. */
  nextTimerAt(): number | undefined {
    const n = this.nextDue();
    return n ? n.due : undefined;
  }

  /** Drops every timer (a power cut takes the running program with it). */
  clearAll(): void {
    for (const t of this.timers) t.live = false;
    this.timers = [];
  }

  private add(ms: number, period: number, fn: () => void): Cancel {
    const timer: SimTimer = { id: this.nextId++, due: this.t + (ms > 0 ? ms : 0), period: period, fn: fn, live: true };
    this.timers.push(timer);
    const self = this;
    return function () {
      if (timer.live) self.remove(timer);
    };
  }

  private remove(timer: SimTimer): void {
    timer.live = false;
    const i = this.timers.indexOf(timer);
    if (i >= 0) this.timers.splice(i, 1);
  }

  private nextDue(): SimTimer | undefined {
    let best: SimTimer | undefined;
    for (const t of this.timers) {
      if (!best || t.due < best.due || (t.due === best.due && t.id < best.id)) best = t;
    }
    return best;
  }
}
