/**
 * The recent changes of one simulated signal (a pin level, a PWM duty, an analog value), as
 * (time, value) pairs in a fixed-size ring: bounded memory however long a simulation runs, and no
 * object per entry. Only changes are kept; when full, the oldest change is dropped.
 */
export interface HistoryEntry {
  t: number;
  v: number;
}

export const DEFAULT_HISTORY_CAPACITY = 1024;

export class SignalHistory {
  private times: Float64Array;
  private values: Float64Array;
  private first = 0;
  private count = 0;

  constructor(capacity: number, startMs: number, initial: number) {
    const cap = capacity > 1 ? capacity : 2;
    this.times = new Float64Array(cap);
    this.values = new Float64Array(cap);
    this.push(startMs, initial);
  }

  /** Records `v` at time `t` unless it is the current value. Returns whether it was recorded. */
  push(t: number, v: number): boolean {
    if (this.count > 0 && this.valueAt(this.count - 1) === v) return false;
    const cap = this.times.length;
    let slot: number;
    if (this.count < cap) {
      slot = (this.first + this.count) % cap;
      this.count++;
    } else {
      slot = this.first;
      this.first = (this.first + 1) % cap;
    }
    this.times[slot] = t;
    this.values[slot] = v;
    return true;
  }

  length(): number {
    return this.count;
  }

  /** Time of the i-th retained change, oldest first. */
  timeAt(i: number): number {
    return this.times[(this.first + i) % this.times.length] as number;
  }

  valueAt(i: number): number {
    return this.values[(this.first + i) % this.values.length] as number;
  }

  current(): number {
    return this.valueAt(this.count - 1);
  }

  /** The value in force at time `t` (the oldest retained value if `t` is before it). */
  levelAt(t: number): number {
    let lo = 0;
    let hi = this.count - 1;
    if (this.timeAt(0) > t) return this.valueAt(0);
    // last index with time <= t
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.timeAt(mid) <= t) lo = mid;
      else hi = mid - 1;
    }
    return this.valueAt(lo);
  }

  /** The retained changes as objects (a test convenience; allocates). */
  entries(): HistoryEntry[] {
    const out: HistoryEntry[] = [];
    for (let i = 0; i < this.count; i++) out.push({ t: this.timeAt(i), v: this.valueAt(i) });
    return out;
  }
}
