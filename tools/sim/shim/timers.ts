// Node only. Espruino's timer table on the simulated clock: numeric ids, reused the way Espruino
// reuses them (a new id is one more than the highest live id), `clearTimeout()` with no id clears
// every timer, and a stale id throws "Unknown Timeout" as on a device.
import { Cancel } from "../../../hal/clock";
import { SimClock } from "../../../hal/sim/clock";

interface Timer {
  cancel: Cancel;
  interval: boolean;
  fn: () => void;
}

export class EspruinoTimers {
  private readonly live: { [id: number]: Timer } = {};

  /** `call` runs a callback of the bundle (reporting what it throws). */
  constructor(private readonly clock: SimClock, private readonly call: (fn: () => void) => void) {}

  set(fn: () => void, ms: unknown, interval: boolean): number {
    let delay = Number(ms);
    if (!(delay >= 0)) delay = 0;
    const id = this.nextId();
    const self = this;
    const timer: Timer = { cancel: function () {}, interval, fn };
    if (interval) {
      timer.cancel = this.clock.every(delay, function () {
        self.call(timer.fn);
      });
    } else {
      timer.cancel = this.clock.after(delay, function () {
        delete self.live[id];
        self.call(timer.fn);
      });
    }
    this.live[id] = timer;
    return id;
  }

  /** clearTimeout/clearInterval (interchangeable on Espruino: one table). */
  clear(id: unknown, what: "Timeout" | "Interval"): void {
    if (id === undefined) {
      this.clearAll();
      return;
    }
    const t = typeof id === "number" ? this.live[id] : undefined;
    if (!t) {
      const e: any = new Error("Unknown " + what);
      e.code = "TIMER";
      throw e;
    }
    t.cancel();
    delete this.live[id as number];
  }

  /** changeInterval: the new period applies from now. */
  change(id: unknown, ms: unknown): void {
    const t = typeof id === "number" ? this.live[id] : undefined;
    if (!t || !t.interval) {
      const e: any = new Error("Unknown Interval");
      e.code = "TIMER";
      throw e;
    }
    t.cancel();
    let period = Number(ms);
    if (!(period >= 0)) period = 0;
    const self = this;
    t.cancel = this.clock.every(period, function () {
      self.call(t.fn);
    });
  }

  count(): number {
    return Object.keys(this.live).length;
  }

  clearAll(): void {
    for (const k of Object.keys(this.live)) {
      (this.live[Number(k)] as Timer).cancel();
      delete this.live[Number(k)];
    }
  }

  private nextId(): number {
    let max = 0;
    for (const k of Object.keys(this.live)) if (Number(k) > max) max = Number(k);
    return max + 1;
  }
}
