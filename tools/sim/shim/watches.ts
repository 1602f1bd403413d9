// Node only. Espruino's setWatch on the wired inputs: callbacks get `{state, time, lastTime}` in
// seconds of the simulated clock; `debounce` reports a level only once it has held that long (with
// the time of the edge that started it); `repeat: false` watches once; ids and "Unknown Watch"
// behave as Espruino's.
import { Cancel } from "../../../hal/clock";
import { SimClock } from "../../../hal/sim/clock";

export interface WatchOptions {
  edge: number; // 1 rising, -1 falling, 0 both
  repeat: boolean;
  debounceMs: number;
}

export interface WatchEvent {
  state: boolean;
  timeMs: number;
  lastTimeMs: number;
}

interface Watch {
  stop: Cancel;
}

/** Subscribes to a pin's level changes: returns undefined when nothing can change that pin. */
export type PinSubscribe = (fn: (high: boolean, timeMs: number) => void) => Cancel | undefined;

/** `edge` option of setWatch as Espruino reads it; throws a TypeError-like error for a bad value. */
export function parseWatchOptions(options: any): WatchOptions {
  if (options === null || typeof options !== "object") return { edge: 0, repeat: !!options, debounceMs: 0 };
  let debounce = Number(options.debounce);
  if (!(debounce > 0)) debounce = 0;
  let edge = 0;
  const e = options.edge;
  if (e === "rising" || e === 1) edge = 1;
  else if (e === "falling" || e === -1) edge = -1;
  else if (e === undefined || e === "both" || e === 0) edge = 0;
  else {
    const err: any = new Error("'edge' in setWatch should be a string - either 'rising', 'falling' or 'both'");
    err.code = "WATCH";
    throw err;
  }
  return { edge, repeat: !!options.repeat, debounceMs: debounce };
}

export class EspruinoWatches {
  private readonly live: { [id: number]: Watch } = {};

  constructor(private readonly clock: SimClock, private readonly call: (fn: () => void) => void) {}

  /** Adds a watch; `initial` is the pin's level now. */
  add(subscribe: PinSubscribe, initial: boolean, options: WatchOptions, fn: (e: WatchEvent) => void): number {
    const id = this.nextId();
    const self = this;
    const clock = this.clock;
    let reported = initial;
    let lastChange = clock.now();
    let pending: Cancel | undefined;
    let level = initial;
    let levelSince = lastChange;

    function deliver(state: boolean, timeMs: number): void {
      if (state === reported) return;
      reported = state;
      const prev = lastChange;
      lastChange = timeMs;
      if (options.edge !== 0 && (options.edge === 1) !== state) return;
      if (!options.repeat) self.remove(id);
      self.call(function () {
        fn({ state, timeMs, lastTimeMs: prev });
      });
    }

    const unsubscribe = subscribe(function (high: boolean, timeMs: number) {
      level = high;
      levelSince = timeMs;
      if (options.debounceMs <= 0) {
        deliver(high, timeMs);
        return;
      }
      if (pending) pending();
      pending = clock.after(options.debounceMs, function () {
        pending = undefined;
        deliver(level, levelSince);
      });
    });
    this.live[id] = {
      stop: function () {
        if (pending) pending();
        pending = undefined;
        if (unsubscribe) unsubscribe();
      },
    };
    return id;
  }

  clear(id: unknown): void {
    if (id === undefined) {
      this.clearAll();
      return;
    }
    if (typeof id !== "number" || !this.live[id]) {
      const e: any = new Error("Unknown Watch");
      e.code = "WATCH";
      throw e;
    }
    this.remove(id);
  }

  count(): number {
    return Object.keys(this.live).length;
  }

  clearAll(): void {
    for (const k of Object.keys(this.live)) this.remove(Number(k));
  }

  private remove(id: number): void {
    const w = this.live[id];
    if (!w) return;
    delete this.live[id];
    w.stop();
  }

  private nextId(): number {
    let max = 0;
    for (const k of Object.keys(this.live)) if (Number(k) > max) max = Number(k);
    return max + 1;
  }
}
